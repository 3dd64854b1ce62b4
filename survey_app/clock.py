"""The organisation's calendar day: the one place the app reads "today".

Rules about days (a round is open, a follow-up is overdue, "the last full month" of absence) are decided in the
organisation's time zone (``OMTANKE_TIMEZONE``, default Europe/Stockholm), not in UTC: at 00:30 in Helsinki it is
already tomorrow there. Views and commands call :func:`today` once and pass the date down; services and the core
packages take ``today`` as a parameter and never read the clock themselves. The one exception is a session event,
which no caller can hand a day: ``org.trees`` (a closed round keeps its unit tree) calls :func:`today` inside a flush.

A test run or a training copy may pin the day with ``OMTANKE_TODAY`` (an ISO date), so that no result
depends on the real calendar. Timestamps (``created_at``, audit times)
stay real UTC times from :func:`survey_app.db.utcnow`. Counting back from a day (:func:`months_before`) is pure
calendar arithmetic, the same for every area that keeps or looks back over months.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def today(now: datetime | None = None) -> date:
    """Today's date where the organisation is at ``now`` (an aware time; default: this moment), or the pinned
    ``OMTANKE_TODAY``."""
    pinned = current_app.config.get("OMTANKE_TODAY")
    if pinned is not None:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    moment = now or datetime.now(UTC)
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def local_time(moment: datetime) -> datetime:
    """A stored timestamp (naive UTC, ``db.utcnow``) as the organisation's wall-clock time, for pages to show."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def months_before(day: date, months: int) -> date:
    """The same calendar day ``months`` months earlier, or the month's last day when it is shorter (31 March → 28
    or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
