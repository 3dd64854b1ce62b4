"""HR's weekly digest: what asks for HR's attention across the organisation, as counts with links.

Once per person and ISO week, recorded by the first ``omtanke notify run`` of the week on or after
``DIGEST_WEEKDAY`` (cron runs daily; a missed Monday goes on Tuesday). It counts new person signals and units with a
new signal of high short-term absence (present today, not seven days earlier: both days computed by the absence
rules' own services and compared by signal in memory), plan steps overdue and follow-ups missed (``plans.due``), and
open cases without any activity for ``INACTIVE_DAYS``. It never names an employee, shows an employee id or a
person's figure: "3 new person signals", and the signals page behind the login says whose.

A run with nothing to count records nothing: a digest saying "nothing to do" would teach people to skip the ones that
matter (a later run the same week sends it if something has come up by then). HR sees the whole organisation, so the
counts are the same for every HR user; they are computed once per run, with the first recipient's scope, by the absence
services' counting functions, which record no read: nobody reads a signal, and the message holds only numbers (the
pages behind its links log their reads). The message's own link is the plans page; the signals pages' links go in its
values, made absolute when recorded (the same run sends them).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, func, select

from survey_app.absence.services import person_signals_to_count, unit_signals_to_count
from survey_app.access import unit_scope
from survey_app.db import db
from survey_app.mail.links import absolute, path_for
from survey_app.mail.outbox import queue_mail, wants
from survey_app.models import (
    CaseStage,
    FollowUp,
    InterventionCase,
    OutgoingMail,
    PlanStep,
    Role,
    StepChange,
    User,
)
from survey_app.plans.due import steps_needing_attention

KIND = "hr_digest"
#: The weekday (Monday 0) from which a week's digest is recorded: the first run on or after it in each ISO week.
DIGEST_WEEKDAY = 0
#: A signal is new if the rules did not give it this many days earlier.
NEW_SINCE_DAYS = 7
#: An open case without a stage reached, a follow-up held or recorded, or a step changed for this many days.
INACTIVE_DAYS = 30


@dataclass(frozen=True)
class Digest:
    """The week's counts: new person signals, units with a new unit signal, overdue steps, missed follow-ups,
    open cases without activity."""

    person_signals: int
    unit_signals: int
    overdue_steps: int
    missed_follow_ups: int
    inactive_cases: int

    def __bool__(self) -> bool:
        """Whether there is anything to tell."""
        return any(asdict(self).values())


def week_key(today: date) -> str:
    """The ISO week ``today`` falls in, as the digest's key: "digest:2026-W49"."""
    year, week, _ = today.isocalendar()
    return f"digest:{year}-W{week:02d}"


def new_person_signals(actor: User, today: date) -> int:
    """Person signals the actor may see today that the rules did not give ``NEW_SINCE_DAYS`` earlier (by employee
    and rule: a signal kept is not new, a person reaching a further level is)."""
    return len(person_signals_to_count(actor, today) - person_signals_to_count(actor, today - _since()))


def new_unit_signals(actor: User, today: date) -> int:
    """Units with a signal of high short-term absence today (its latest full month) that they did not have
    ``NEW_SINCE_DAYS`` earlier (by unit and rule). Unit signals are monthly: one is new in the week its month
    becomes the latest full one."""
    new = unit_signals_to_count(actor, today) - unit_signals_to_count(actor, today - _since())
    return len({unit for unit, _ in new})


def _since() -> timedelta:
    return timedelta(days=NEW_SINCE_DAYS)


def inactive_cases(actor: User, today: date) -> int:
    """Open cases of the actor's units opened more than ``INACTIVE_DAYS`` ago with no stage reached, no follow-up
    held or recorded and no step changed since then: one query."""
    since = today - timedelta(days=INACTIVE_DAYS)
    since_at = datetime.combine(since, time())  # stored times are naive UTC
    case = InterventionCase.id
    staged = exists().where(CaseStage.case_id == case, CaseStage.reached_on >= since)
    followed = (
        exists()
        .where(FollowUp.step_id == PlanStep.id, PlanStep.case_id == case)
        .where((FollowUp.held_on >= since) | (FollowUp.recorded_at >= since_at))
    )
    changed = exists().where(StepChange.step_id == PlanStep.id, PlanStep.case_id == case, StepChange.at >= since_at)
    query = select(func.count(case)).where(
        InterventionCase.closed_on.is_(None), InterventionCase.opened_on < since, ~staged, ~followed, ~changed
    )
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(InterventionCase.unit_id.in_(scope))
    return db.session.scalar(query) or 0


def digest_for(actor: User, today: date) -> Digest:
    """The week's counts as ``actor`` may see them."""
    attention = steps_needing_attention(actor, today)
    return Digest(
        person_signals=new_person_signals(actor, today),
        unit_signals=new_unit_signals(actor, today),
        overdue_steps=sum(due.overdue for due in attention),
        missed_follow_ups=sum(due.follow_up_missed for due in attention),
        inactive_cases=inactive_cases(actor, today),
    )


def recipients(today: date) -> list[User]:
    """Active HR users who want the digest and have not had this week's yet."""
    had = select(OutgoingMail.user_id).where(
        OutgoingMail.kind == KIND, OutgoingMail.dedupe_key.startswith(f"{KIND}:{week_key(today)}:", autoescape=True)
    )
    query = select(User).where(User.role == Role.HR.value, User.active.is_(True), User.id.not_in(had))
    return [user for user in db.session.scalars(query.order_by(User.id)) if wants(user, KIND)]


def queue_due(today: date) -> int:
    """Record this week's digest for every HR user who has not had it, if there is anything to tell; how many were
    recorded."""
    if today.weekday() < DIGEST_WEEKDAY:
        return 0
    people = recipients(today)
    if not people:
        return 0
    counts = digest_for(people[0], today)
    if not counts:
        return 0
    params = asdict(counts) | {
        "signals_link": absolute(path_for("absence.signals")),
        "absence_link": absolute(path_for("absence.overview")),
        "inactive_days": INACTIVE_DAYS,
    }
    link = path_for("plans.overview")
    return sum(queue_mail(KIND, week_key(today), person, params=params, link=link) is not None for person in people)
