"""What people do on the mail pages: a person saves which reminders they get, an administrator sends a failed
message again.

A person changes only their own choices, and only for the kinds of their role that may be turned off: a choice
posted for any other kind is ignored. A message is sent again only when it failed and never held a secret: a
password-reset link that did not go out is dead, and the person asks for a new one.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app import audit
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.mail import queries
from survey_app.models import NotificationChoice, OutgoingMail, User


def save_choices(user: User, wanted: dict[str, bool]) -> list[str]:
    """Store ``user``'s choice for each kind in ``wanted`` they may turn off, audit what changed (kind keys only)
    and commit; the keys of the kinds that changed."""
    current = queries.choices(user)
    changed = {key: bool(on) for key, on in wanted.items() if key in current and current[key] != bool(on)}
    if not changed:
        return []
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationChoice).where(
                NotificationChoice.user_id == user.id, NotificationChoice.kind.in_(list(changed))
            )
        )
    }
    for key, on in changed.items():
        row = rows.get(key) or NotificationChoice(user_id=user.id, kind=key)
        row.enabled = on
        db.session.add(row)
    audit.record(
        user,
        "notifications.changed",
        "user",
        user.id,
        turned_on=sorted(key for key, on in changed.items() if on),
        turned_off=sorted(key for key, on in changed.items() if not on),
    )
    db.session.commit()
    return sorted(changed)


def can_send_again(mail: OutgoingMail) -> bool:
    """Whether an administrator may send ``mail`` again: it failed, and it never held a secret link."""
    return mail.status == "failed" and mail.secret is None and mail.expires_at is None


def send_again(actor: User, mail: OutgoingMail, now: datetime) -> None:
    """Put a failed message back in the queue, due ``now``, with its attempts counted from zero; audited, committed.
    The next delivery pass (``omtanke notify run``, or the job queue) sends it."""
    if mail.status != "failed":
        raise DomainError(_l("Only a message that failed can be sent again."))
    if not can_send_again(mail):
        raise DomainError(_l("A message with a secret link is never sent again: the person asks for a new link."))
    audit.record(actor, "mail.send_again", "mail", mail.id, last_error=mail.last_error, attempts=mail.attempts)
    mail.status = "queued"
    mail.next_attempt_at = now
    mail.attempts = 0
    mail.last_error = None
    db.session.commit()
