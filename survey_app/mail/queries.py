"""Read models of the mail pages: a person's choices per kind, and the administrators' outbox.

The outbox page shows what was recorded about each message (to, kind, subject, status, attempts, why it failed),
never its secret: the body is rendered only on a message's own page, and there masked (``render.render(masked=True)``).
Each page's data comes in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_time
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey_app import clock
from survey_app.db import db
from survey_app.mail import kinds
from survey_app.models import MAIL_STATUSES, NotificationChoice, OutgoingMail, User

PAGE_SIZE = 50

#: A message's status as the outbox page names it.
STATUS_LABELS = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "outbox": _l("Kept in the outbox"),
    "failed": _l("Failed"),
}

#: Why the last attempt failed (``OutgoingMail.last_error``), in a few words.
ERROR_LABELS = {
    "connection": _l("The mail server could not be reached"),
    "temporary": _l("The mail server refused it for now"),
    "bad_address": _l("The address is not a valid e-mail address"),
    "recipient_refused": _l("The mail server refused the recipient"),
    "tls_unavailable": _l("The mail server offers no encrypted connection"),
    "expired": _l("The link in it expired before it could be sent"),
    "gave_up": _l("Too many failed attempts"),
    "interrupted": _l("The sender stopped while sending it; it was queued again"),
    "template": _l("The message could not be written out; see the log"),
    "secret_unreadable": _l("Its link could not be decrypted (the secret key changed)"),
    "replaced": _l("A newer password link replaced it before it was sent"),
}


def status_label(status: str) -> str:
    """The status in the reader's language; an unknown one as its key."""
    return str(STATUS_LABELS.get(status, status))


def error_label(key: str | None) -> str:
    """Why the last attempt failed, in the reader's language; an unknown key as itself, none as empty."""
    if not key:
        return ""
    return str(ERROR_LABELS.get(key, key))


def kind_label(key: str) -> str:
    """A kind's label from the registry; a kind no longer registered as its key."""
    mail_kind = kinds.KINDS.get(key)
    return str(mail_kind.label) if mail_kind is not None else key


def moment(value: datetime | None) -> str:
    """A stored UTC timestamp as the organisation's local date and time in the reader's format; none as empty."""
    if value is None:
        return ""
    local = clock.local_time(value)
    return f"{format_date(local.date(), 'short')} {format_time(local, 'short', rebase=False)}"


def choices(user: User) -> dict[str, bool]:
    """kind → whether ``user`` gets it, for every kind of their role that they may turn off (on without a row), in
    the registry's order; the same answer ``outbox.wants`` gives kind by kind, in one query."""
    stored = dict(
        db.session.execute(
            select(NotificationChoice.kind, NotificationChoice.enabled).where(NotificationChoice.user_id == user.id)
        ).all()
    )
    return {
        mail_kind.key: stored.get(mail_kind.key, True) for mail_kind in kinds.kinds_for(user.role) if mail_kind.optional
    }


@dataclass(frozen=True)
class OutboxFilter:
    """The outbox page's filters: a status and a kind, each empty for all."""

    status: str = ""
    kind: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> OutboxFilter:
        """The filters of a query string; an unknown status or kind is ignored rather than refused."""
        status = args.get("status", "")
        kind = args.get("kind", "")
        return cls(status if status in MAIL_STATUSES else "", kind if kind in kinds.KINDS else "")


def outbox_page(filters: OutboxFilter, page: int = 1):
    """One page of messages, newest first, of the status and kind ``filters`` name."""
    query = select(OutgoingMail).order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
    if filters.status:
        query = query.where(OutgoingMail.status == filters.status)
    if filters.kind:
        query = query.where(OutgoingMail.kind == filters.kind)
    return db.paginate(query, page=max(page, 1), per_page=PAGE_SIZE, error_out=False)


def status_counts() -> dict[str, int]:
    """status → how many messages have it, every status listed (zero included), in the lifecycle's order."""
    counted = dict(db.session.execute(select(OutgoingMail.status, func.count()).group_by(OutgoingMail.status)).all())
    return {status: counted.get(status, 0) for status in MAIL_STATUSES}
