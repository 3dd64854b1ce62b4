"""A work trial's schedule of hours: from a step's date the person works a share of their usual hours, stepped up.

A work trial (Finnish *työkokeilu*, Kela's vocational rehabilitation) usually lasts 2–3 months and at most 6; the
hours start low and are raised on agreed dates until the person works their usual hours. So the schedule only steps
up: a later step never has a smaller share than an earlier one, two different shares never start on the same day,
and every change falls within the trial's own period. docs/person-track.md gives the source.

Plain Python: the caller passes the steps of the schedule; the errors are ``interventions.plans``' ``PlanError`` on
the form field ``hours_percent``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from interventions.i18n import N_
from interventions.plans.errors import PlanError

FIELD = "hours_percent"

_SHARE = N_("The share of the hours is a whole number from 1 to 100.")
_BEFORE_START = N_("The work trial starts on %(date)s: its hours cannot change before that.")
_AFTER_END = N_("The work trial ends on %(date)s: its hours cannot change after that.")
_SAME_DAY = N_("Two different shares of the hours cannot start on the same day (%(date)s).")
_STEPPED_DOWN = N_(
    "The hours of a work trial only step up: %(later)d per cent from %(later_on)s is less than %(earlier)d per cent "
    "from %(earlier_on)s."
)


@dataclass(frozen=True)
class ScheduledHours:
    """One step of the schedule: from ``starts_on`` the person works ``percent`` of their usual hours."""

    starts_on: date
    percent: int


def check_hours_schedule(schedule: Iterable[ScheduledHours], starts_on: date | None, ends_on: date | None) -> None:
    """Check a work trial's schedule of hours against its period ``starts_on``..``ends_on`` (either may be unknown).

    Each share is 1–100 per cent; each date lies within the period (both ends included); by date, the shares never
    decrease, and one day has one share (the same share twice is the same step said twice, and allowed). Raises the
    first problem found as ``PlanError``, dates as ``date`` objects.
    """
    ordered = sorted(schedule, key=lambda hours: hours.starts_on)
    for hours in ordered:
        if not 1 <= hours.percent <= 100:
            raise PlanError(_SHARE, FIELD)
        if starts_on is not None and hours.starts_on < starts_on:
            raise PlanError(_BEFORE_START, FIELD, {"date": starts_on})
        if ends_on is not None and hours.starts_on > ends_on:
            raise PlanError(_AFTER_END, FIELD, {"date": ends_on})
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.percent == earlier.percent:
            continue
        if later.starts_on == earlier.starts_on:
            raise PlanError(_SAME_DAY, FIELD, {"date": later.starts_on})
        if later.percent < earlier.percent:
            params = {
                "later": later.percent,
                "later_on": later.starts_on,
                "earlier": earlier.percent,
                "earlier_on": earlier.starts_on,
            }
            raise PlanError(_STEPPED_DOWN, FIELD, params)
