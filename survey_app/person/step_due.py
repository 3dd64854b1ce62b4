"""What needs doing in people's plans: open steps of open cases that are overdue, whose follow-up was missed or is
due soon, and how far a case's plan has come.

The rules are a unit plan's (``interventions.plans``: ``is_overdue``, ``follow_up_missed``, ``follow_up_due``,
``plan_progress``); this module loads a person's steps and applies them, for the case page, the start page and the
daily reminder. It decides nothing about who may see a step: the caller passes the units in its scope, and names
no person here (``register.display_name`` does that where a page may).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from interventions.plans import (
    CLOSED_STATUSES,
    PlanProgress,
    StepState,
    needing_attention,
    plan_progress,
)
from interventions.plans import step_flags as step_flags_of
from survey_app.db import db
from survey_app.models import PersonCase, PersonStep


def state(step: PersonStep) -> StepState:
    """The step as ``interventions.plans``' follow-up rules read it: status, due date and next follow-up."""
    return StepState(step.status, step.due_on, step.next_follow_up_on)


@dataclass(frozen=True)
class PersonStepDue:
    """An open step of a person's plan that needs attention, and why (the flags of ``plans.due.StepDue``)."""

    step: PersonStep
    overdue: bool
    follow_up_missed: bool
    follow_up_due: bool


def person_steps_due(today: date, unit_ids: Collection[int] | None, within_days: int = 7) -> list[PersonStepDue]:
    """Open steps of open cases whose unit is in ``unit_ids`` (None: every unit) that are overdue, have a missed
    follow-up, or a follow-up within ``within_days`` days: missed follow-ups first, then overdue steps, then by the
    follow-up date. One query, the step's case loaded with it."""
    soon = today + timedelta(days=within_days)
    query = (
        select(PersonStep)
        .join(PersonStep.case)
        .options(contains_eager(PersonStep.case))
        .where(
            PersonStep.status.not_in(CLOSED_STATUSES),
            PersonCase.closed_on.is_(None),
            or_(
                PersonStep.due_on < today,
                PersonStep.next_follow_up_on.is_(None),
                PersonStep.next_follow_up_on <= soon,
            ),
        )
        .order_by(PersonStep.next_follow_up_on, PersonStep.due_on, PersonStep.id)
    )
    if unit_ids is not None:
        query = query.where(PersonCase.unit_id.in_(list(unit_ids)))
    states = ((step, state(step)) for step in db.session.scalars(query))
    return [
        PersonStepDue(step, why.overdue, why.follow_up_missed, why.follow_up_due)
        for step, why in needing_attention(states, today, within_days)
    ]


def step_flags(step: PersonStep, today: date) -> dict[str, bool]:
    """Whether the step is open, overdue and has missed its follow-up on ``today``."""
    return step_flags_of(state(step), today)


def case_progress(case: PersonCase, today: date) -> PlanProgress:
    """How far the case's plan has come on ``today``: steps done of those not dropped, overdue, follow-ups missed."""
    return plan_progress((state(step) for step in case.steps), today)
