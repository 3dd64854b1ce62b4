"""A person's talks, meetings and plans: open one, change it, record it held, close it, list them.

Four kinds (``PERSON_CASE_KINDS``, the model's docstring gives the design): an early-support talk and a network
meeting are booked for a day and held on a day; a return-to-work plan and a work trial run from a first to a last
day with the duties the person returns to (usual, adjusted or replacement). Each may name the day of the signal or
sick period that led to it (a task's anchor), from which "talks held within N days" count.

Rules, and why:

* Only HR and the employee's own manager open and change cases (``register.visible_person``,
  ``case_access.workable_case``); anyone else gets the 404 of an unknown id. Occupational health reads the cases it
  is invited to (``case_access``), never writes.
* A day held, a day closed or back at work is not in the future; a plan does not end before it starts.
* A work trial lasts at most six months (Kela: usually 2–3 months, at most 6), so its last day is required.
* A network meeting, once held, had at least the employee, the manager and occupational health
  (``case_events.check_held``); a held talk or meeting counts in the unit's anonymous log (``case_events``).
* A person has one open case of each kind: opening another leads to the open one
  (``CaseAlreadyOpenError``), so a double-clicked submit makes one case, and nothing is planned twice.
* A closed case is not changed (its participants may still be removed and the plan-sharing consent withdrawn:
  ``case_participants``).

Every write is audit-logged with ids (the case, the employee id), never a name; reads through ``case_access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case as when
from sqlalchemy import select

from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record, record_read
from survey_app.clock import months_before
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import (
    CASE_OUTCOMES,
    DUTIES,
    PERSON_CASE_KINDS,
    PersonCase,
    PersonCaseParticipant,
    Role,
    Unit,
    User,
)
from survey_app.person.case_access import invited_case_ids, workable_case
from survey_app.person.case_events import check_held, sync_support_event
from survey_app.person.case_labels import kind_label
from survey_app.person.case_steps import check_trial_period
from survey_app.person.register import can_see_person, visible_person

#: Talks and meetings: booked for a day, held on a day.
TALK_KINDS = ("early_support", "network_meeting")
#: Plans: a period and the duties the person returns to.
PLAN_KINDS = ("return_to_work", "work_trial")
#: A work trial lasts at most this many months (Kela; usually 2–3).
WORK_TRIAL_MAX_MONTHS = 6
#: The case a manager's task leads to (``tasks.TASK_LABELS``): the talk, the plan or the network meeting it asks for.
CASE_FOR_TASK = {
    "se_care_talk": "early_support",
    "fi_early_support": "early_support",
    "se_return_plan": "return_to_work",
    "fi_notify_oh": "network_meeting",
    "fi_oh_statement": "network_meeting",
}
#: The fields a case's kind uses; the others stay empty.
KIND_FIELDS = {
    "early_support": ("signal_on", "planned_on", "held_on"),
    "network_meeting": ("signal_on", "planned_on", "held_on"),
    "return_to_work": ("signal_on", "starts_on", "ends_on", "duties"),
    "work_trial": ("signal_on", "starts_on", "ends_on", "duties"),
}
CASE_FIELDS = ("signal_on", "planned_on", "held_on", "starts_on", "ends_on", "duties")


@dataclass(frozen=True)
class CaseInput:
    """What the case form gives; a kind uses some of it (``KIND_FIELDS``)."""

    signal_on: date | None = None
    planned_on: date | None = None
    held_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    duties: str | None = None


class CaseAlreadyOpenError(DomainError):
    """The person already has an open case of this kind: the work goes on there, never in a second one beside it."""

    def __init__(self, case: PersonCase):
        message = _l("An open case of this kind exists already (%(kind)s): here it is.", kind=kind_label(case.kind))
        super().__init__(message)
        self.case_id = case.id


def work_trial_last_day(starts_on: date) -> date:
    """The latest last day of a work trial starting on ``starts_on``: the day before the same day six months on."""
    return months_before(starts_on, -WORK_TRIAL_MAX_MONTHS) - timedelta(days=1)


def _check_talk(data: CaseInput, today: date) -> None:
    if data.held_on is not None and data.held_on > today:
        raise DomainError(_l("The day it was held cannot be in the future."), "held_on")
    if data.planned_on is None and data.held_on is None:
        raise DomainError(_l("Give the day it is booked for, or the day it was held."), "planned_on")


def _check_plan(kind: str, data: CaseInput) -> None:
    if data.starts_on is None:
        raise DomainError(_l("Give the first day."), "starts_on")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise DomainError(_l("The last day cannot be before the first day."), "ends_on")
    if kind == "work_trial":
        if data.ends_on is None:
            raise DomainError(_l("Give the last day: a work trial lasts at most six months."), "ends_on")
        latest = work_trial_last_day(data.starts_on)
        if data.ends_on > latest:
            raise DomainError(
                _l("A work trial lasts at most six months: the last day is %(date)s at the latest.",
                   date=latest.isoformat()),
                "ends_on",
            )  # fmt: skip
    if data.duties not in DUTIES:
        raise DomainError(_l("Choose the duties the person returns to."), "duties")


def checked_values(kind: str, data: CaseInput, today: date) -> dict[str, object]:
    """The case's fields from ``data`` as its kind uses them (the rest empty); ``DomainError`` on its field for a
    rule broken (the module's docstring lists them)."""
    if kind not in PERSON_CASE_KINDS:
        raise DomainError(_l("Choose what to open: a talk, a meeting or a plan."), "kind")
    if data.signal_on is not None and data.signal_on > today:
        raise DomainError(_l("The day of the signal cannot be in the future."), "signal_on")
    if kind in TALK_KINDS:
        _check_talk(data, today)
    else:
        _check_plan(kind, data)
    used = KIND_FIELDS[kind]
    return {name: getattr(data, name) if name in used else None for name in CASE_FIELDS}


def open_case_of(employee_id: str, kind: str) -> PersonCase | None:
    """The person's open case of ``kind``, if any (the latest, should older data hold several)."""
    query = select(PersonCase).where(
        PersonCase.employee_id == employee_id, PersonCase.kind == kind, PersonCase.closed_on.is_(None)
    )
    return db.session.scalars(query.order_by(PersonCase.id.desc())).first()


def open_case(actor: User, employee_id: str, kind: str, data: CaseInput, today: date) -> PersonCase:
    """Open a case of ``kind`` about a person the caller may see, in the person's unit, with the manager and the
    employee as its participants; ``CaseAlreadyOpenError`` when one of that kind is open already."""
    person = visible_person(actor, employee_id)
    values = checked_values(kind, data, today)
    unit_id = person.unit.id
    # Openings in one unit take turns (a row lock where the database has them; SQLite's POSTs write one at a time).
    db.session.execute(select(Unit.id).where(Unit.id == unit_id).with_for_update())
    existing = open_case_of(employee_id, kind)
    if existing is not None:
        raise CaseAlreadyOpenError(existing)
    case = PersonCase(employee_id=employee_id, unit_id=unit_id, kind=kind, opened_by_id=actor.id, **values)
    case.participants = [PersonCaseParticipant(role="manager"), PersonCaseParticipant(role="employee")]
    db.session.add(case)
    db.session.flush()
    check_held(case)
    sync_support_event(actor, case)
    record(actor, "person.case_opened", "person_case", case.id, employee=employee_id, kind=kind)
    db.session.commit()
    return case


def require_open(case: PersonCase) -> None:
    """A closed case is not changed."""
    if case.closed_on is not None:
        raise DomainError(_l("The case is closed: it can no longer be changed."))


def edit_case(actor: User, case_id: int, data: CaseInput, today: date) -> PersonCase:
    """Change a case's days and duties (its kind stays); a held date set, moved or taken away moves the unit's log
    entry with it."""
    case = workable_case(actor, case_id)
    require_open(case)
    values = checked_values(case.kind, data, today)
    if case.kind == "work_trial":
        check_trial_period(case, values["starts_on"], values["ends_on"])
    changed = sorted(name for name, value in values.items() if getattr(case, name) != value)
    for name in changed:
        setattr(case, name, values[name])
    check_held(case)
    sync_support_event(actor, case)
    if changed:
        record(actor, "person.case_changed", "person_case", case.id, employee=case.employee_id, fields=changed)
    db.session.commit()
    return case


def record_held(actor: User, case_id: int, held_on: date | None, today: date) -> PersonCase:
    """Record the day a talk or meeting was held (not in the future): it then counts in the unit's log."""
    case = workable_case(actor, case_id)
    require_open(case)
    if case.kind not in TALK_KINDS:
        raise DomainError(_l("Only a talk or a meeting is held."), "held_on")
    if held_on is None or held_on > today:
        raise DomainError(_l("The day it was held cannot be in the future."), "held_on")
    case.held_on = held_on
    check_held(case)
    sync_support_event(actor, case)
    record(actor, "person.case_held", "person_case", case.id, employee=case.employee_id, held_on=held_on.isoformat())
    db.session.commit()
    return case


def close_case(
    actor: User, case_id: int, outcome: str | None, closed_on: date | None, returned_on: date | None, today: date
) -> PersonCase:
    """Close a case with how it ended; a plan or work trial that ended back at work says from which day. A case
    closed already stays as it was closed (a double-clicked submit closes it once)."""
    case = workable_case(actor, case_id)
    if case.closed_on is not None:
        return case
    if outcome not in CASE_OUTCOMES:
        raise DomainError(_l("Choose how the case ended."), "outcome")
    if closed_on is None or closed_on > today:
        raise DomainError(_l("Give the day the case closed (not in the future)."), "closed_on")
    if case.kind not in PLAN_KINDS:
        returned_on = None
    elif returned_on is not None and returned_on > today:
        raise DomainError(_l("The day back at work cannot be in the future."), "returned_on")
    elif outcome == "back_at_work" and returned_on is None:
        raise DomainError(_l("Give the day the person was back at their usual work."), "returned_on")
    case.outcome, case.closed_on, case.returned_on = outcome, closed_on, returned_on
    record(actor, "person.case_closed", "person_case", case.id, employee=case.employee_id, outcome=outcome)
    db.session.commit()
    return case


def case_for_work(actor: User, case_id: int, read: bool = True) -> PersonCase:
    """A case the caller may work on (``case_access.workable_case``); a page that shows it (``read``) is
    audit-logged as a read of the case."""
    case = workable_case(actor, case_id)
    if read:
        record_read(actor, "person.case_read", "person_case", case.id, employee=case.employee_id)
    return case


def _ordered(query):
    """Open cases first, then the newest."""
    return query.order_by(when((PersonCase.closed_on.is_(None), 0), else_=1), PersonCase.id.desc())


def cases_for(actor: User) -> list[PersonCase]:
    """The caller's cases, open first: HR every one, a manager those of their units' people they may see,
    occupational health those it is invited to; nobody else. The read is audit-logged (a count, no ids)."""
    query = select(PersonCase)
    if actor.role == Role.MANAGER.value:
        query = query.where(PersonCase.unit_id.in_(unit_scope(actor) or ()))
    elif actor.role == Role.OHS.value:
        query = query.where(PersonCase.id.in_(invited_case_ids(actor)))
    elif actor.role != Role.HR.value:
        raise NotAllowedError
    found = list(db.session.scalars(_ordered(query)))
    if actor.role == Role.MANAGER.value:  # the person may have moved on: their case is then their new manager's
        seen = {employee: can_see_person(actor, employee) for employee in {case.employee_id for case in found}}
        found = [case for case in found if seen[case.employee_id]]
    record_read(actor, "person.cases_read", "person_case", None, shown=len(found))
    return found


def cases_of_person(actor: User, employee_id: str) -> list[PersonCase]:
    """Every case about one person, open first, for HR and the person's own manager (their track page, whose read
    is audit-logged already); ``NotAllowedError`` for anyone else."""
    if not can_see_person(actor, employee_id):
        raise NotAllowedError
    return list(db.session.scalars(_ordered(select(PersonCase).where(PersonCase.employee_id == employee_id))))
