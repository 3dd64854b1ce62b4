"""The two messages about one's own login: a link to choose a new password, and the notice of a two-step reset.

A forgotten password: ``request_reset`` records a random token's SHA-256 (never the token) with 30 minutes to live
and the message carrying the link (sealed until sent, ``mail/outbox.py``); the link is built from OMTANKE_BASE_URL,
never from a request's Host. ``reset_password`` uses the link once: one conditional UPDATE marks it used, so two
requests racing with the same link cannot both set a password. The new password obeys the account's rules
(``services.check_password_rules``) and every session of the account ends. Only an active account gets a link;
the page asking for it answers the same for every address (``reset_views.py``).

A locked account (``locked_at``, after 10 failed passwords or codes in a row) stays locked after a reset: the lock
also stops the guessing of two-step codes, and a mailbox alone must not buy an attacker new guesses at them. Its
owner gets the new password and is told that an administrator must unlock the account. Two-step login is untouched:
a reset proves the mailbox, not the authenticator.

Never reads the request or sends anything: whoever records a message commits, then hands it to
``mail.delivery.submit`` (the SMTP server's time never shows in a page); ``reset_password`` commits itself, as
``services.change_password`` does.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import force_locale, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from survey_app import audit
from survey_app.auth import services
from survey_app.clock import local_time
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.mail import links, outbox
from survey_app.models import AuditEvent, OutgoingMail, PasswordReset, User

#: How long a link works (and only once).
LINK_MINUTES = 30
LINK_LIFETIME = timedelta(minutes=LINK_MINUTES)


class ResetLinkRefusedError(DomainError):
    """The link is unknown, used, replaced or expired: one answer for all, the page to ask for a new one."""

    status = 410


def _refused() -> ResetLinkRefusedError:
    return ResetLinkRefusedError(_l("This link has expired or has already been used"))


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a link's token, as stored: a copy of the database holds no working link."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def _replace_open_links(user: User, now: datetime) -> None:
    """A new link replaces the account's older ones: only the latest message works, and an older message still
    waiting to be sent (the mail server was down) is not sent at all."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(OutgoingMail)
        .where(
            OutgoingMail.user_id == user.id,
            OutgoingMail.kind == "password_reset",
            OutgoingMail.status == "queued",
        )
        .values(status="failed", last_error="replaced", secret=None)
        .execution_options(synchronize_session=False)
    )


def request_reset(email: str, now: datetime) -> OutgoingMail | None:
    """Record a new link for the active account with this address and its message; None for any other address.

    A token is drawn and hashed before the account is looked up, whatever the address, and the slow part, sending,
    happens after the answer (the caller commits, then hands the message to ``delivery.submit``): the answer's
    timing says as little as its words.
    """
    token = secrets.token_urlsafe(32)
    digest = token_hash(token)
    user = services.find_user_by_email(email)
    if user is None or not user.active:
        return None
    _replace_open_links(user, now)
    link = PasswordReset(user_id=user.id, token_hash=digest, created_at=now, expires_at=now + LINK_LIFETIME)
    db.session.add(link)
    db.session.flush()
    secret_link = links.absolute(links.path_for("auth.reset_password", token=token))
    mail = outbox.queue_mail(
        "password_reset",
        key=str(link.id),
        user=user,
        params={"minutes": LINK_MINUTES},
        secret_link=secret_link,
        expires_at=link.expires_at,
    )
    audit.record(user, "auth.password_reset_requested", "user", user.id)
    return mail


def _open_link(token: str, now: datetime) -> PasswordReset | None:
    return db.session.scalar(
        select(PasswordReset).where(
            PasswordReset.token_hash == token_hash(token),
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
        )
    )


def _valid_link(token: str, now: datetime) -> tuple[PasswordReset, User]:
    link = _open_link(token, now) if token else None
    user = db.session.get(User, link.user_id) if link is not None else None
    if link is None or user is None or not user.active:
        raise _refused()
    return link, user


def check_token(token: str, now: datetime) -> User:
    """The active account whose unused, unexpired link holds ``token``; ``ResetLinkRefusedError`` otherwise."""
    return _valid_link(token, now)[1]


def _use_link(link: PasswordReset, now: datetime) -> bool:
    """Mark the link used, if no other request has: True for the one request that did."""
    used = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == link.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def reset_password(token: str, new_password: str, now: datetime) -> User:
    """Set the new password of the link's account and use the link up, in one transaction; every session ends.

    A password the rules refuse leaves the link usable. The failed-login count starts again from zero unless the
    account is locked: then the count stays for the administrator who unlocks it (see the module's docstring).
    """
    link, user = _valid_link(token, now)
    services.check_password_rules(new_password, user.email, user.name, "new_password")
    if not _use_link(link, now):  # another request used it a moment ago
        raise _refused()
    user.password_hash = services.hash_password(new_password)
    user.session_version += 1
    if user.locked_at is None:
        user.failed_logins = 0
    audit.record(user, "user.password_reset", "user", user.id)
    db.session.commit()
    return user


def queue_two_step_notice(user: User, event: AuditEvent) -> OutgoingMail | None:
    """Record the notice that an administrator reset ``user``'s two-step login (``event``, the reset's audit entry,
    already flushed): once per reset, with its date in the recipient's language, and no secret."""
    with force_locale(outbox.language_of(user)):
        when = format_date(local_time(event.at).date(), format="long")
    return outbox.queue_mail(
        "two_step_reset",
        key=str(event.id),
        user=user,
        params={"date": when},
        link=links.path_for("auth.login"),
    )
