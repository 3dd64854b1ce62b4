"""A case: what triggered it, and the method's stages it moves through (Chefsstöd, docs/method.md)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from interventions.i18n import N_
from interventions.plans.errors import IN_FUTURE, PlanError

STAGES: tuple[str, ...] = (
    "identified", "contact", "interviews_survey", "compiled", "presented_management", "presented_work_group",
    "action_plan", "follow_up", "evaluation", "closed",
)  # fmt: skip
STAGE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "identified": N_("Identified"),
        "contact": N_("Contact with manager and unit HR"),
        "interviews_survey": N_("Interviews and survey"),
        "compiled": N_("Compiled"),
        "presented_management": N_("Presented to management"),
        "presented_work_group": N_("Presented to the work group"),
        "action_plan": N_("Action plan"),
        "follow_up": N_("Follow-up"),
        "evaluation": N_("Evaluation"),
        "closed": N_("Closed"),
    }
)

TRIGGERS: tuple[str, ...] = ("absence_signal", "survey_result", "manager_request", "other")
TRIGGER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "absence_signal": N_("Absence signal"),
        "survey_result": N_("Survey result"),
        "manager_request": N_("Manager's request"),
        "other": N_("Other"),
    }
)

_UNKNOWN_STAGE = N_('"%(stage)s" is not a stage of the method.')
_STAGE_BEFORE_OPENED = N_("A stage cannot be reached before the case was opened (%(date)s).")


def stage_index(stage: str) -> int:
    """The 0-based position of ``stage`` in the method's order (``STAGES``); ``ValueError`` for an unknown stage."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage: {stage!r}")
    return STAGES.index(stage)


def check_stage(stage: str, reached_on: date, opened_on: date, today: date) -> None:
    """Check that a case may record ``stage`` as reached on ``reached_on``.

    The stage must be one of ``STAGES`` (field ``stage``); the date can be neither before the case was opened nor
    after ``today`` (field ``reached_on``). Stages may be recorded in any order: work groups sometimes go back a step.
    """
    if stage not in STAGES:
        raise PlanError(_UNKNOWN_STAGE, "stage", {"stage": stage})
    if reached_on < opened_on:
        raise PlanError(_STAGE_BEFORE_OPENED, "reached_on", {"date": opened_on})
    if reached_on > today:
        raise PlanError(IN_FUTURE, "reached_on")
