"""The steps of a person's talk, meeting or plan and their follow-ups: add a step, change it, follow it up.

The rules are a unit plan's (``interventions.plans``: ``check_step``, ``check_follow_up``): a step says what is
done, by when, with a status; *every step is followed up*, so an open step always has a next follow-up date and a
closed one (done or dropped) has none. Who is responsible is a participant role (``PARTICIPANT_ROLES``), never a
name. The storage is the person track's own (``PersonStep``, ``PersonFollowUp``), apart from the unit plans (Finland's
act 759/2004 §5): nothing here touches ``PlanStep``.

What a person's plan adds: texts are short (``SHORT_TEXT``, 300 characters) and about work, never health; no step is
added to a closed case; a work trial's steps may carry the share of hours worked from their due date, a schedule that
only steps up within the trial's period (``interventions.person_track.work_trial``).

Only HR and the employee's own manager write (``case_access.can_work_on_case``); anyone else gets the 404 of an
unknown id. Every write is audit-logged with ids only. A follow-up sent twice (a double click) is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from interventions.person_track.work_trial import ScheduledHours, check_hours_schedule
from interventions.plans import CLOSED_STATUSES, PlanError, check_follow_up, check_step
from survey_app.access import NotAllowedError
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import PARTICIPANT_ROLES, PersonCase, PersonFollowUp, PersonStep, User
from survey_app.models.person_cases import SHORT_TEXT
from survey_app.person.case_access import can_work_on_case, workable_case

WORK_TRIAL = "work_trial"


@dataclass(frozen=True)
class PersonStepInput:
    """What the step form gives, for a new step or a changed one."""

    what: str
    responsible_role: str
    due_on: date | None
    next_follow_up_on: date | None
    status: str = "planned"
    hours_percent: int | None = None


@dataclass(frozen=True)
class PersonFollowUpInput:
    """What the follow-up form gives: when it was held, a short note on what was done, status, effect, next date."""

    held_on: date | None
    note: str
    status: str
    effect: str
    next_follow_up_on: date | None


def workable_step(actor: User, step_id: int) -> PersonStep:
    """The step, for a caller who may work on its case; ``NotAllowedError`` (a 404) for an unknown id and anyone
    else alike."""
    step = db.session.get(PersonStep, step_id)
    if step is None:
        raise NotAllowedError
    workable_case(actor, step.case_id)
    return step


def _short(text: str, field: str) -> str:
    text = text.strip()
    if len(text) > SHORT_TEXT:
        message = _l("Keep it short: at most %(max)d characters (now %(length)d).", max=SHORT_TEXT, length=len(text))
        raise DomainError(message, field)
    return text


def _check_step(case: PersonCase, data: PersonStepInput, created_on: date, editing: PersonStep | None) -> None:
    if data.responsible_role not in PARTICIPANT_ROLES:
        raise DomainError(_l("Choose who is responsible for the step, by their role."), "responsible_role")
    try:
        check_step(data.what, data.responsible_role, data.due_on, data.status, data.next_follow_up_on, created_on)
    except PlanError as error:
        raise DomainError.from_rule(error) from error
    _short(data.what, "what")
    if data.hours_percent is not None:
        _check_hours(case, data, editing)


def _check_hours(case: PersonCase, data: PersonStepInput, editing: PersonStep | None) -> None:
    """A share of hours belongs to a work trial's steps, whose schedule (not dropped steps) only steps up."""
    if case.kind != WORK_TRIAL:
        raise DomainError(_l("Only a work trial has a schedule of hours."), "hours_percent")
    schedule = [
        ScheduledHours(step.due_on, step.hours_percent)
        for step in case.steps
        if step is not editing and step.hours_percent is not None and step.status != "dropped"
    ]
    if data.status != "dropped":
        schedule.append(ScheduledHours(data.due_on, data.hours_percent))
    try:
        check_hours_schedule(schedule, case.starts_on, case.ends_on)
    except PlanError as error:
        raise DomainError.from_rule(error) from error


def hours_schedule(case: PersonCase) -> list[PersonStep]:
    """A work trial's schedule of hours: its steps with a share of hours, not dropped, by date."""
    return sorted(
        (step for step in case.steps if step.hours_percent is not None and step.status != "dropped"),
        key=lambda step: (step.due_on, step.id),
    )


def check_trial_period(case: PersonCase, starts_on: date | None, ends_on: date | None) -> None:
    """A work trial's period changed to ``starts_on``..``ends_on`` must still hold its schedule of hours."""
    schedule = [ScheduledHours(step.due_on, step.hours_percent) for step in hours_schedule(case)]
    try:
        check_hours_schedule(schedule, starts_on, ends_on)
    except PlanError as error:
        raise DomainError.from_rule(error) from error


def _require_work(actor: User, case: PersonCase) -> None:
    if not can_work_on_case(actor, case):
        raise NotAllowedError


def add_person_step(actor: User, case: PersonCase, data: PersonStepInput, today: date) -> PersonStep:
    """Add a step to an open case (HR, the own manager): the plan rules, a short text, a work trial's schedule."""
    _require_work(actor, case)
    if case.closed_on is not None:
        raise DomainError(_l("The case is closed: no steps can be added to it."))
    _check_step(case, data, today, editing=None)
    step = PersonStep(
        what=data.what.strip(),
        responsible_role=data.responsible_role,
        due_on=data.due_on,
        status=data.status,
        next_follow_up_on=None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
        hours_percent=data.hours_percent,
        created_on=today,
    )
    case.steps.append(step)
    db.session.flush()
    record(actor, "person.step_added", "person_step", step.id, case=case.id, employee=case.employee_id)
    db.session.commit()
    return step


def change_person_step(actor: User, step: PersonStep, data: PersonStepInput) -> None:
    """Change a step (HR, the own manager) under the same rules; the audit log names the fields changed."""
    case = step.case
    _require_work(actor, case)
    _check_step(case, data, step.created_on, editing=step)
    new = {
        "what": data.what.strip(),
        "responsible_role": data.responsible_role,
        "due_on": data.due_on,
        "status": data.status,
        "next_follow_up_on": None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
        "hours_percent": data.hours_percent,
    }
    changed = sorted(name for name, value in new.items() if getattr(step, name) != value)
    for name in changed:
        setattr(step, name, new[name])
    if changed:
        record(actor, "person.step_changed", "person_step", step.id, case=case.id, fields=changed)
    db.session.commit()


def _repeated(step: PersonStep, actor: User, data: PersonFollowUpInput, note: str) -> PersonFollowUp | None:
    """A follow-up of the step that says exactly this already (the same form sent twice), else None."""
    sent = (data.held_on, data.status, data.effect, note, actor.id)
    return next(
        (
            each
            for each in step.follow_ups
            if (each.held_on, each.status, each.effect, each.note, each.recorded_by_id) == sent
        ),
        None,
    )


def follow_up_person_step(actor: User, step: PersonStep, data: PersonFollowUpInput, today: date) -> PersonFollowUp:
    """Record a follow-up of an open step and move the step on: its status, and its next follow-up unless it is
    closed (HR, the own manager). The same follow-up sent again is not stored a second time."""
    _require_work(actor, step.case)
    note = _short(data.note, "done")
    if (repeated := _repeated(step, actor, data, note)) is not None:
        return repeated
    if step.status in CLOSED_STATUSES:
        raise DomainError(_l("The step is closed. Change the step to open it again."))
    try:
        check_follow_up(step.created_on, data.held_on, note, data.status, data.effect, data.next_follow_up_on, today)
    except PlanError as error:
        raise DomainError.from_rule(error) from error
    closed = data.status in CLOSED_STATUSES
    follow_up = PersonFollowUp(
        held_on=data.held_on,
        status=data.status,
        effect=data.effect,
        note=note,
        next_follow_up_on=None if closed else data.next_follow_up_on,
        recorded_by_id=actor.id,
    )
    step.status, step.next_follow_up_on = data.status, follow_up.next_follow_up_on
    step.follow_ups.append(follow_up)
    db.session.flush()
    record(
        actor,
        "person.follow_up_recorded",
        "person_step",
        step.id,
        case=step.case_id,
        follow_up=follow_up.id,
        status=data.status,
    )
    db.session.commit()
    return follow_up
