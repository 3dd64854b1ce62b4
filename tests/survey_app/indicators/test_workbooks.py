"""Indicators as a workbook, opened in LibreOffice: the page's values and targets for every unit one may see,
computed and entered values told apart, unit names kept as text, and the same scope as the indicators page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from interventions.indicators import INDICATORS
from survey_app.db import db
from tests.clock import LAST_MONTH, THIS_MONTH, TODAY, TWO_MONTHS_AGO, month_key
from tests.spreadsheet import sheets_as_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url: str, tmp_path: Path) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "indicators.xlsx"
    path.write_bytes(response.data)
    return sheets_as_csv(path)


def _table(rows: list[list[str]]) -> list[dict[str, str]]:
    start = next(index for index, row in enumerate(rows) if row[:2] == ["Unit", "Code"])
    return [dict(zip(rows[start], row, strict=True)) for row in rows[start + 1 :] if any(row)]


def _row(table: list[dict[str, str]], unit: str, indicator: str) -> dict[str, str]:
    (found,) = [row for row in table if row["Unit"] == unit and row["Indicator"] == indicator]
    return found


SICK = "Sick absence (share of working time)"
ACCIDENTS = "Occupational accidents"
TALKS = "Early-support talks held"


@pytest.fixture
def figures(world, client, login, make, enter, set_target):
    """Targets and entered values as on the page's own tests, talks logged for HT-C, and a unit whose name an
    administrator typed like a formula."""
    world["formula"] = make.unit("=1+1", parent=world["area"], code="@SUM(A1)")
    login(client, world["hr"])
    unit = str(world["unit"].id)
    assert set_target(client, "accidents", "3").status_code == 302  # the organisation's target
    assert set_target(client, "sick_absence_pct", "5", unit=unit).status_code == 302
    assert enter(client, indicator="accidents", unit=unit, value="2").status_code == 302
    for month, value in ((TWO_MONTHS_AGO, "8"), (LAST_MONTH, "6.5")):
        assert enter(client, indicator="sick_absence_pct", unit=unit, period=month_key(month), value=value)
    assert enter(client, indicator="accidents", unit=str(world["other"].id), value="4").status_code == 302
    for day in (LAST_MONTH, LAST_MONTH + timedelta(days=1), THIS_MONTH):
        make.support_event(world["unit"], "early_support_talk", day)
    db.session.commit()
    return world


def test_every_units_values_targets_and_whether_they_are_met(figures, client, tmp_path):
    sheets = _download(client, "/indicators/export.xlsx", tmp_path)
    table = _table(sheets["Indicators"])
    units = ["Whole organisation", "=1+1", "Förskolan Solrosen", "Hemtjänst Centrum", "Vård och omsorg"]
    assert sorted({row["Unit"] for row in table}) == sorted(units) and len(table) == 5 * len(INDICATORS)
    sick = _row(table, "Hemtjänst Centrum", SICK)
    assert (sick["Code"], sick["Direction"]) == ("HT-C", "lower is better")
    assert (sick[month_key(TWO_MONTHS_AGO)], sick[month_key(LAST_MONTH)], sick[month_key(THIS_MONTH)]) == (
        "8",
        "6.5",
        "",
    )
    assert (sick["Target"], sick["Target of the whole organisation"], sick["Target met"]) == ("5", "", "not met")
    assert sick["Progress"] == "50.0%" and sick["Source"] == "entered"  # from 8 towards 5, now 6.5: half-way
    accidents = _row(table, "Hemtjänst Centrum", ACCIDENTS)
    assert (accidents[month_key(LAST_MONTH)], accidents["Target"], accidents["Target met"]) == ("2", "3", "met")
    assert accidents["Target of the whole organisation"] == "Yes"
    assert accidents["Target date"] == (TODAY + timedelta(days=365)).isoformat()
    assert _row(table, "Förskolan Solrosen", ACCIDENTS)["Target met"] == "not met"  # 4 against at most 3
    talks = _row(table, "Hemtjänst Centrum", TALKS)
    assert (talks[month_key(LAST_MONTH)], talks[month_key(THIS_MONTH)], talks["Source"]) == ("2", "1", "computed")
    assert _row(table, "Vård och omsorg", TALKS)[month_key(LAST_MONTH)] == "2"  # the area counts its units' talks

    values = _table(sheets["Values"])
    entered = [row for row in values if row["Unit"] == "Hemtjänst Centrum" and row["Indicator"] == SICK]
    assert [(row["Period"], row["First day"], row["Value"], row["Source"]) for row in entered] == [
        (month_key(TWO_MONTHS_AGO), TWO_MONTHS_AGO.isoformat(), "8", "entered"),
        (month_key(LAST_MONTH), LAST_MONTH.isoformat(), "6.5", "entered"),
    ]
    assert entered[-1]["Last day"] == (THIS_MONTH - timedelta(days=1)).isoformat()
    counted = _row([row for row in values if row["Period"] == month_key(THIS_MONTH)], "Hemtjänst Centrum", TALKS)
    assert (counted["Value"], counted["Source"]) == ("1", "computed")


def test_a_unit_name_typed_like_a_formula_comes_out_as_typed(figures, client, tmp_path):
    table = _table(_download(client, "/indicators/export.xlsx", tmp_path)["Indicators"])
    row = _row(table, "=1+1", ACCIDENTS)  # not 2
    assert row["Code"] == "@SUM(A1)"


def test_a_manager_exports_only_their_own_unit(figures, app, login, tmp_path):
    manager = login(app.test_client(), figures["manager"])
    sheets = _download(manager, "/indicators/export.xlsx", tmp_path)
    assert {row["Unit"] for rows in sheets.values() for row in _table(rows)} == {"Hemtjänst Centrum"}
    text = "\n".join(",".join(row) for rows in sheets.values() for row in rows)
    assert "Solrosen" not in text and "Whole organisation" not in text and "Vård och omsorg" not in text
    assert manager.get(f"/indicators/export.xlsx?unit={figures['other'].id}").status_code == 404
    assert manager.get(f"/indicators/export.xlsx?unit={figures['area'].id}").status_code == 404
    assert manager.get(f"/indicators/export.xlsx?unit={figures['unit'].id}").status_code == 200


def test_occupational_health_exports_the_units_it_is_invited_to(figures, app, login, tmp_path):
    ohs = login(app.test_client(), figures["ohs"])
    table = _table(_download(ohs, "/indicators/export.xlsx?kind=quarter", tmp_path)["Indicators"])
    assert {row["Unit"] for row in table} == {"Vård och omsorg", "Hemtjänst Centrum", "=1+1"}
    quarter = f"{LAST_MONTH.year}-Q{(LAST_MONTH.month - 1) // 3 + 1}"
    assert _row(table, "Hemtjänst Centrum", TALKS)[quarter] != ""  # periods are quarters, as asked
    assert ohs.get(f"/indicators/export.xlsx?unit={figures['other'].id}").status_code == 404


def test_a_unit_narrows_hrs_export_to_its_subtree(figures, client, tmp_path):
    table = _table(_download(client, f"/indicators/export.xlsx?unit={figures['area'].id}", tmp_path)["Indicators"])
    assert {row["Unit"] for row in table} == {"Vård och omsorg", "Hemtjänst Centrum", "=1+1"}


def test_without_a_login_there_is_nothing_to_download(figures, app):
    response = app.test_client().get("/indicators/export.xlsx")
    assert response.status_code == 302 and "/login" in response.location


def test_the_page_links_to_the_download(figures, client):
    page = client.get("/indicators/?kind=year").get_data(as_text=True)
    assert 'href="/indicators/export.xlsx?kind=year">' in page


def test_the_export_costs_the_same_number_of_queries_for_few_units_as_for_many(figures, client, make, count_queries):
    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/indicators/export.xlsx").status_code == 200
        return counter.count

    few = queries()
    for number in range(10):
        make.support_event(make.unit(f"Enhet {number}", parent=figures["area"]), "network_meeting", LAST_MONTH)
    db.session.commit()
    assert queries() == few


def test_a_manager_without_units_gets_an_empty_workbook(make, client, login, tmp_path):
    login(client, make.user("manager"))
    assert _table(_download(client, "/indicators/export.xlsx", tmp_path)["Indicators"]) == []
