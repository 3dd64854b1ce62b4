"""A case's goals: an indicator (``interventions.indicators``) with its baseline, its target and the day to reach it."""

from __future__ import annotations

from datetime import date

from interventions.indicators import INDICATORS
from interventions.plans import PlanError, check_goal
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import InterventionCase, PlanGoal, User
from survey_app.plans.services.guards import can_plan, require


def add_goal(
    actor: User,
    case: InterventionCase,
    indicator: str,
    baseline: float | None,
    target: float | None,
    target_on: date | None,
    note: str,
) -> PlanGoal:
    """Add a goal to the case's plan, checked by ``check_goal``."""
    require(can_plan(actor, case))
    try:
        check_goal(indicator, INDICATORS, baseline, target, target_on, case.opened_on)
    except PlanError as error:
        raise DomainError.from_rule(error) from error
    goal = PlanGoal(
        case=case, indicator=indicator, baseline=baseline, target=target, target_on=target_on, note=(note or "").strip()
    )
    db.session.add(goal)
    db.session.flush()
    record(actor, "plans.goal_added", "plan_goal", goal.id, indicator=indicator)
    db.session.commit()
    return goal
