"""Intervention cases and action plans: open a case, record its stages, set goals, plan steps, follow every step up.

Who may do what: HR and admin run cases for the whole organisation; a unit's manager works on the plans of the units
in their scope (steps, follow-ups, goals) and sees the case; occupational health reads the plans of the units it is
invited to. Every change to a step is kept in ``StepChange``; every write is in the audit log.

Nothing is lost between cases (``plans.closing``): a unit has one active case at a time (opening another leads to
it), and a case closes only once each of its open steps is done, cancelled with a reason or moved to the next case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interventions.indicators import INDICATORS
from interventions.plans import (
    CLOSED_STATUSES,
    STAGES,
    TRIGGERS,
    PlanError,
    StepOutcome,
    check_closing,
    check_follow_up,
    check_goal,
    check_stage,
    check_step,
)
from survey_app.access import NotAllowedError, can_see_unit, descendant_ids, unit_scope
from survey_app.admin.services import unit_by_code
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import (
    ActionProposal,
    CaseStage,
    FollowUp,
    InterventionCase,
    PlanGoal,
    PlanStep,
    Role,
    StepChange,
    Unit,
    User,
)
from survey_app.plans.closing import CaseAlreadyOpenError, active_case, open_steps, settle_open_steps

ORGANISATION_WIDE = (Role.HR.value, Role.ADMIN.value)
PLANNERS = (Role.HR.value, Role.ADMIN.value, Role.MANAGER.value)


def _domain(error: PlanError) -> DomainError:
    message = _l(error.message, **error.params) if error.params else _l(error.message)
    return DomainError(message, error.field)


# --- who may do what -------------------------------------------------------------------------------------------------


def can_see(actor: User, case: InterventionCase) -> bool:
    scope = unit_scope(actor)
    return scope is None or case.unit_id in scope


def can_plan(actor: User, case: InterventionCase) -> bool:
    """HR and admin everywhere; a manager for the units in their scope; occupational health reads only."""
    return actor.role in PLANNERS and can_see(actor, case)


def can_run_case(actor: User) -> bool:
    return actor.role in ORGANISATION_WIDE


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowedError


def visible_cases(
    actor: User, include_closed: bool = True, under: int | None = None, whole_plans: bool = False
) -> list[InterventionCase]:
    """The cases of the caller's units, the latest first. ``under``: only those of that unit and the units below it
    (``NotAllowedError`` when the unit is outside the caller's scope); ``whole_plans``: each case's unit, goals,
    steps and their follow-ups loaded with it, in a fixed number of queries whatever the number of cases."""
    query = select(InterventionCase).order_by(InterventionCase.opened_on.desc(), InterventionCase.id.desc())
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(InterventionCase.unit_id.in_(scope))
    if under is not None:
        _require(db.session.get(Unit, under) is not None and can_see_unit(actor, under))
        query = query.where(InterventionCase.unit_id.in_(descendant_ids([under])))
    if not include_closed:
        query = query.where(InterventionCase.closed_on.is_(None))
    if whole_plans:
        query = query.options(
            selectinload(InterventionCase.unit),
            selectinload(InterventionCase.responsible),
            selectinload(InterventionCase.goals),
            selectinload(InterventionCase.steps).selectinload(PlanStep.follow_ups),
        )
    return list(db.session.scalars(query))


# --- cases and stages ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseInput:
    unit_code: str
    trigger: str
    trigger_note: str
    responsible_id: int | None


def active_case_for_code(actor: User, unit_code: str) -> InterventionCase | None:
    """The active case of the unit with this code, for someone about to open one there (HR and admin)."""
    _require(can_run_case(actor))
    unit = unit_by_code(unit_code.strip()) if unit_code and unit_code.strip() else None
    return active_case(unit.id) if unit is not None else None


def open_case(actor: User, data: CaseInput, today: date) -> InterventionCase:
    """Open a case for a unit; ``CaseAlreadyOpenError`` (naming that case) when the unit already has an active one."""
    _require(can_run_case(actor))
    code = (data.unit_code or "").strip()
    # Exact, case-insensitive: a LIKE pattern would let "_" or "%" in a typed code match another unit.
    unit = unit_by_code(code) if code else None
    if unit is None:
        raise DomainError(_l("There is no unit with the code %(code)s.", code=code), "unit_code")
    existing = active_case(unit.id)
    if existing is not None:
        raise CaseAlreadyOpenError(existing)
    if data.trigger not in TRIGGERS:
        raise DomainError(_l("Choose what triggered the case."), "trigger")
    if len(data.trigger_note or "") > 2000:
        raise DomainError(_l("Describe the trigger in at most %(n)d characters.", n=2000), "trigger_note")
    if data.responsible_id is not None and data.responsible_id not in {u.id for u in hr_people()}:
        raise DomainError(_l("Choose an HR specialist."), "responsible_id")
    case = InterventionCase(
        unit=unit,
        trigger=data.trigger,
        trigger_note=(data.trigger_note or "").strip(),
        responsible_id=data.responsible_id,
        stage=STAGES[0],
        opened_on=today,
        created_by_id=actor.id,
    )
    case.stages.append(CaseStage(stage=STAGES[0], reached_on=today, recorded_by_id=actor.id, note=case.trigger_note))
    db.session.add(case)
    db.session.flush()
    record(actor, "plans.case_opened", "intervention_case", case.id, unit=unit.code, trigger=data.trigger)
    db.session.commit()
    return case


def hr_people() -> list[User]:
    query = select(User).where(User.role.in_(ORGANISATION_WIDE), User.active.is_(True)).order_by(User.name)
    return list(db.session.scalars(query))


def record_stage(
    actor: User,
    case: InterventionCase,
    stage: str,
    reached_on: date | None,
    note: str,
    today: date,
    outcomes: Mapping[int, StepOutcome] | None = None,
) -> InterventionCase | None:
    """Record a stage the case reached. Closing it needs ``outcomes`` for every open step (``check_closing``): each
    is then done, dropped with its reason or moved to the unit's next case. Returns the case moved steps went to."""
    _require(can_plan(actor, case))
    still_open = open_steps(case) if stage == "closed" else []
    try:
        check_stage(stage, reached_on or today, case.opened_on, today)
        check_closing({step.id: step.what for step in still_open}, outcomes or {})
    except PlanError as error:
        raise _domain(error) from error
    if len(note or "") > 2000:
        raise DomainError(_l("Keep the note to at most %(n)d characters.", n=2000), "note")
    reached_on = reached_on or today
    successor = settle_open_steps(actor, case, still_open, outcomes or {}, today) if still_open else None
    case.stages.append(
        CaseStage(stage=stage, reached_on=reached_on, recorded_by_id=actor.id, note=(note or "").strip())
    )
    case.stage = stage
    case.closed_on = reached_on if stage == "closed" else None
    record(actor, "plans.stage_recorded", "intervention_case", case.id, stage=stage)
    db.session.commit()
    return successor


PERIOD_DATES = ("reference_start", "reference_end", "follow_up_start", "follow_up_end")
PERIOD_FIGURES = (
    "reference_employees",
    "reference_sick_days",
    "reference_short_term_days",
    "follow_up_employees",
    "follow_up_sick_days",
    "follow_up_short_term_days",
    "daily_cost",
)


def set_periods(actor: User, case: InterventionCase, periods: dict) -> None:
    """The evaluation's two periods and, where Omtanke holds no absence data, their entered figures."""
    _require(can_run_case(actor) and can_see(actor, case))
    for name in PERIOD_FIGURES:
        value = periods.get(name)
        if value is not None and (not math.isfinite(float(value)) or float(value) < 0 or float(value) > 1e9):
            raise DomainError(_l("Enter a number of zero or more."), name)
        periods[name] = None if value is None else float(value)
    ref = (periods.get("reference_start"), periods.get("reference_end"))
    after = (periods.get("follow_up_start"), periods.get("follow_up_end"))
    for (start, end), field in ((ref, "reference_end"), (after, "follow_up_end")):
        if (start is None) != (end is None) or (start and end and end < start):
            raise DomainError(_l("A period needs a first and a last day, in that order."), field)
    if ref[1] and after[0] and after[0] <= ref[1]:
        raise DomainError(_l("The follow-up period must start after the reference period ends."), "follow_up_start")
    for key in (*PERIOD_DATES, *PERIOD_FIGURES):
        setattr(case, key, periods.get(key))
    record(actor, "plans.periods_set", "intervention_case", case.id)
    db.session.commit()


# --- goals -------------------------------------------------------------------------------------------------------


def add_goal(
    actor: User,
    case: InterventionCase,
    indicator: str,
    baseline: float | None,
    target: float | None,
    target_on: date | None,
    note: str,
) -> PlanGoal:
    _require(can_plan(actor, case))
    try:
        check_goal(indicator, INDICATORS, baseline, target, target_on, case.opened_on)
    except PlanError as error:
        raise _domain(error) from error
    goal = PlanGoal(
        case=case, indicator=indicator, baseline=baseline, target=target, target_on=target_on, note=(note or "").strip()
    )
    db.session.add(goal)
    db.session.flush()
    record(actor, "plans.goal_added", "plan_goal", goal.id, indicator=indicator)
    db.session.commit()
    return goal


# --- steps and follow-ups ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    what: str
    why: str
    responsible: str
    due_on: date | None
    next_follow_up_on: date | None
    status: str = "planned"
    theme: str | None = None
    proposal_id: int | None = None


STEP_FIELDS = ("what", "why", "responsible", "due_on", "next_follow_up_on", "status")


def _check_step(data: StepInput, created_on: date) -> None:
    try:
        check_step(
            data.what or "", data.responsible or "", data.due_on, data.status, data.next_follow_up_on, created_on
        )
    except PlanError as error:
        raise _domain(error) from error
    if len(data.why or "") > 2000:
        raise DomainError(_l("Keep the reason to at most %(n)d characters.", n=2000), "why")


def add_step(actor: User, case: InterventionCase, data: StepInput, today: date) -> PlanStep:
    _require(can_plan(actor, case))
    _check_step(data, today)
    proposal = None
    if data.proposal_id is not None:
        proposal = db.session.get(ActionProposal, data.proposal_id)
        if proposal is None or proposal.unit_id != case.unit_id:
            raise DomainError(_l("That proposal belongs to another unit."), "proposal_id")
    step = PlanStep(
        case=case,
        what=data.what.strip(),
        why=(data.why or "").strip(),
        responsible=data.responsible.strip(),
        due_on=data.due_on,
        status=data.status,
        next_follow_up_on=None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
        theme=data.theme,
        proposal_id=proposal.id if proposal else None,
        created_on=today,
    )
    if proposal is not None:
        proposal.status = "adopted"
        step.theme = step.theme or proposal.theme
    step.changes.append(StepChange(by_id=actor.id, kind="created", changes=_snapshot(step)))
    db.session.add(step)
    db.session.flush()
    record(actor, "plans.step_added", "plan_step", step.id, case=case.id)
    db.session.commit()
    return step


def _snapshot(step: PlanStep) -> dict:
    return {name: [None, _jsonable(getattr(step, name))] for name in STEP_FIELDS}


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def update_step(actor: User, step: PlanStep, data: StepInput) -> None:
    _require(can_plan(actor, step.case))
    _check_step(data, step.created_on)
    changes = {}
    new = {
        "what": data.what.strip(),
        "why": (data.why or "").strip(),
        "responsible": data.responsible.strip(),
        "due_on": data.due_on,
        "status": data.status,
        "next_follow_up_on": None if data.status in CLOSED_STATUSES else data.next_follow_up_on,
    }
    for name, value in new.items():
        if getattr(step, name) != value:
            changes[name] = [_jsonable(getattr(step, name)), _jsonable(value)]
            setattr(step, name, value)
    if changes:
        step.changes.append(StepChange(by_id=actor.id, kind="changed", changes=changes))
        record(actor, "plans.step_changed", "plan_step", step.id, fields=sorted(changes))
    db.session.commit()


@dataclass(frozen=True)
class FollowUpInput:
    held_on: date | None
    done: str
    status: str
    effect: str
    next_follow_up_on: date | None


def record_follow_up(actor: User, step: PlanStep, data: FollowUpInput, today: date) -> FollowUp:
    """Record a follow-up and move the step on: its status, and its next follow-up unless it is closed."""
    _require(can_plan(actor, step.case))
    try:
        check_follow_up(
            step.created_on, data.held_on, data.done or "", data.status, data.effect, data.next_follow_up_on, today
        )
    except PlanError as error:
        raise _domain(error) from error
    closed = data.status in CLOSED_STATUSES
    follow_up = FollowUp(
        held_on=data.held_on,
        done=data.done.strip(),
        status=data.status,
        effect=data.effect,
        next_follow_up_on=None if closed else data.next_follow_up_on,
        recorded_by_id=actor.id,
    )
    changes = {}
    for name, value in (("status", data.status), ("next_follow_up_on", follow_up.next_follow_up_on)):
        if getattr(step, name) != value:
            changes[name] = [_jsonable(getattr(step, name)), _jsonable(value)]
            setattr(step, name, value)
    step.changes.append(
        StepChange(by_id=actor.id, kind="followed_up", changes=changes | {"effect": [None, data.effect]})
    )
    step.follow_ups.append(follow_up)
    db.session.flush()
    record(actor, "plans.follow_up_recorded", "plan_step", step.id, follow_up=follow_up.id, status=data.status)
    db.session.commit()
    return follow_up


def open_proposals(case: InterventionCase) -> list[ActionProposal]:
    query = select(ActionProposal).where(ActionProposal.unit_id == case.unit_id, ActionProposal.status == "proposed")
    return list(db.session.scalars(query.order_by(ActionProposal.id)))


def staff_plan(unit_id: int) -> InterventionCase | None:
    """The plan the unit's staff see on their survey link: the unit's latest case that has steps."""
    query = (
        select(InterventionCase)
        .where(InterventionCase.unit_id == unit_id, InterventionCase.steps.any())
        .order_by(InterventionCase.opened_on.desc(), InterventionCase.id.desc())
        .limit(1)
    )
    return db.session.scalars(query).first()
