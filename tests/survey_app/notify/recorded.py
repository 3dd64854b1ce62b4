"""What the reminder rules recorded: one home for the notify tests' reading of the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import OutgoingMail


def mails(kind: str | None = None) -> list[OutgoingMail]:
    """Every recorded message (of ``kind``), oldest first."""
    query = select(OutgoingMail).order_by(OutgoingMail.id)
    if kind is not None:
        query = query.where(OutgoingMail.kind == kind)
    return list(db.session.scalars(query))


def run_rule(queue_due: Callable[[date], int], day: date) -> int:
    """Run one rule for ``day`` and commit, as ``omtanke notify run`` does; how many messages it recorded."""
    recorded = queue_due(day)
    db.session.commit()
    return recorded
