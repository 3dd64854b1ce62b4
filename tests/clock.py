"""The day the suite lives on: pinned, so that no result depends on the real calendar.

Every test dates its data from ``TODAY`` and the app fixture pins the app's day to it (``OMTANKE_TODAY``), so pages,
commands and services agree with the test on what "today", "last month" and "the last 12 months" mean. The default
is early in a month, when "the last full month" is furthest from today. ``OMTANKE_TEST_TODAY`` moves the whole
suite to another day: CI runs the date-sensitive tests again on the first and last day of a month, on 29 February
and a year ahead, each under ``faketime`` at the same day, which also catches any code that reads the real clock.
"""

from __future__ import annotations

import os
from datetime import date

TODAY = date.fromisoformat(os.environ.get("OMTANKE_TEST_TODAY") or "2026-12-06")
