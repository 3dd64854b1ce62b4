"""A step of an action plan and its follow-ups: what is done, by whom and by when, and when it is next followed up.

*Every step is followed up* (Chefsstöd, docs/method.md): an open step always has the date of its next follow-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from interventions.i18n import N_
from interventions.plans.errors import IN_FUTURE, PlanError

STEP_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "dropped")
CLOSED_STATUSES: tuple[str, ...] = ("done", "dropped")
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {"planned": N_("Planned"), "in_progress": N_("In progress"), "done": N_("Done"), "dropped": N_("Dropped")}
)

EFFECTS: tuple[str, ...] = ("worse", "none", "some", "clear")
EFFECT_LABELS: Mapping[str, str] = MappingProxyType(
    {"worse": N_("Worse"), "none": N_("No effect yet"), "some": N_("Some effect"), "clear": N_("Clear effect")}
)

#: Who can be responsible for a step besides a named account: a role, so that a reminder still reaches someone.
RESPONSIBLE_ROLES: tuple[str, ...] = (
    "unit_manager", "hr", "occupational_health", "safety_representative", "work_group",
)  # fmt: skip
RESPONSIBLE_ROLE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "unit_manager": N_("The unit manager"),
        "hr": N_("HR"),
        "occupational_health": N_("Occupational health"),
        "safety_representative": N_("The safety representative"),
        "work_group": N_("The work group"),
    }
)

DEFAULT_FOLLOW_UP_DAYS = 14

_MAX_WHAT_LENGTH = 1000
_MAX_RESPONSIBLE_LENGTH = 200

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


def _check_status(status: str) -> None:
    if status not in STEP_STATUSES:
        raise PlanError(_UNKNOWN_STATUS, "status", {"status": status})


def check_step(
    what: str, responsible: str, due_on: date | None, status: str, next_follow_up_on: date | None, created_on: date
) -> None:
    """Check a step of an action plan as it is created or edited.

    A step is concrete (Chefsstöd, docs/method.md): ``what`` is done (1–1000 characters, ignoring surrounding
    whitespace), by whom (``responsible``: the account's name or the role, in words; 1–200 characters), by when
    (``due_on``), with a ``status`` from ``STEP_STATUSES``. *Every step is followed up*: unless the status is closed
    (``CLOSED_STATUSES``) the step needs a ``next_follow_up_on`` date, which cannot be before the step was created.
    A due date before ``created_on`` is allowed (a plan may be entered after the fact).
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
        raise PlanError(IN_FUTURE, "held_on")
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
