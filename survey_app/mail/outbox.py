"""Recording a message: once per key, only to an active person who has not turned the kind off, in their language.

``queue_mail`` is the one way a message comes to exist. Rules call it for every person they would remind; it decides
whether a message is recorded. The key names the thing and the day ("step 42, follow-up of 2026-12-10"); the person
is added here, so each person gets one message per key however often and in how many processes the rules run: the
unique ``dedupe_key`` makes a racing second insert fail, and that is taken as "already recorded".
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from survey_app.db import db
from survey_app.mail import kinds, render
from survey_app.mail.secrets import seal
from survey_app.models import NotificationChoice, OutgoingMail, User


def wants(user: User, kind: str) -> bool:
    """Whether ``user`` gets ``kind`` messages: always for kinds that cannot be turned off, else their choice (on by
    default) for kinds of their role."""
    mail_kind = kinds.kind(kind)
    if not mail_kind.optional:
        return True
    if user.role not in mail_kind.roles:
        return False
    choice = db.session.scalar(
        select(NotificationChoice.enabled).where(NotificationChoice.user_id == user.id, NotificationChoice.kind == kind)
    )
    return True if choice is None else choice


def language_of(user: User | None) -> str:
    """The language a person's messages are written in: their own choice, else the installation's."""
    return (user.locale if user is not None else None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def queue_mail(
    kind: str,
    key: str,
    user: User | None = None,
    *,
    to: str | None = None,
    params: dict | None = None,
    link: str | None = None,
    secret_link: str | None = None,
    expires_at: datetime | None = None,
) -> OutgoingMail | None:
    """Record a ``kind`` message about ``key`` for ``user`` (or to the address ``to``), in the caller's transaction;
    None when it is recorded already, the person is inactive or turned the kind off. ``link`` is a path in the app
    (``links.path_for``); ``secret_link`` is kept encrypted and masked on the outbox page."""
    if user is not None:
        if not user.active or not wants(user, kind):
            return None
        to = user.email
    if not to:
        raise ValueError("a message needs a person or an address")
    dedupe_key = f"{kind}:{key}:{user.id if user is not None else to.lower()}"[:200]
    if db.session.scalar(select(OutgoingMail.id).where(OutgoingMail.dedupe_key == dedupe_key)) is not None:
        return None
    locale = language_of(user)
    values = params or {}
    mail = OutgoingMail(
        dedupe_key=dedupe_key,
        kind=kind,
        user=user,
        to_address=to,
        locale=locale,
        subject=render.subject(kind, values, locale),
        params=values,
        link_path=link,
        secret=seal(secret_link) if secret_link else None,
        expires_at=expires_at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(mail)
    except IntegrityError:  # another process recorded the same key a moment ago
        return None
    return mail
