"""The day the suite lives on: pinned, so that no result depends on the real calendar.

Every test dates its data from ``TODAY`` and the app fixture pins the app's day to it (``OMTANKE_TODAY``), so pages,
commands and services agree with the test on what "today", "last month" and "the last 12 months" mean. The default
is early in a month, when "the last full month" is furthest from today. ``OMTANKE_TEST_TODAY`` moves the whole
suite to another day: CI runs the date-sensitive tests again on the first and last day of a month, on 29 February
and a year ahead, each under ``faketime`` at the same day, which also catches any code that reads the real clock.

The months and days around ``TODAY`` are named here once, as the pages and upload files write them.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

TODAY = date.fromisoformat(os.environ.get("OMTANKE_TEST_TODAY") or "2026-12-06")
#: The first days of TODAY's month and of the two before it.
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - timedelta(days=1)).replace(day=1)
TWO_MONTHS_AGO = (LAST_MONTH - timedelta(days=1)).replace(day=1)


def month_key(day: date) -> str:
    """The month ``day`` falls in, as forms and tables name it ("2026-11")."""
    return f"{day.year:04d}-{day.month:02d}"


def days_ago(days: int) -> str:
    """The day ``days`` before TODAY, as a file writes it."""
    return (TODAY - timedelta(days=days)).isoformat()


def months_back(back: int) -> str:
    """The month ``back`` months before TODAY's, as a file writes it ("2026-11")."""
    year, month = TODAY.year, TODAY.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


def in_month(back: int, day: int) -> str:
    """A day of the month ``back`` months before TODAY's: dated by month, so it stays in "the last full month"
    whatever day of the month TODAY is."""
    return f"{months_back(back)}-{day:02d}"
