"""Indicators as HR, managers and occupational health meet them: entered values replaced, never duplicated; talks,
meetings and survey figures computed (never for a group too small to show); targets met or not, in words; everyone
limited to their own units."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from interventions.indicators import INDICATORS
from survey_app.db import db
from survey_app.indicators.computed import computed_values
from survey_app.indicators.services import recent_range
from survey_app.models import AuditEvent, IndicatorTarget, IndicatorValue
from tests.clock import LAST_MONTH, THIS_MONTH, TODAY, TWO_MONTHS_AGO, month_key
from tests.helpers import html_text

HME = [f"hme.hme{i}" for i in range(1, 10)]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _audited() -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action.startswith("indicators.")))


# --- entering values --------------------------------------------------------------------------------------------


def test_entering_a_value_twice_replaces_it(world, client, login, enter, indicator_cells):
    login(client, world["hr"])
    unit = str(world["unit"].id)
    assert enter(client, unit=unit, value="3").status_code == 302
    response = enter(client, unit=unit, value="2")
    assert response.status_code == 302 and f"unit={unit}" in response.headers["Location"]
    [stored] = db.session.scalars(select(IndicatorValue)).all()
    assert (stored.indicator, stored.unit_id, stored.value) == ("accidents", world["unit"].id, 2.0)
    assert (stored.period_start, stored.period_end.day) == (LAST_MONTH, (THIS_MONTH - timedelta(days=1)).day)
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "indicators.value_entered")).all()
    assert len(audit) == 2 and audit[-1].details["replaced"] == 3.0
    cells = indicator_cells(client.get(f"/indicators/?unit={unit}").get_data(as_text=True), "accidents")
    assert cells[11:13] == ["2", "–"] and cells[-1] == "entered"


def test_a_value_for_the_organisation_stays_apart_from_a_units_value(world, client, login, enter, indicator_cells):
    login(client, world["hr"])
    assert enter(client, value="7").status_code == 302
    assert enter(client, unit=str(world["unit"].id), value="1").status_code == 302
    assert enter(client, value="5").status_code == 302
    values = {row.unit_id: row.value for row in db.session.scalars(select(IndicatorValue))}
    assert values == {None: 5.0, world["unit"].id: 1.0}
    assert indicator_cells(client.get("/indicators/").get_data(as_text=True), "accidents")[11] == "5"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"period": "2026-13"}, "Period", '"2026-13" is not a period. Write a month (2026-03), a quarter'),
        ({"period": "mars"}, "Period", '"mars" is not a period.'),
        ({"period": ""}, "Period", "This field is required."),
        ({"value": "-1"}, "Value", "Enter a number of zero or more."),
        ({"value": "NaN"}, "Value", "Enter a number of zero or more."),
        ({"value": "Infinity"}, "Value", "Enter a number of zero or more."),
        ({"value": "sNaN"}, "Value", "Enter a number"),
        ({"value": "many"}, "Value", "Not a valid decimal value."),
        ({"value": "1.5"}, "Value", "Enter a whole number."),
        ({"indicator": "sick_absence_pct", "value": "100.5"}, "Value", "A percentage is at most 100."),
        ({"indicator": "early_support_talks"}, "Indicator", "Omtanke computes this indicator from its own data"),
        ({"indicator": "hme_total"}, "Indicator", "Omtanke computes this indicator from its own data"),
        ({"indicator": "happiness"}, "Indicator", "Choose an indicator from the list."),
        ({"unit": "999999"}, "Unit", "Choose a unit from the list."),
    ],
)
def test_bad_values_are_explained_by_field_and_nothing_is_stored(world, client, login, fields, field, message, enter):
    login(client, world["hr"])
    response = enter(client, **fields)
    assert response.status_code == 200
    page = html_text(response.get_data(as_text=True))
    assert "There is a problem" in page and f"{field}: {message}" in page
    assert _count(IndicatorValue) == 0 and _audited() == 0


def test_absence_may_be_entered_until_it_is_imported(world, client, login, enter, indicator_cells):
    login(client, world["hr"])
    assert enter(client, indicator="sick_absence_pct", period=month_key(TWO_MONTHS_AGO), value="6.4").status_code == 302
    cells = indicator_cells(client.get("/indicators/").get_data(as_text=True), "sick_absence_pct")
    assert cells[10] == "6.4%" and cells[-1] == "entered"


def test_quarters_show_an_entered_quarter_and_add_up_entered_months(world, client, login, enter, indicator_cells):
    login(client, world["hr"])
    quarter_start = date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)
    index = quarter_start.year * 12 + quarter_start.month - 1 - 3
    previous = date(index // 12, index % 12 + 1, 1)
    quarter = f"{quarter_start.year}-Q{(quarter_start.month - 1) // 3 + 1}"
    assert enter(client, indicator="risk_reports", period=quarter, value="4").status_code == 302
    for offset, value in ((0, "1"), (1, "2")):
        month = date(previous.year, previous.month + offset, 1)
        assert enter(client, indicator="risk_reports", period=month_key(month), value=value).status_code == 302
    page = client.get("/indicators/?kind=quarter").get_data(as_text=True)
    assert quarter in page
    assert indicator_cells(page, "risk_reports")[3:5] == ["3", "4"]  # the months of last quarter added up


# --- targets ----------------------------------------------------------------------------------------------------


def test_targets_are_met_or_not_in_words_with_progress(world, client, login, enter, indicator_cells, set_target):
    login(client, world["hr"])
    unit = str(world["unit"].id)
    assert set_target(client, "accidents", "3").status_code == 302  # the organisation's target
    assert set_target(client, "risk_reports", "4", unit=unit).status_code == 302
    assert set_target(client, "risk_reports", "5", unit=unit).status_code == 302  # replaces
    assert set_target(client, "sick_absence_pct", "5", unit=unit).status_code == 302
    assert _count(IndicatorTarget) == 3
    assert enter(client, indicator="accidents", unit=unit, value="2").status_code == 302
    assert enter(client, indicator="risk_reports", unit=unit, value="1").status_code == 302
    for month, value in ((TWO_MONTHS_AGO, "8"), (LAST_MONTH, "6.5")):
        assert enter(client, indicator="sick_absence_pct", unit=unit, period=month_key(month), value=value)
    page = client.get(f"/indicators/?unit={unit}").get_data(as_text=True)
    accidents, reports = indicator_cells(page, "accidents"), indicator_cells(page, "risk_reports")
    assert accidents[-4].startswith("at most 3 by") and "(whole organisation)" in accidents[-4]
    assert accidents[-3] == "met" and accidents[-2] == "–"  # one value has made no progress yet
    assert reports[-4].startswith("at least 5 by") and "whole organisation" not in reports[-4]
    assert reports[-3] == "not met"
    absence = indicator_cells(page, "sick_absence_pct")
    assert absence[-3] == "not met" and absence[-2] == "50%"  # from 8 towards 5, now 6.5: half-way
    assert indicator_cells(page, "disability_pensions")[-4:-1] == ["–", "–", "–"]


def test_bad_targets_are_explained_and_nothing_is_stored(world, client, login, set_target):
    login(client, world["hr"])
    response = set_target(client, "hme_total", "120")
    text = html_text(response.get_data(True))
    assert response.status_code == 200 and "Target: This index runs from 0 to 100." in text
    response = set_target(client, "work_ability", "11")
    assert "This index runs from 0 to 10." in html_text(response.get_data(as_text=True))
    response = set_target(client, "accidents", "2", target_on="someday")
    assert response.status_code == 200 and "Target date: Not a valid date value." in html_text(response.get_data(True))
    assert _count(IndicatorTarget) == 0 and _audited() == 0


# --- who sees what ----------------------------------------------------------------------------------------------


def test_managers_cannot_enter_and_see_only_their_units(world, client, login, enter, set_target):
    login(client, world["manager"])
    page = client.get("/indicators/").get_data(as_text=True)
    assert "Indicators for Hemtjänst Centrum by month" in page
    assert "Förskolan Solrosen" not in page and "Whole organisation" not in page and "Enter a value" not in page
    assert client.get(f"/indicators/?unit={world['unit'].id}").status_code == 200
    assert client.get(f"/indicators/?unit={world['other'].id}").status_code == 404
    assert client.get(f"/indicators/?unit={world['area'].id}").status_code == 404
    assert client.get("/indicators/?unit=abc").status_code == 404
    assert enter(client, unit=str(world["unit"].id)).status_code == 403
    assert set_target(client, "accidents", "1", unit=str(world["unit"].id)).status_code == 403
    assert _count(IndicatorValue) == 0 and _count(IndicatorTarget) == 0


def test_occupational_health_reads_the_units_it_is_invited_to(world, client, login, enter):
    login(client, world["ohs"])
    page = client.get("/indicators/").get_data(as_text=True)
    assert "Indicators for Vård och omsorg by month" in page and "Enter a value" not in page
    assert client.get(f"/indicators/?unit={world['unit'].id}&kind=quarter").status_code == 200
    assert client.get(f"/indicators/?unit={world['other'].id}").status_code == 404
    assert enter(client).status_code == 403


def test_a_manager_without_units_is_told_so(make, client, login):
    login(client, make.user("manager"))
    response = client.get("/indicators/")
    assert response.status_code == 200 and "You have no units yet." in response.get_data(as_text=True)


def test_the_page_renders_for_the_organisation_for_hr(world, client, login):
    login(client, world["admin"])
    page = client.get("/indicators/").get_data(as_text=True)
    assert "Indicators for Whole organisation by month" in page
    header = re.search(r"<thead>(.*?)</thead>", page, flags=re.S).group(1)
    assert len(re.findall(r'<th scope="col">', header)) == 1 + 12 + 4
    assert month_key(THIS_MONTH) in header and month_key(date(TODAY.year - 1, TODAY.month, 1)) not in header
    assert len(re.findall(r'<tr id="indicator-', page)) == len(INDICATORS)
    assert '<div class="table-wrap"' in page and "<caption>" in page and 'scope="row"' in page
    assert "Enter a value" in page and "Set a target" in page
    quarters = client.get("/indicators/?kind=quarter").get_data(as_text=True)
    assert len(re.findall(r'<th scope="col">\d{4}-Q[1-4]</th>', quarters)) == 4
    years = client.get("/indicators/?kind=year&unit=").get_data(as_text=True)
    assert len(re.findall(r'<th scope="col">\d{4}</th>', years)) == 3


def test_recent_range_covers_the_current_period_and_those_before():
    assert recent_range("month", date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 15))
    assert recent_range("quarter", date(2026, 2, 10)) == (date(2025, 4, 1), date(2026, 2, 10))
    assert recent_range("year", date(2026, 2, 10)) == (date(2024, 1, 1), date(2026, 2, 10))


# --- computed values --------------------------------------------------------------------------------------------


def test_talks_and_meetings_are_counted_per_month_in_one_query(
    world, client, login, count_queries, indicator_cells, make
):
    unit, other, area = world["unit"], world["other"], world["area"]
    for day in (LAST_MONTH, LAST_MONTH + timedelta(days=1), THIS_MONTH):
        make.support_event(unit, "early_support_talk", day)
    make.support_event(unit, "network_meeting", THIS_MONTH)
    make.support_event(other, "early_support_talk", LAST_MONTH)
    make.support_event(unit, "early_support_talk", LAST_MONTH - timedelta(days=800))  # long before the range
    db.session.commit()
    ids = [unit.id, area.id, other.id, None]
    with count_queries() as counter:
        talks = computed_values("early_support_talks", ids, LAST_MONTH, TODAY, TODAY)
    assert counter.count <= 2
    assert talks == {
        (unit.id, LAST_MONTH): 2,
        (unit.id, THIS_MONTH): 1,
        (area.id, LAST_MONTH): 2,  # the area's count covers its units
        (area.id, THIS_MONTH): 1,
        (other.id, LAST_MONTH): 1,
        (None, LAST_MONTH): 3,
        (None, THIS_MONTH): 1,
    }
    meetings = computed_values("network_meetings", ids, LAST_MONTH, TODAY, TODAY)
    assert meetings == {(unit.id, THIS_MONTH): 1, (area.id, THIS_MONTH): 1, (None, THIS_MONTH): 1}
    login(client, world["manager"])
    cells = indicator_cells(client.get("/indicators/").get_data(as_text=True), "early_support_talks")
    assert cells[10:13] == ["0", "2", "1"] and cells[-1] == "computed"


def test_survey_figures_come_from_closed_rounds_and_never_from_a_hidden_group(make, client, login, indicator_cells):
    big = make.unit("Hemtjänst Norr", code="HT-N", headcount=10)
    middle = make.unit("Hemtjänst Söder", code="HT-S", headcount=10)
    small = make.unit("Nattpatrullen", code="HT-NP", headcount=3)
    sections = ("hme/motivation", "hme/leadership", "hme/steering")
    closes = TODAY - timedelta(days=3)
    closed = make.survey_round(None, sections=sections, opens_on=closes - timedelta(days=20), closes_on=closes)
    still_open = make.survey_round(
        None, sections=sections, opens_on=TODAY - timedelta(days=2), closes_on=TODAY + timedelta(days=10)
    )
    make.responses(closed, big, dict.fromkeys(HME, 4), count=8)  # every item 4 → 75
    make.responses(closed, middle, dict.fromkeys(HME, 2), count=6)  # hidden: it would give the small group away
    make.responses(closed, small, dict.fromkeys(HME, 5), count=2)  # too few answers
    make.responses(still_open, big, dict.fromkeys(HME, 1), count=8)
    db.session.commit()
    month = closes.replace(day=1)
    ids = [big.id, middle.id, small.id, None]
    total = computed_values("hme_total", ids, month - timedelta(days=400), TODAY, TODAY)
    assert total == {(big.id, month): 75.0, (None, month): pytest.approx((8 * 75 + 6 * 25 + 2 * 100) / 16)}
    assert computed_values("hme_steering", [big.id], month, TODAY, TODAY) == {(big.id, month): 75.0}
    assert computed_values("work_ability", ids, month, TODAY, TODAY) == {}  # the round did not ask
    assert computed_values("sick_absence_pct", ids, month, TODAY, TODAY) == {}  # absence is not imported yet

    login(client, make.user("hr"))
    organisation = indicator_cells(client.get("/indicators/").get_data(as_text=True), "hme_total")
    assert organisation[12 - (TODAY.month - month.month) % 12] == "59.4" and organisation[-1] == "computed"
    hidden = indicator_cells(client.get(f"/indicators/?unit={small.id}").get_data(as_text=True), "hme_total")
    assert hidden[1:13] == ["–"] * 12
    shown = indicator_cells(client.get(f"/indicators/?unit={big.id}").get_data(as_text=True), "hme_motivation")
    assert "75" in shown[1:13]


def test_the_page_costs_the_same_number_of_queries_for_few_units_as_for_many(app, make, login, count_queries):
    root = make.unit("Kommun", code="ROOT")
    make.support_event(root, "early_support_talk", THIS_MONTH)
    db.session.commit()
    client = login(app.test_client(), make.user("hr"))

    def queries_for_page() -> int:
        with count_queries() as counter:
            assert client.get(f"/indicators/?unit={root.id}").status_code == 200
        return counter.count

    few = queries_for_page()
    for number in range(20):
        make.support_event(make.unit(f"Enhet {number}", parent=root), "network_meeting", LAST_MONTH)
    db.session.commit()
    assert queries_for_page() == few
