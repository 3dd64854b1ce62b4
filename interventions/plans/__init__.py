"""Intervention cases and their action plans: stages, steps, follow-ups and goals.

The rules come from the method (docs/method.md):

* Botkyrka's *Chefsstöd* (workplace level, after SKR's risk-group approach): a unit with high short-term
  absence is *identified*, HR *contacts* its manager and HR specialist, *interviews* all staff (and may survey them),
  *compiles* the results, *presents* them to management and then to the *work group*, and supports them in an
  *action plan* of concrete steps, **with follow-up for every step**; the result is then *evaluated* against a
  reference period and the case *closed*. Those are ``STAGES`` in order.
* The Finnish follow-up guidance: goals are concrete and measurable (an indicator, a baseline, a target and a
  date; the indicators are in ``interventions.indicators``).
* Botkyrka's evaluation compares *short-term* sick days (days 1–14) per employee with a reference
  period and values the days saved at a daily cost (``interventions.evaluation``; its target was −12 %).

Problems a user can cause raise ``PlanError`` (English ``message`` marked with ``N_``, ``params`` for its ``%(name)s``
placeholders, dates as ``date`` objects for the web layer to format, and the form ``field``). Each ``check_*``
function raises the first problem it finds, checking the fields in the order of its arguments.

The modules: ``stages`` (a case's triggers and stages), ``steps`` (a step and its follow-ups), ``closing`` (the open
steps of a closing case), ``goals``, ``step_state`` (overdue and due follow-ups) and ``errors`` (``PlanError``).

Plain Python, standard library only: this package never imports Flask, SQLAlchemy or ``survey_app``, never stores
anything and never reads the clock (the caller passes ``today``).
"""

from __future__ import annotations

from interventions.plans.closing import STEP_OUTCOME_LABELS, STEP_OUTCOMES, StepOutcome, check_closing
from interventions.plans.errors import PlanError
from interventions.plans.goals import check_goal
from interventions.plans.stages import STAGE_LABELS, STAGES, TRIGGER_LABELS, TRIGGERS, check_stage, stage_index
from interventions.plans.step_state import (
    Attention,
    PlanProgress,
    StepState,
    follow_up_due,
    follow_up_missed,
    is_open,
    is_overdue,
    needing_attention,
    plan_progress,
    step_flags,
)
from interventions.plans.steps import (
    CLOSED_STATUSES,
    DEFAULT_FOLLOW_UP_DAYS,
    EFFECT_LABELS,
    EFFECTS,
    RESPONSIBLE_ROLE_LABELS,
    RESPONSIBLE_ROLES,
    STATUS_LABELS,
    STEP_STATUSES,
    check_follow_up,
    check_step,
    suggest_next_follow_up,
)

__all__ = [
    "CLOSED_STATUSES", "DEFAULT_FOLLOW_UP_DAYS", "EFFECTS", "EFFECT_LABELS",
    "RESPONSIBLE_ROLES", "RESPONSIBLE_ROLE_LABELS", "STAGES", "STAGE_LABELS", "STATUS_LABELS",
    "STEP_OUTCOMES", "STEP_OUTCOME_LABELS", "STEP_STATUSES", "TRIGGERS", "TRIGGER_LABELS",
    "Attention", "PlanError", "PlanProgress", "StepOutcome", "StepState",
    "check_closing", "check_follow_up", "check_goal",
    "check_stage", "check_step", "follow_up_due", "follow_up_missed", "is_open", "is_overdue",
    "needing_attention", "plan_progress", "stage_index", "step_flags", "suggest_next_follow_up",
]  # fmt: skip
