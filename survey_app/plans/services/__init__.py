"""Intervention cases and action plans: open a case, record its stages, set goals, plan steps, follow every step up.

Who may do what (``guards``): HR and admin run cases for the whole organisation; a unit's manager works on the plans
of the units in their scope (steps, follow-ups, goals) and sees the case; occupational health reads the plans of the
units it is invited to; a safety representative reads the plans of their units, comments on them and co-signs them
(``voices``). Every change to a step is kept in ``StepChange``; every write is in the audit log.

Nothing is lost between cases (``plans.closing``): a unit has one active case at a time (opening another leads to
it), and a case closes only once each of its open steps is done, cancelled with a reason or moved to the next case.

The use cases live by subject, ``cases`` (cases, stages, evaluation periods), ``goals`` and ``steps`` (steps and
their follow-ups); this package gathers them so that callers write ``services.open_case(...)``.
"""

from __future__ import annotations

from survey_app.access import ORGANISATION_WIDE, can_run_case
from survey_app.plans.closing import CaseAlreadyOpenError, open_steps
from survey_app.plans.services.cases import (
    PERIOD_DATES,
    PERIOD_FIGURES,
    CaseInput,
    active_case_for_code,
    hr_people,
    open_case,
    record_stage,
    set_periods,
    staff_plan,
    visible_cases,
)
from survey_app.plans.services.goals import add_goal
from survey_app.plans.services.guards import PLANNERS, can_plan, can_see
from survey_app.plans.services.steps import (
    STEP_FIELDS,
    FollowUpInput,
    Responsible,
    StepInput,
    add_step,
    open_proposals,
    record_follow_up,
    responsible_accounts,
    responsible_of,
    update_step,
)
from survey_app.plans.services.voices import (
    COMMENTERS,
    add_comment,
    can_comment,
    can_sign,
    plan_voices,
    plans_to_sign,
    sign_plan,
    voices_of,
)

__all__ = [
    "COMMENTERS",
    "ORGANISATION_WIDE",
    "PERIOD_DATES",
    "PERIOD_FIGURES",
    "PLANNERS",
    "STEP_FIELDS",
    "CaseAlreadyOpenError",
    "CaseInput",
    "FollowUpInput",
    "Responsible",
    "StepInput",
    "active_case_for_code",
    "add_comment",
    "add_goal",
    "add_step",
    "can_comment",
    "can_plan",
    "can_run_case",
    "can_see",
    "can_sign",
    "hr_people",
    "open_case",
    "open_proposals",
    "open_steps",
    "plan_voices",
    "plans_to_sign",
    "record_follow_up",
    "record_stage",
    "responsible_accounts",
    "responsible_of",
    "set_periods",
    "sign_plan",
    "staff_plan",
    "update_step",
    "visible_cases",
    "voices_of",
]
