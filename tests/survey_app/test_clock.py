"""The organisation's "today": its own time zone decides when a day begins, and a pinned day wins."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import survey_app
from survey_app import clock
from tests.clock import TODAY

LATE_EVENING_UTC = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm, 00:30 on the 7th in Helsinki


def test_the_day_begins_in_the_organisations_time_zone(app):
    app.config["OMTANKE_TODAY"] = None
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Stockholm"
    assert clock.today(LATE_EVENING_UTC) == date(2026, 12, 6)
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Helsinki"
    assert clock.today(LATE_EVENING_UTC) == date(2026, 12, 7)


def test_a_pinned_day_is_the_pages_today(app, make, client, login):
    assert clock.today(LATE_EVENING_UTC) == TODAY  # the suite runs on its own day, whatever the real date
    app.config["OMTANKE_TODAY"] = date(2028, 2, 29)
    login(client, make.user("hr"))
    assert "ranked by short-term absence in 2028-01" in client.get("/absence/").get_data(as_text=True)


#: Ways of reading the calendar day from the wall clock, in Python or SQL: each takes the server's zone or UTC.
_DAY_FROM_THE_CLOCK = re.compile(
    r"\bdate\.today\(|\bdatetime\.(today|utcnow)\(|\bdatetime\.now\(\)|\butcnow\(\)\.date\(|\.now\([^)]*\)\.date\("
    r"|\btime\.localtime\(|\bfunc\.(current_date|now|localtimestamp)\b|\bCURRENT_DATE\b|\bLOCALTIMESTAMP\b",
    re.IGNORECASE,
)


def test_no_module_but_clock_reads_the_day_from_the_wall_clock():
    """Issue 19, finding 6: indicators, plan evaluation and interviews once took the server's local day while
    answering and results took UTC's. Timestamps (``db.utcnow``) are fine; a day comes from ``clock.today``."""
    root = Path(survey_app.__file__).parent.parent
    readers = {
        f"{path.relative_to(root)}:{number}": line.strip()
        for package in ("survey_app", "interventions", "exports", "nlp")
        for path in sorted((root / package).rglob("*.py"))
        if path != root / "survey_app" / "clock.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _DAY_FROM_THE_CLOCK.search(line)
    }
    assert readers == {}
