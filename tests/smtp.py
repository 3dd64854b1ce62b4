"""A real SMTP server in the test process (aiosmtpd), to read what Omtanke sent exactly as a mail server got it.

``smtp_server`` listens on a free port of 127.0.0.1 and keeps every message it accepted, parsed. It can refuse
chosen recipients (550, a bad address) and be taken down and brought back on the same port (an outage). The app of
a test that uses it sends there: ``OMTANKE_SMTP_URL`` is set to the server (plain SMTP, ``?tls=none``: no
certificate on a test server) for the test's duration.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        """The text of the ``plain`` or ``html`` part ('' when there is none)."""
        body = self.message.get_body(preferencelist=(subtype,))
        return body.get_content() if body is not None and body.get_content_subtype() == subtype else ""

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def html(self) -> str:
        return self.part("html")


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        if address.lower() in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """The test's mail server: ``messages`` so far, ``to(address)``, ``refuse(address)``, ``down()`` and ``up()``."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?tls=none"

    @property
    def messages(self) -> list[Received]:
        return list(self.handler.received)

    def to(self, address: str) -> list[Received]:
        """The messages that reached ``address``."""
        return [message for message in self.handler.received if address.lower() in map(str.lower, message.recipients)]

    def refuse(self, address: str) -> None:
        """Answer 550 for this recipient from now on."""
        self.handler.refused.add(address.lower())

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until at least ``count`` messages arrived (a sender on another thread or process), then return all."""
        deadline = time.monotonic() + timeout
        while len(self.handler.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def up(self) -> None:
        if self._controller is None:
            self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def down(self) -> None:
        """Stop listening: a connection to the port is refused, as when the mail server is down."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server(app) -> SmtpServer:
    """A running SMTP server the test's app sends to (``OMTANKE_SMTP_URL``), stopped afterwards."""
    server = SmtpServer()
    server.up()
    app.config["OMTANKE_SMTP_URL"] = server.url
    app.config["OMTANKE_MAIL_FROM"] = "Omtanke <omtanke@example.org>"
    app.config["OMTANKE_BASE_URL"] = app.config.get("OMTANKE_BASE_URL") or "https://omtanke.example.org"
    try:
        yield server
    finally:
        server.down()
