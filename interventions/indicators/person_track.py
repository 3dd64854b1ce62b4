"""Unit figures of the person track (issue 23): talks held in time, plans followed through, days to return.

The Finnish follow-up guidance lists early-support talks held and measures completed among the indicators of an
early-support model (docs/method.md, "Indicators"); counting the talks alone says nothing of whether they came soon
after the signal or whether what was agreed was carried out. Three figures do:

* ``talks_in_time_pct``: of the early-support talks held in the period that answered a signal, the share held at
  most ``within_days`` days after the day the signal was reached (``held_on − signal_on ≤ within_days``; a talk
  held on the signal's own day or before it is in time). A talk without a signal day is not counted.
* ``steps_followed_up_pct``: of the cases (talks, meetings, plans) closed in the period that agreed at least one
  step, the share whose every step was followed through (``followed_through``). A case without steps agreed
  nothing to follow up and is not counted.
* ``days_to_return``: of the return-to-work plans and work trials closed in the period with the person back at
  work, the median number of days from the start of the sick period (``signal_on``, else the plan's ``starts_on``)
  to the day the person was back at their usual work (``returned_on``). A case missing either day, or returning
  before it started (a typing error), is not counted.

Each figure comes with the number of cases it is built on, so that the caller can withhold figures about too few
people (the survey results' anonymity rule, applied in ``survey_app``). Plain Python: no Flask, no database, no
clock: the periods and ``within_days`` are parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median
from types import MappingProxyType

from interventions.i18n import N_

CLOSED_STEP_STATUSES = ("done", "dropped")
RETURN_KINDS = ("return_to_work", "work_trial")
#: The person-track indicators: keys of ``catalogue.INDICATORS`` whose source is "person_track".
FIGURE_KEYS: tuple[str, ...] = ("talks_in_time_pct", "steps_followed_up_pct", "days_to_return")
DEFAULT_TALK_WITHIN_DAYS = 14


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up of a step: the day it was held, the status it left the step in, the next date it set."""

    held_on: date
    status: str
    next_follow_up_on: date | None


@dataclass(frozen=True)
class StepRecord:
    """A step agreed in a case: its status now, and its follow-ups in the order they were held."""

    status: str
    follow_ups: tuple[FollowUpRecord, ...] = ()


@dataclass(frozen=True)
class CaseRecord:
    """What the figures need of a person case (``survey_app.models.PersonCase``): no person, no text."""

    kind: str
    signal_on: date | None = None
    held_on: date | None = None
    starts_on: date | None = None
    returned_on: date | None = None
    closed_on: date | None = None
    outcome: str | None = None
    steps: tuple[StepRecord, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A figure and the number of cases it is built on (``value`` None when there are none)."""

    value: float | None
    cases: int


def talk_in_time(case: CaseRecord, within_days: int) -> bool | None:
    """Whether an early-support talk was held at most ``within_days`` days after its signal; None for a case this
    figure does not count (another kind, not held, no signal day)."""
    if case.kind != "early_support" or case.held_on is None or case.signal_on is None:
        return None
    return (case.held_on - case.signal_on).days <= within_days


def step_followed_through(step: StepRecord, case_closed_on: date) -> bool:
    """Whether a step was followed up until it ended: it is done or dropped, it had at least one follow-up, and no
    follow-up was missed while it was open.

    Missed means: a follow-up held after the date the one before it set, or a step left open by its last
    follow-up whose next date passed before the case closed (it was closed later without the follow-up being held).
    The date agreed for the first follow-up is not kept once it is held (the step then carries the next date), so
    the first follow-up itself is taken as in time."""
    if step.status not in CLOSED_STEP_STATUSES or not step.follow_ups:
        return False
    for before, after in zip(step.follow_ups, step.follow_ups[1:], strict=False):
        if before.next_follow_up_on is not None and after.held_on > before.next_follow_up_on:
            return False
    last = step.follow_ups[-1]
    if last.status not in CLOSED_STEP_STATUSES and last.next_follow_up_on is not None:
        return case_closed_on <= last.next_follow_up_on
    return True


def followed_through(case: CaseRecord) -> bool | None:
    """Whether every step of a closed case was followed through (``step_followed_through``); None for a case this
    figure does not count (not closed, or no step agreed)."""
    if case.closed_on is None or not case.steps:
        return None
    return all(step_followed_through(step, case.closed_on) for step in case.steps)


def days_to_return(case: CaseRecord) -> int | None:
    """Days from the start of the sick period (the signal's day, else the plan's first day) to the return to usual
    work, for a return-to-work plan or work trial closed with the person back at work; None otherwise."""
    if case.kind not in RETURN_KINDS or case.closed_on is None or case.outcome != "back_at_work":
        return None
    start = case.signal_on or case.starts_on
    if start is None or case.returned_on is None or case.returned_on < start:
        return None
    return (case.returned_on - start).days


def counted_on(key: str, case: CaseRecord) -> date | None:
    """The day that places a case in a period for figure ``key``: the talk's day for talks in time, the day the
    case closed for the other two. ``KeyError`` for an unknown key."""
    return {
        "talks_in_time_pct": case.held_on,
        "steps_followed_up_pct": case.closed_on,
        "days_to_return": case.closed_on,
    }[key]


def _share(outcomes: list[bool]) -> Figure:
    return Figure(100.0 * sum(outcomes) / len(outcomes) if outcomes else None, len(outcomes))


def person_track_figure(
    key: str, cases: Iterable[CaseRecord], first: date, last: date, within_days: int = DEFAULT_TALK_WITHIN_DAYS
) -> Figure:
    """Figure ``key`` (``FIGURE_KEYS``) of the cases counted between ``first`` and ``last`` (both included): a share
    in per cent, or the median days to return. ``ValueError`` for a negative ``within_days``."""
    if within_days < 0:
        raise ValueError("within_days cannot be negative")
    inside = [case for case in cases if (day := counted_on(key, case)) is not None and first <= day <= last]
    if key == "talks_in_time_pct":
        return _share([found for case in inside if (found := talk_in_time(case, within_days)) is not None])
    if key == "steps_followed_up_pct":
        return _share([found for case in inside if (found := followed_through(case)) is not None])
    days = [found for case in inside if (found := days_to_return(case)) is not None]
    return Figure(float(median(days)) if days else None, len(days))


#: How each figure is worked out, in words HR can repeat (English, marked with ``N_``, translated at the edge with
#: ``days``: ``within_days`` and ``threshold``: the fewest cases a figure is shown for).
EXPLANATIONS: Mapping[str, str] = MappingProxyType(
    {
        "talks_in_time_pct": N_(
            "Of the early-support talks held in the period after a signal, the share held at most %(days)d days "
            "after the signal. Shown from %(threshold)d talks."
        ),
        "steps_followed_up_pct": N_(
            "Of the talks, meetings and plans closed in the period with steps agreed, the share where every step was "
            "followed up at least once, ended done or dropped, and no follow-up was late. Shown from %(threshold)d "
            "cases."
        ),
        "days_to_return": N_(
            "Of the return-to-work plans and work trials closed in the period with the person back at work, the "
            "median number of days from the start of the sick period to the return. Shown from %(threshold)d cases."
        ),
    }
)
