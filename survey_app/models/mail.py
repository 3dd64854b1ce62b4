"""E-mail Omtanke sends: every message's record, each person's choice per kind, and password-reset links (issue 22).

A message is recorded before it is sent and the record is the outbox: the SMTP delivery, its retries and the
administrators' outbox page all work from it. It keeps who it went to, its subject, kind, times and status, and the
plain values its template needs (counts, dates, a unit's name, a path in the app) — never survey answers, free text
or a person's absence figures, which no kind's template takes. A secret (a password-reset link) is kept only
encrypted, and only until the message is sent or the link has expired.

``dedupe_key`` is unique: a reminder is recorded once per person, thing and day however many ``omtanke notify run``
processes race, and a message is claimed by one sender only (``status`` queued → sending, one UPDATE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User

#: queued: waiting to be sent (again, after ``next_attempt_at``); sending: claimed by one sender; sent: the SMTP
#: server accepted it; outbox: no SMTP server is configured, it is kept for administrators to read; failed: refused
#: for good (a bad address, too many attempts, an expired link).
MAIL_STATUSES = ("queued", "sending", "sent", "outbox", "failed")


class OutgoingMail(Base):
    """One e-mail to one address: its record, its delivery state and what its template needs."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'outbox', 'failed')", name="known_status"),
        Index("ix_outgoing_mail_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One message per key: "<kind>:<thing>:<day or week>:<user>", so a second run finds it and records nothing.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    #: A kind of ``survey_app.mail.kinds.KINDS``: which template, who may turn it off.
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    #: The language it was written in (sv, fi, en): the recipient's, else the installation's.
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(250))
    #: Plain values the kind's template takes (counts, dates, names of units and rounds): never answers or free text.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The path in the app the message is about ("/plans/cases/12"), made absolute with OMTANKE_BASE_URL when shown.
    link_path: Mapped[str | None] = mapped_column(String(500))
    #: A secret link (password reset), encrypted with a key derived from SECRET_KEY; emptied once sent or expired.
    secret: Mapped[str | None] = mapped_column(Text)
    #: When the secret stops working: a message still unsent by then is failed ("expired"), never sent late.
    expires_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Why the last attempt failed, as a short key ("connection", "recipient_refused", "expired" ...); no traceback.
    last_error: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()


class NotificationChoice(Base):
    """A person's choice for one kind of reminder; without a row the kind's default applies (on)."""

    __tablename__ = "notification_choices"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool]


class PasswordReset(Base):
    """A password-reset link: only a SHA-256 of its token is stored; it works once, for 30 minutes."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 (hex) of the random token in the link; the token itself is never stored in the clear.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    #: Set when the link was used (or replaced by a newer one): it is refused from then on.
    used_at: Mapped[datetime | None]
