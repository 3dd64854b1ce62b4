"""What the follow-up rules need to know about a step, and whether it is open, overdue, or due for a follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from interventions.plans.steps import CLOSED_STATUSES


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


def step_flags(step: StepState, today: date) -> dict[str, bool]:
    """Whether the step is open, overdue and has missed its follow-up on ``today`` (for a page's row)."""
    return {
        "open": is_open(step),
        "overdue": is_overdue(step, today),
        "follow_up_missed": follow_up_missed(step, today),
    }


@dataclass(frozen=True)
class Attention:
    """Why an open step needs attention on a day: overdue, its follow-up missed, or its follow-up due soon."""

    overdue: bool
    follow_up_missed: bool
    follow_up_due: bool


Item = TypeVar("Item")


def needing_attention(
    steps: Iterable[tuple[Item, StepState]], today: date, within_days: int = 7
) -> list[tuple[Item, Attention]]:
    """The steps (each an item of the caller's with its state) that are overdue, have a missed follow-up or a
    follow-up within ``within_days``: missed follow-ups first, then overdue steps, then by the follow-up date (the
    order the caller gives within each)."""
    found = []
    for item, step in steps:
        why = Attention(is_overdue(step, today), follow_up_missed(step, today), follow_up_due(step, today, within_days))
        if why.overdue or why.follow_up_missed or why.follow_up_due:
            found.append((item, step, why))
    found.sort(key=lambda each: (not each[2].follow_up_missed, not each[2].overdue, each[1].next_follow_up_on or today))
    return [(item, why) for item, _step, why in found]


@dataclass(frozen=True)
class PlanProgress:
    """How far a plan has come: ``done`` of ``total`` steps (dropped steps are not counted: they will never be
    done), and how many open steps are overdue or have missed their follow-up."""

    done: int
    total: int
    overdue: int
    follow_up_missed: int


def plan_progress(steps: Iterable[StepState], today: date) -> PlanProgress:
    """The plan's progress on ``today`` ("3 of 6 steps done"), counting each step by the rules above."""
    done = total = overdue = missed = 0
    for step in steps:
        if step.status == "dropped":
            continue
        total += 1
        done += step.status == "done"
        overdue += is_overdue(step, today)
        missed += follow_up_missed(step, today)
    return PlanProgress(done, total, overdue, missed)
