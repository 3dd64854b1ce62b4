"""Person signals as HR meets them: both Swedish levels, and the Finnish 30-60-90 dates with how each was counted."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from survey_app.absence.allowance_days import finnish_holidays
from survey_app.db import db
from tests.clock import TODAY
from tests.spreadsheet import sheets_as_csv

WARNING = "Warning signal: repeated spells, follow the absence (no talk yet)"
OMTANKE = "Repeated spells: time for an omtankesamtal"
FI_START = TODAY - timedelta(days=200)  # an open sick period long enough for all three Finnish points


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def ninetieth_allowance_day(first: date) -> date:
    """Counted a day at a time: the day of falling ill and 9 allowance days wait, then 90 allowance days are paid
    (Monday to Saturday, not Finnish public holidays)."""
    holidays, day, counted = finnish_holidays(TODAY), first, -9
    while counted < 90:
        day += timedelta(days=1)
        counted += day.weekday() != 6 and day not in holidays
    return day


@pytest.fixture
def world(make, client, login):
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    spells = {"E1": (300, 200, 40), "E2": (300, 200, 120, 40)}  # days ago: three spells, four spells
    for employee, starts in spells.items():
        for back in starts:
            first = TODAY - timedelta(days=back)
            make.spell(employee, unit, first, first)
    make.spell("F1", unit, FI_START, None)
    login(client, make.user("hr"))
    return unit


def _person(page: str, employee: str) -> str:
    """The part of the signals page about one employee."""
    return page.split(f"<strong>{employee}</strong>")[1].split("<strong>")[0].split("</main>")[0]


def test_three_spells_show_a_warning_without_a_talk_form_and_four_the_omtankesamtal(world, client):
    page = client.get("/absence/signals").get_data(as_text=True)
    warned, invited = _person(page, "E1"), _person(page, "E2")
    assert WARNING in warned and OMTANKE not in warned and "<form" not in warned
    assert OMTANKE in invited and WARNING not in invited
    assert 'name="rule" value="spells_in_window"' in invited


def test_finnish_points_show_their_dates_with_how_each_was_counted(world, client):
    person = _person(client.get("/absence/signals").get_data(as_text=True), "F1")
    months, allowance = "counted in months from the first sick day", "counted in Kela allowance days"
    assert f"notify occupational health · {add_months(FI_START, 1).isoformat()} ({months})" in person
    assert f"must be applied for · {add_months(FI_START, 2).isoformat()} ({months})" in person
    ninety = ninetieth_allowance_day(FI_START)
    assert f"work ability due · {ninety.isoformat()} ({allowance}" in person
    assert ninety > FI_START + timedelta(days=89)  # later than the 90th calendar day


def test_the_export_tells_the_levels_and_countings_apart(world, client, tmp_path):
    response = client.get("/absence/export.xlsx")
    assert response.status_code == 200
    (tmp_path / "export.xlsx").write_bytes(response.data)
    sheet = sheets_as_csv(tmp_path / "export.xlsx")["Person signals"]
    heading, *rows = sheet[next(i for i, row in enumerate(sheet) if row[0] == "Employee") :]
    column = {name: index for index, name in enumerate(heading)}
    by_signal = {(row[0], row[column["Signal"]]): row for row in rows}
    assert ("E1", WARNING) in by_signal and ("E2", OMTANKE) in by_signal
    assert ("E1", OMTANKE) not in by_signal and ("E2", WARNING) not in by_signal
    ninety = by_signal[("F1", "90-day point: occupational health statement on work ability due")]
    assert ninety[column["Date"]] == ninetieth_allowance_day(FI_START).isoformat()
    assert ninety[column["Counted in"]].startswith("counted in Kela allowance days")


def test_a_talk_is_not_recorded_for_a_warning_even_by_a_hand_made_post(world, client):
    from survey_app.models import SignalTalk
    from tests.helpers import post_form

    held = {"employee": "E1", "rule": "spells_warning", "held_on": TODAY.isoformat()}
    page = post_form(client, "/absence/signals", held, action="/absence/signals/talk", follow_redirects=True)
    assert "no talk is recorded for it" in page.get_data(as_text=True)
    assert db.session.query(SignalTalk).count() == 0
