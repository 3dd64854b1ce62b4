"""Talking to the mail server: the ``OMTANKE_SMTP_URL`` setting, one connection, one message, and what an error means.

``smtp://user:pass@host:587`` sends over STARTTLS and refuses to go on in the clear when the server does not offer
it; ``smtps://host:465`` speaks TLS from the first byte; ``?tls=none`` (a relay on the same machine, the tests) sends
without TLS. Certificates are checked with the system's trust store (``ssl.create_default_context``). The user name
and password are URL-decoded, so ``%40`` in a user name is an ``@``; no error message ever repeats the password.

An error is told apart here (``classify``) by what it means for delivery: a server that cannot be reached or refuses
to talk (every waiting message is tried again later), a recipient refused for good, or one message's passing trouble.
This module imports only the standard library, so that the settings can check the URL when the app starts.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from survey_app.mail.render import Rendered

#: Seconds to wait for the server on connecting and on each command, unless OMTANKE_SMTP_TIMEOUT says otherwise.
DEFAULT_TIMEOUT = 20.0
#: The default port of each way of securing the connection.
PORTS = {"starttls": 587, "tls": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: the server, how the connection is secured ("starttls", "tls" or "none") and the login."""

    host: str
    port: int
    security: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Failure:
    """What a failed attempt means: ``key`` for the message's ``last_error``; ``permanent``: never try again;
    ``server``: the server or the connection failed, so every message waiting in this pass is tried again later."""

    key: str
    permanent: bool = False
    server: bool = False


class TlsUnavailableError(smtplib.SMTPException):
    """The server does not offer STARTTLS on an ``smtp://`` URL: nothing is sent in the clear."""


def parse_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> SmtpSettings:
    """``OMTANKE_SMTP_URL`` as settings; a ValueError naming what is wrong (never the password) otherwise."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps"):
        raise ValueError(
            "OMTANKE_SMTP_URL must start with smtp:// (STARTTLS, e.g. smtp://user:password@mail.example.org:587) or "
            f"smtps:// (TLS, port 465), not {scheme + '://' if scheme else 'no scheme'}"
        )
    if not parts.hostname:
        raise ValueError("OMTANKE_SMTP_URL names no mail server, e.g. smtp://user:password@mail.example.org:587")
    try:
        port = parts.port
    except ValueError as error:
        raise ValueError(f"OMTANKE_SMTP_URL: the port is not a number from 1 to 65535 ({error})") from None
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"tls"})
    if unknown:
        raise ValueError(f"OMTANKE_SMTP_URL: unknown option {unknown[0]!r} (the only option is ?tls=none)")
    tls = query.get("tls", [""])[-1].lower()
    if tls not in ("", "none") or (tls == "none" and scheme == "smtps"):
        raise ValueError("OMTANKE_SMTP_URL: ?tls=none is the only tls option, and only with smtp:// (a local relay)")
    security = "tls" if scheme == "smtps" else ("none" if tls == "none" else "starttls")
    return SmtpSettings(
        host=parts.hostname,
        port=port or PORTS[security],
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=timeout,
    )


def configured(url: str | None, base_url: str | None, timeout: float | None = None) -> SmtpSettings | None:
    """The SMTP settings, or None when no server is set (messages stay in the outbox). A ValueError when the URL is
    wrong, or when the installation's public address (OMTANKE_BASE_URL) is missing: a link in an e-mail would
    otherwise point nowhere, or be made from a request's forgeable Host."""
    if not url:
        return None
    settings = parse_url(url, timeout or DEFAULT_TIMEOUT)
    if not base_url:
        raise ValueError(
            "OMTANKE_SMTP_URL is set but OMTANKE_BASE_URL is not: links in e-mail need the installation's public "
            "address, e.g. OMTANKE_BASE_URL=https://omtanke.example.org"
        )
    return settings


def address_of(sender: str) -> str:
    """The bare address of a From header ("Omtanke <omtanke@kommun.se>" → "omtanke@kommun.se")."""
    return parseaddr(sender)[1] or sender


@contextmanager
def connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """One connection to the server, secured as the settings say and logged in when they name a user; closed after.
    Raises ``TlsUnavailableError`` on an ``smtp://`` server without STARTTLS, before anything else is sent."""
    context = ssl.create_default_context()
    if settings.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        client.ehlo()
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise TlsUnavailableError("the server does not offer STARTTLS")
            client.starttls(context=context)
            client.ehlo()
        if settings.username:
            client.login(settings.username, settings.password or "")
        yield client
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def build_message(rendered: Rendered, to: str, sender: str, locale: str, now: datetime) -> EmailMessage:
    """The e-mail itself: plain text with an HTML alternative, marked as sent automatically (no out-of-office
    replies), with a Message-ID under the sender's own domain and ``now`` (naive UTC) as its date."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now.replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain=address_of(sender).rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    message["Content-Language"] = locale  # after the parts: making them moves Content-* headers into the first
    return message


def send(client: smtplib.SMTP, message: EmailMessage, sender: str, to: str) -> None:
    """Hand ``message`` for ``to`` to the server; raises what smtplib raises (see ``classify``)."""
    client.send_message(message, from_addr=address_of(sender), to_addrs=[to])


def classify(error: Exception) -> Failure:
    """What an error while sending one message means for it and for the messages after it."""
    if isinstance(error, TlsUnavailableError):
        return Failure("tls_unavailable", server=True)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        refused_for_good = bool(codes) and all(code >= 500 for code in codes)
        return Failure("recipient_refused", permanent=True) if refused_for_good else Failure("temporary")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Failure("login", server=True)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return Failure("sender_refused", server=True)
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return Failure("connection", server=True)
    if isinstance(error, smtplib.SMTPNotSupportedError):  # e.g. an address that needs SMTPUTF8 the server lacks
        return Failure("not_supported", permanent=True)
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == 421:  # the server is closing the connection
            return Failure("temporary", server=True)
        return Failure("rejected", permanent=True) if error.smtp_code >= 500 else Failure("temporary")
    if isinstance(error, ssl.SSLError):
        return Failure("tls", server=True)
    if isinstance(error, OSError):  # refused, timed out, unreachable, reset
        return Failure("connection", server=True)
    return Failure("temporary", server=True)


def classify_connecting(error: Exception) -> Failure:
    """What an error while connecting or logging in means: the server's trouble, never the message's for good."""
    return replace(classify(error), permanent=False, server=True)
