"""``omtanke notify run``: record every reminder due on the day, then send what is waiting (retries included).

Idempotent: the rules record each message once per key (``outbox.queue_mail``), and ``delivery.deliver_due`` claims
each message before sending it, so two runs — one after the other, or at once in two processes — send nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from survey_app.db import db, utcnow
from survey_app.mail import delivery
from survey_app.notify import digest, follow_ups, person_tasks, rounds

#: The rules, in the order they run; each records its messages for ``today`` and returns how many it recorded.
RULES = (follow_ups.queue_due, rounds.queue_due, digest.queue_due, person_tasks.queue_due)


@dataclass(frozen=True)
class RunReport:
    """What a run did: messages recorded by the rules, and what sending them did."""

    recorded: int
    delivery: delivery.DeliveryReport


def run(today: date, now: datetime) -> RunReport:
    """Record what is due on ``today`` (the organisation's day) and send what is waiting at ``now`` (UTC, naive; what
    the rules recorded just now is due too, so a run sends its own messages at once)."""
    recorded = 0
    for rule in RULES:
        recorded += rule(today)
        db.session.commit()
    return RunReport(recorded, delivery.deliver_due(max(now, utcnow())))
