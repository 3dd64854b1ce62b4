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

Plain Python, standard library only: this module never imports Flask, SQLAlchemy or ``survey_app``, never stores
anything and never reads the clock (the caller passes ``today``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from interventions.i18n import N_

__all__ = [
    "CLOSED_STATUSES", "DEFAULT_FOLLOW_UP_DAYS", "EFFECTS", "EFFECT_LABELS", "STAGES", "STAGE_LABELS", "STATUS_LABELS",
    "STEP_OUTCOMES", "STEP_OUTCOME_LABELS", "STEP_STATUSES", "TRIGGERS", "TRIGGER_LABELS",
    "PlanError", "StepOutcome", "StepState", "check_closing", "check_follow_up", "check_goal",
    "check_stage", "check_step", "follow_up_due", "follow_up_missed", "is_open", "is_overdue",
    "stage_index", "suggest_next_follow_up",
]  # fmt: skip

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

STEP_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "dropped")
CLOSED_STATUSES: tuple[str, ...] = ("done", "dropped")
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {"planned": N_("Planned"), "in_progress": N_("In progress"), "done": N_("Done"), "dropped": N_("Dropped")}
)

#: What becomes of a step that is still open when its case closes.
STEP_OUTCOMES: tuple[str, ...] = ("done", "cancelled", "moved")
STEP_OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {"done": N_("Done"), "cancelled": N_("Cancelled, for a reason"), "moved": N_("Moved to a new case")}
)

EFFECTS: tuple[str, ...] = ("worse", "none", "some", "clear")
EFFECT_LABELS: Mapping[str, str] = MappingProxyType(
    {"worse": N_("Worse"), "none": N_("No effect yet"), "some": N_("Some effect"), "clear": N_("Clear effect")}
)

DEFAULT_FOLLOW_UP_DAYS = 14

_MAX_WHAT_LENGTH = 1000
_MAX_RESPONSIBLE_LENGTH = 200
_MAX_REASON_LENGTH = 500
_QUOTED_LENGTH = 60

_UNKNOWN_STAGE = N_('"%(stage)s" is not a stage of the method.')
_STAGE_BEFORE_OPENED = N_("A stage cannot be reached before the case was opened (%(date)s).")
_IN_FUTURE = N_("The date cannot be in the future.")
_WHAT_EMPTY = N_("Describe what the step is.")
_WHAT_TOO_LONG = N_("The description has %(length)d characters; it can have at most %(max_length)d.")
_RESPONSIBLE_EMPTY = N_("Say who is responsible for the step.")
_RESPONSIBLE_TOO_LONG = N_("The responsible has %(length)d characters; it can have at most %(max_length)d.")
_DUE_MISSING = N_("Every step needs a due date.")
_UNKNOWN_STATUS = N_('"%(status)s" is not a status of a step.')
_NEXT_MISSING = N_("Every step needs a date for its next follow-up.")
_NEXT_BEFORE_CREATED = N_("The next follow-up cannot be before the step was created (%(date)s).")
_HELD_MISSING = N_("Give the date of the follow-up.")
_HELD_BEFORE_CREATED = N_("A follow-up cannot be dated before the step was created (%(date)s).")
_DONE_EMPTY = N_("Describe what has been done since the last follow-up.")
_UNKNOWN_EFFECT = N_('"%(effect)s" is not an effect.')
_NEXT_NOT_AFTER_HELD = N_("The next follow-up must be after this one (%(date)s).")
_UNKNOWN_INDICATOR = N_('"%(indicator)s" is not an indicator.')
_BASELINE_NOT_FINITE = N_("The baseline must be a number.")
_TARGET_MISSING = N_("A goal needs a target value.")
_TARGET_NOT_FINITE = N_("The target must be a number.")
_TARGET_ON_MISSING = N_("A goal needs a date by which the target should be reached.")
_TARGET_ON_BEFORE_OPENED = N_("The target date cannot be before the case was opened (%(date)s).")
_NO_OUTCOME = N_(
    "Say what happens to the open step “%(what)s” before the case is closed: done, cancelled or moved to a new case."
)
_NO_REASON = N_("Give the reason the step “%(what)s” is cancelled.")
_REASON_TOO_LONG = N_("The reason has %(length)d characters; it can have at most %(max_length)d.")


class PlanError(ValueError):
    """A stage, step, follow-up or goal that breaks a rule of the plan.

    ``message`` is the untranslated English text (marked with ``N_``), ``field`` the form field it belongs to,
    ``params`` the values for the message's ``%(name)s`` placeholders. ``str(error)`` is the English message with
    the values filled in.
    """

    def __init__(self, message: str, field: str | None = None, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.field = field
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(message % self.params if self.params else message)


# --- stages -----------------------------------------------------------------------------------------------------------


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
        raise PlanError(_IN_FUTURE, "reached_on")


# --- steps and follow-ups ---------------------------------------------------------------------------------------------


def _check_status(status: str) -> None:
    if status not in STEP_STATUSES:
        raise PlanError(_UNKNOWN_STATUS, "status", {"status": status})


def check_step(
    what: str, responsible: str, due_on: date | None, status: str, next_follow_up_on: date | None, created_on: date
) -> None:
    """Check a step of an action plan as it is created or edited.

    A step is concrete (Chefsstöd, docs/method.md): ``what`` is done (1–1000 characters, ignoring surrounding
    whitespace), by whom (``responsible``, 1–200 characters), by when (``due_on``), with a ``status`` from
    ``STEP_STATUSES``. *Every step is followed up*: unless the status is closed (``CLOSED_STATUSES``) the step needs
    a ``next_follow_up_on`` date, which cannot be before the step was created. A due date before ``created_on`` is
    allowed (a plan may be entered after the fact).
    """
    what = what.strip()
    if not what:
        raise PlanError(_WHAT_EMPTY, "what")
    if len(what) > _MAX_WHAT_LENGTH:
        raise PlanError(_WHAT_TOO_LONG, "what", {"length": len(what), "max_length": _MAX_WHAT_LENGTH})
    responsible = responsible.strip()
    if not responsible:
        raise PlanError(_RESPONSIBLE_EMPTY, "responsible")
    if len(responsible) > _MAX_RESPONSIBLE_LENGTH:
        params = {"length": len(responsible), "max_length": _MAX_RESPONSIBLE_LENGTH}
        raise PlanError(_RESPONSIBLE_TOO_LONG, "responsible", params)
    if due_on is None:
        raise PlanError(_DUE_MISSING, "due_on")
    _check_status(status)
    if next_follow_up_on is None:
        if status not in CLOSED_STATUSES:
            raise PlanError(_NEXT_MISSING, "next_follow_up_on")
    elif next_follow_up_on < created_on:
        raise PlanError(_NEXT_BEFORE_CREATED, "next_follow_up_on", {"date": created_on})


def check_follow_up(
    step_created_on: date,
    held_on: date | None,
    done: str,
    status: str,
    effect: str,
    next_follow_up_on: date | None,
    today: date,
) -> None:
    """Check a follow-up of a step: when it was held, what has been done, the step's new status and the effect.

    ``held_on`` is required, not before the step was created and not after ``today`` (field ``held_on``); ``done``
    must say what has happened (field ``done``); ``status`` is the step's status after the follow-up (one of
    ``STEP_STATUSES``) and ``effect`` the effect people perceive (one of ``EFFECTS``). A step left open needs the
    date of its next follow-up, so that every step stays followed up (docs/method.md); when given, that date must be
    after ``held_on`` (field ``next_follow_up_on``).
    """
    if held_on is None:
        raise PlanError(_HELD_MISSING, "held_on")
    if held_on < step_created_on:
        raise PlanError(_HELD_BEFORE_CREATED, "held_on", {"date": step_created_on})
    if held_on > today:
        raise PlanError(_IN_FUTURE, "held_on")
    if not done.strip():
        raise PlanError(_DONE_EMPTY, "done")
    _check_status(status)
    if effect not in EFFECTS:
        raise PlanError(_UNKNOWN_EFFECT, "effect", {"effect": effect})
    if next_follow_up_on is None:
        if status not in CLOSED_STATUSES:
            raise PlanError(_NEXT_MISSING, "next_follow_up_on")
    elif next_follow_up_on <= held_on:
        raise PlanError(_NEXT_NOT_AFTER_HELD, "next_follow_up_on", {"date": held_on})


def suggest_next_follow_up(held_on: date, days: int = DEFAULT_FOLLOW_UP_DAYS) -> date:
    """The date to propose for the next follow-up: ``days`` after ``held_on`` (two weeks unless the caller says
    otherwise; the organisation may configure its own rhythm). ``ValueError`` unless ``days`` is at least 1."""
    if days < 1:
        raise ValueError("the next follow-up must be at least one day later")
    return held_on + timedelta(days=days)


@dataclass(frozen=True)
class StepOutcome:
    """What the person closing a case chose for one of its open steps (one of ``STEP_OUTCOMES``), and why it was
    cancelled."""

    outcome: str
    reason: str = ""


def check_closing(open_steps: Mapping[int, str], outcomes: Mapping[int, StepOutcome]) -> None:
    """Check that a case may close: every step still open (``open_steps``, id → what) has an outcome.

    *Every step is followed up* (Chefsstöd, docs/method.md), so closing a case must not leave a step behind unseen: each
    open step is done, cancelled with a reason (1–500 characters) or moved to a new case of the same unit. The field
    of a missing choice is ``outcome_<id>``, of a missing or too long reason ``reason_<id>``; steps are checked in
    the order given.
    """
    for step_id, what in open_steps.items():
        quoted = what.strip() if len(what.strip()) <= _QUOTED_LENGTH else what.strip()[: _QUOTED_LENGTH - 1] + "…"
        chosen = outcomes.get(step_id)
        if chosen is None or chosen.outcome not in STEP_OUTCOMES:
            raise PlanError(_NO_OUTCOME, f"outcome_{step_id}", {"what": quoted})
        reason = chosen.reason.strip()
        if chosen.outcome == "cancelled" and not reason:
            raise PlanError(_NO_REASON, f"reason_{step_id}", {"what": quoted})
        if len(reason) > _MAX_REASON_LENGTH:
            params = {"length": len(reason), "max_length": _MAX_REASON_LENGTH}
            raise PlanError(_REASON_TOO_LONG, f"reason_{step_id}", params)


# --- goals ------------------------------------------------------------------------------------------------------------


def check_goal(
    indicator: str,
    known_indicators: Collection[str],
    baseline: float | None,
    target: float | None,
    target_on: date | None,
    opened_on: date,
) -> None:
    """Check a measurable goal of a plan (Finnish follow-up guidance, docs/method.md: concrete, measurable goals).

    The indicator must be one of ``known_indicators`` (normally ``interventions.indicators.INDICATORS``); the
    baseline is optional but, like the required target, must be a finite number; ``target_on`` is required and
    cannot be before the case was opened. A target equal to the baseline is allowed (keeping a level is a goal too).
    """
    if indicator not in known_indicators:
        raise PlanError(_UNKNOWN_INDICATOR, "indicator", {"indicator": indicator})
    if baseline is not None and not math.isfinite(baseline):
        raise PlanError(_BASELINE_NOT_FINITE, "baseline")
    if target is None:
        raise PlanError(_TARGET_MISSING, "target")
    if not math.isfinite(target):
        raise PlanError(_TARGET_NOT_FINITE, "target")
    if target_on is None:
        raise PlanError(_TARGET_ON_MISSING, "target_on")
    if target_on < opened_on:
        raise PlanError(_TARGET_ON_BEFORE_OPENED, "target_on", {"date": opened_on})


# --- the state of a step ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepState:
    """What the follow-up rules need to know about a step."""

    status: str
    due_on: date
    next_follow_up_on: date | None


def is_open(step: StepState) -> bool:
    """A step is open until it is done or dropped (``CLOSED_STATUSES``)."""
    return step.status not in CLOSED_STATUSES


def is_overdue(step: StepState, today: date) -> bool:
    """An open step is overdue from the day after its due date (due today is not yet overdue)."""
    return is_open(step) and step.due_on < today


def follow_up_missed(step: StepState, today: date) -> bool:
    """An open step's follow-up is missed from the day after its date (today is not yet missed).

    An open step without a next follow-up date (which ``check_step`` forbids, but older data may hold) counts as
    missed: nobody will follow it up, and every step must be followed up.
    """
    if not is_open(step):
        return False
    return step.next_follow_up_on is None or step.next_follow_up_on < today


def follow_up_due(step: StepState, today: date, within_days: int = 7) -> bool:
    """An open step's follow-up is due when its date is at most ``within_days`` days away (today plus
    ``within_days`` included). Missed follow-ups are due too, and so is an open step without a date (see
    ``follow_up_missed``). ``ValueError`` for a negative ``within_days``."""
    if within_days < 0:
        raise ValueError("within_days cannot be negative")
    if not is_open(step):
        return False
    return step.next_follow_up_on is None or step.next_follow_up_on <= today + timedelta(days=within_days)
