"""When a task falls on a day off: a contact with the employee waits for the next working day, a legal deadline is
brought forward to the working day before it (docs/person-track.md).

Weekends are known here; the public holidays are the caller's (the web shell passes its country's calendar).
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

__all__ = ["is_day_off", "next_working_day", "working_day_before"]

_DAY = timedelta(days=1)
_SATURDAY = 5
_LONGEST_BREAK = 31  # no calendar has this many days off in a row: more means the calendar given is wrong


def is_day_off(day: date, days_off: Container[date]) -> bool:
    """Whether ``day`` is a Saturday, a Sunday or one of ``days_off`` (the public holidays)."""
    return day.weekday() >= _SATURDAY or day in days_off


def next_working_day(day: date, days_off: Container[date]) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    return _step(day, _DAY, days_off)


def working_day_before(day: date, days_off: Container[date]) -> date:
    """``day`` itself if it is a working day, else the last working day before it."""
    return _step(day, -_DAY, days_off)


def _step(day: date, step: timedelta, days_off: Container[date]) -> date:
    moved = day
    for _ in range(_LONGEST_BREAK):
        if not is_day_off(moved, days_off):
            return moved
        moved += step
    raise ValueError(f"no working day within {_LONGEST_BREAK} days of {day}: check the public holidays given")
