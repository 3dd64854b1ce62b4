"""What needs doing in the plans: open steps that are overdue, whose follow-up was missed or is due soon.

The rules are ``interventions.plans``' (``is_overdue``, ``follow_up_missed``, ``follow_up_due``, ``plan_progress``);
this module loads the steps in the caller's scope and applies them, for the start page, the plans pages, the staff's
plan page, the workbook and the CLI. Whether a step reads "Overdue" is decided here (``shown_status``) and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from interventions.plans import (
    CLOSED_STATUSES,
    PlanProgress,
    StepState,
    is_overdue,
    needing_attention,
    plan_progress,
)
from interventions.plans import step_flags as step_flags_of
from survey_app.access import unit_scope
from survey_app.db import db
from survey_app.models import InterventionCase, PlanStep, User


def state(step: PlanStep) -> StepState:
    """The step as ``interventions.plans``' follow-up rules read it: status, due date and next follow-up."""
    return StepState(step.status, step.due_on, step.next_follow_up_on)


@dataclass(frozen=True)
class StepDue:
    """An open step that needs attention, and why: overdue, its follow-up missed, or its follow-up due soon."""

    step: PlanStep
    overdue: bool
    follow_up_missed: bool
    follow_up_due: bool


def steps_needing_attention(actor: User, today: date, within_days: int = 7) -> list[StepDue]:
    """Open steps of the caller's units that are overdue, have a missed follow-up, or a follow-up within a week:
    the most urgent first; a step left open in a closed case (possible before closing asked about every step) too.
    One query, whatever the number of units."""
    query = (
        select(PlanStep)
        .join(PlanStep.case)
        .where(PlanStep.status.not_in(CLOSED_STATUSES))  # closed cases too: an open step there is not done either
        .order_by(PlanStep.next_follow_up_on, PlanStep.due_on, PlanStep.id)
    )
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(InterventionCase.unit_id.in_(scope))
    states = ((step, state(step)) for step in db.session.scalars(query))
    return [
        StepDue(step, why.overdue, why.follow_up_missed, why.follow_up_due)
        for step, why in needing_attention(states, today, within_days)
    ]


def step_flags(step: PlanStep, today: date) -> dict[str, bool]:
    """Whether the step is open, overdue and has missed its follow-up on ``today``."""
    return step_flags_of(state(step), today)


def shown_status(step: PlanStep, today: date) -> str:
    """The status a page shows for the step: "overdue" for an open step past its due date, else its own status."""
    return "overdue" if is_overdue(state(step), today) else step.status


def case_progress(case: InterventionCase, today: date) -> PlanProgress:
    """How far the case's plan has come on ``today``: steps done of those not dropped, overdue, follow-ups missed."""
    return plan_progress((state(step) for step in case.steps), today)
