"""Absence indicators computed from imported spells and staffing (the statistics' own figures), entered values kept
where Omtanke has none, and talks recorded on the signals page counted as early-support talks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from interventions.indicators import INDICATORS
from survey_app.absence.services import statistics
from survey_app.db import db
from survey_app.indicators.services import indicator_table, indicator_tables
from survey_app.models import SignalTalk, Staffing
from tests.clock import LAST_MONTH, THIS_MONTH, TODAY, TWO_MONTHS_AGO, month_key
from tests.helpers import post_form

ABSENCE = {
    "sick_absence_pct": "sick_pct",
    "short_term_absence_pct": "short_term_pct",
    "partial_sick_leave_pct": "partial_share_pct",
    "sick_days_per_person_year": "days_per_person_year",
    "spells_per_employee": "spells_per_employee",
}


@pytest.fixture
def world(make):
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    return {"area": area, "unit": unit, "other": other, "hr": make.user("hr"), "manager": make.user("manager")}


def _absence(world, make) -> None:
    """Last month: HT-C has a spell continuing from the month before, a half-time spell and one joined after three
    days at work; BUF-1 one spell. Staffing for both months."""
    unit, other = world["unit"], world["other"]
    make.spell("E1", unit, TWO_MONTHS_AGO + timedelta(days=20), LAST_MONTH + timedelta(days=4))
    make.spell("E2", unit, LAST_MONTH + timedelta(days=2), LAST_MONTH + timedelta(days=11), 50)
    make.spell("E3", unit, LAST_MONTH + timedelta(days=1), LAST_MONTH + timedelta(days=3))
    make.spell("E3", unit, LAST_MONTH + timedelta(days=7), LAST_MONTH + timedelta(days=19))
    make.spell("E4", other, LAST_MONTH + timedelta(days=5), LAST_MONTH + timedelta(days=8), 75)
    for month in (TWO_MONTHS_AGO, LAST_MONTH):
        make.staffing(unit, month, 12)
        make.staffing(other, month, 8)


def test_absence_indicators_are_the_statistics_figures(world, make):
    _absence(world, make)
    area, unit, other, hr = world["area"], world["unit"], world["other"], world["hr"]
    found = {(m.unit, m.month): m for m in statistics(hr, TODAY).months}
    tables = indicator_tables(hr, [unit.id, area.id, other.id, None], TWO_MONTHS_AGO, TODAY, TODAY)
    for unit_id, code in ((unit.id, "HT-C"), (area.id, "VO"), (other.id, "BUF-1"), (None, "")):
        rows = {row.key: row for row in tables[unit_id]}
        for key, figure in ABSENCE.items():
            cell = next(c for c in rows[key].cells if c.start == LAST_MONTH)
            expected = getattr(found[(code, LAST_MONTH)], figure)
            assert expected is not None and (cell.value, cell.source) == (pytest.approx(expected), "computed")
    home = found[("HT-C", LAST_MONTH)]
    assert home.partial_share_pct == pytest.approx(10 * 100 / (5 + 10 + 3 + 13))  # calendar days at 50 %
    assert home.spells_per_employee == pytest.approx(2 / 12)  # E2's and E3's episodes; E1's began before


def test_an_entered_absence_value_stays_where_nothing_is_imported_and_computed_wins_elsewhere(
    world, client, login, enter, indicator_cells, make
):
    _absence(world, make)
    login(client, world["hr"])
    for unit in (world["unit"], world["other"]):
        assert enter(client, "sick_absence_pct", str(unit.id), month_key(TWO_MONTHS_AGO), "9.5").status_code == 302
    db.session.execute(Staffing.__table__.delete().where(Staffing.unit_id == world["other"].id))
    db.session.commit()
    home = {row.key: row for row in indicator_table(world["hr"], world["unit"].id, TWO_MONTHS_AGO, TODAY, TODAY)}
    school = {row.key: row for row in indicator_table(world["hr"], world["other"].id, TWO_MONTHS_AGO, TODAY, TODAY)}
    assert home["sick_absence_pct"].cells[0].source == "computed"  # imported staffing and spells: computed wins
    assert (school["sick_absence_pct"].cells[0].value, school["sick_absence_pct"].cells[0].source) == (9.5, "entered")
    page = client.get(f"/indicators/?unit={world['unit'].id}").get_data(as_text=True)
    last_month, this_month = indicator_cells(page, "sick_absence_pct")[11:13]
    assert last_month.endswith("%") and this_month == "–"  # this month has no staffing yet


def test_spells_per_employee_is_in_the_catalogue():
    indicator = INDICATORS["spells_per_employee"]
    assert (indicator.source, indicator.better) == ("absence", "lower")


def test_talks_recorded_on_the_signals_page_count_once_per_employee_and_date(world, app, login, make):
    unit, other, hr = world["unit"], world["other"], world["hr"]
    spells_back = [320, 220, 120, 30]  # four spells in a year: a signal for an omtankesamtal
    for days in spells_back:
        make.spell("E1", other, TODAY - timedelta(days=days + 60), TODAY - timedelta(days=days + 58))  # moved since
        make.spell("E1", unit, TODAY - timedelta(days=days), TODAY - timedelta(days=days - 2))
    db.session.commit()
    client = login(app.test_client(), hr)
    data = {"employee": "E1", "rule": "spells_in_window", "held_on": TODAY.isoformat()}
    assert post_form(client, "/absence/signals", data, action="/absence/signals/talk").status_code == 302
    assert [talk.rule for talk in db.session.query(SignalTalk)] == ["spells_in_window"]
    db.session.add(SignalTalk(employee_id="E1", rule="short_spells_fi", held_on=TODAY))  # the same talk, again
    db.session.commit()
    ids = [unit.id, world["area"].id, other.id, None]
    counted = {unit.id: 1, world["area"].id: 1, other.id: 0, None: 1}  # the unit of E1's latest spell
    assert _talks(indicator_tables(hr, ids, THIS_MONTH, TODAY, TODAY)) == counted
    # ... and logged as an early-support event in the same unit that day: still one talk
    make.support_event(unit, "early_support_talk", TODAY, roles=("manager",))
    assert _talks(indicator_tables(hr, ids, THIS_MONTH, TODAY, TODAY)) == counted


def _talks(tables) -> dict:
    return {
        unit_id: next(row for row in rows if row.key == "early_support_talks").cells[-1].value
        for unit_id, rows in tables.items()
    }
