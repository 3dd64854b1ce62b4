"""Settings the README promises take effect: absence rules and the cost of a sick day, read and checked at start."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app import create_app
from survey_app.config import build_config
from survey_app.db import db
from survey_app.models import InterventionCase
from tests.clock import TODAY
from tests.helpers import page_text, post_form

WARNING = "Warning signal: repeated spells, follow the absence (no talk yet)"


def _configure(app, tmp_path, monkeypatch, **variables: str) -> None:
    """Read the settings as a starting app does, with ``variables`` set, and use the two this file is about."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    config = build_config(tmp_path)
    for name in ("OMTANKE_ABSENCE_RULES", "OMTANKE_SICK_DAY_COST"):
        app.config[name] = config.get(name)


def test_absence_rules_from_the_environment_move_a_signal_threshold(app, make, client, login, tmp_path, monkeypatch):
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    for back in (200, 40):  # two spells in the last 12 months: below the default warning level of three
        first = TODAY - timedelta(days=back)
        make.spell("E1", unit, first, first)
    login(client, make.user("hr"))
    _configure(app, tmp_path, monkeypatch)
    assert WARNING not in client.get("/absence/signals").get_data(as_text=True)
    rules = '{"warning_spells": 2, "fi_points": [60, 90], "fi_counting": ["months", "allowance_days"]}'
    _configure(app, tmp_path, monkeypatch, OMTANKE_ABSENCE_RULES=rules)
    assert app.config["OMTANKE_ABSENCE_RULES"]["fi_points"] == (60, 90)  # JSON lists become the rules' tuples
    page = client.get("/absence/signals").get_data(as_text=True)
    assert "<strong>E1</strong>" in page and WARNING in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"spells_per_year": 3}', "OMTANKE_ABSENCE_RULES: unknown field 'spells_per_year'"),
        ('{"spells_in_window": "4"}', "OMTANKE_ABSENCE_RULES: spells_in_window: expected int"),
        ('{"fi_counting": ["months", "months", "weeks"]}', "OMTANKE_ABSENCE_RULES: fi_counting: 'weeks'"),
        ("[4]", "OMTANKE_ABSENCE_RULES must be a JSON object"),
        ("{spells_in_window: 4}", "OMTANKE_ABSENCE_RULES is not valid JSON"),
    ],
)
def test_a_wrong_absence_rule_stops_the_start_naming_the_field(monkeypatch, value, message):
    monkeypatch.setenv("OMTANKE_ABSENCE_RULES", value)
    with pytest.raises(ValueError, match=re.escape(message)):
        create_app({"TESTING": True})


def test_the_sick_day_cost_from_the_environment_prices_a_case(
    app, make, client, login, tmp_path, monkeypatch, known_periods
):
    make.unit("Hemtjänst Centrum", code="HT-C", headcount=31)
    login(client, make.user("hr"))
    post_form(client, "/plans/new", {"unit_code": "ht-c", "trigger": "absence_signal", "trigger_note": "7,9 %"})
    case = db.session.scalar(select(InterventionCase))
    periods = {**known_periods, "daily_cost": ""}  # the case sets none: the installation's cost applies
    assert post_form(client, f"/plans/{case.id}", periods, action=f"/plans/{case.id}/periods").status_code == 302
    # 27.28 fewer short-term days (as in the plans tests): at the default 2,500 worth 68,192; at 3,000 worth 81,830
    _configure(app, tmp_path, monkeypatch)
    assert "worth about 68,192 at 2,500 per day" in page_text(client.get(f"/plans/{case.id}"))
    _configure(app, tmp_path, monkeypatch, OMTANKE_SICK_DAY_COST="3000")
    assert "worth about 81,830 at 3,000 per day" in page_text(client.get(f"/plans/{case.id}"))


@pytest.mark.parametrize("value", ["0", "-100", "2 500", "2500 SEK", "nan", "inf"])
def test_a_sick_day_cost_that_is_not_a_positive_number_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("OMTANKE_SICK_DAY_COST", value)
    with pytest.raises(ValueError, match="OMTANKE_SICK_DAY_COST must be a positive number"):
        create_app({"TESTING": True})
