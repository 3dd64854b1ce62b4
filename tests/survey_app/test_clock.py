"""The organisation's "today": its own time zone decides when a day begins, and a pinned day wins."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
