"""Calendar months as absence counts them: a month's first and last day, months later or earlier, rolling windows."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

_DAY = timedelta(days=1)


def month_of(day: date) -> date:
    """The first day of ``day``'s month: how a month is named throughout the absence figures."""
    return day.replace(day=1)


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(day: date, months: int) -> date:
    """The day ``months`` months later (earlier if negative): the same day number, or the month's last day."""
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def months_spanned(first: date, last: date) -> list[date]:
    """The first days of every month from ``first``'s to ``last``'s, both included."""
    months, month = [], month_of(first)
    while month <= month_of(last):
        months.append(month)
        month = add_months(month, 1)
    return months


def window_start(today: date, months: int) -> date:
    """The first day of the rolling window of ``months`` months that ends ``today`` (both days counted).

    The window runs from the day after the same date ``months`` months earlier, as the person signals count "spells
    in the last 12 months" (docs/absence-rules.md): on 15 May 2026 a 12-month window starts on 16 May 2025. When the
    earlier month is shorter, its last day stands in for the same date (31 March, 1 month: from 1 March).
    """
    return add_months(today, -months) + _DAY
