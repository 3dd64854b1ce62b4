"""Cases and their stages: list the cases a person may see, open one, record the stages it reaches, set the periods
its evaluation compares, and find the plan a unit's staff see.

A unit has one active case at a time (``plans.closing``): opening another raises ``CaseAlreadyOpenError`` naming it,
and closing a case settles every open step first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from interventions.plans import STAGES, TRIGGERS, PlanError, StepOutcome, check_closing, check_stage
from survey_app.access import ORGANISATION_WIDE, can_run_case, can_see_unit, descendant_ids, unit_scope
from survey_app.admin.services import unit_by_code
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import CaseStage, InterventionCase, PlanStep, Unit, User
from survey_app.plans.closing import CaseAlreadyOpenError, active_case, open_steps, settle_open_steps
from survey_app.plans.services.guards import can_plan, can_see, require


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
        require(db.session.get(Unit, under) is not None and can_see_unit(actor, under))
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


@dataclass(frozen=True)
class CaseInput:
    """What the form for a new case gives: the unit's code, the trigger and who in HR is responsible."""

    unit_code: str
    trigger: str
    trigger_note: str
    responsible_id: int | None


def active_case_for_code(actor: User, unit_code: str) -> InterventionCase | None:
    """The active case of the unit with this code, for someone about to open one there (HR and admin)."""
    require(can_run_case(actor))
    unit = unit_by_code(unit_code.strip()) if unit_code and unit_code.strip() else None
    return active_case(unit.id) if unit is not None else None


def open_case(actor: User, data: CaseInput, today: date) -> InterventionCase:
    """Open a case for a unit; ``CaseAlreadyOpenError`` (naming that case) when the unit already has an active one."""
    require(can_run_case(actor))
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
    """The active HR specialists and administrators, by name: who may be responsible for a case."""
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
    require(can_plan(actor, case))
    still_open = open_steps(case) if stage == "closed" else []
    try:
        check_stage(stage, reached_on or today, case.opened_on, today)
        check_closing({step.id: step.what for step in still_open}, outcomes or {})
    except PlanError as error:
        raise DomainError.from_rule(error) from error
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
    require(can_run_case(actor) and can_see(actor, case))
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


def staff_plan(unit_id: int) -> InterventionCase | None:
    """The plan the unit's staff see on their survey link: the unit's latest case that has steps."""
    query = (
        select(InterventionCase)
        .where(InterventionCase.unit_id == unit_id, InterventionCase.steps.any())
        .order_by(InterventionCase.opened_on.desc(), InterventionCase.id.desc())
        .limit(1)
    )
    return db.session.scalars(query).first()
