"""A manager follows their own units' absence: their subtree and the organisation's total, nothing of other units."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.absence import services
from survey_app.db import db
from survey_app.models import AuditEvent
from tests.clock import TODAY, days_ago, months_back

OTHER_UNITS = ("Vård och omsorg", "Hemtjänst Norr", "Ängsskolan")
OTHER_CODES = ("VO", "HT-N", "BUF-1")
ROW = r'<th scope="row">([^<]*?)\s*(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>'


@pytest.fixture
def world(make, app, login, import_files):
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=20)
    night = make.unit("Nattpatrullen", parent=home, code="HT-C1", headcount=20)
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-N", headcount=20)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    people = {"hr": make.user("hr"), "manager": make.user("manager", units=(home,))}
    spells = ["employee_id;unit_code;start_date;end_date;extent;sex;age_band"]
    for employee, code, sex in (("E1", "HT-C", "F"), ("E2", "HT-C1", "M"), ("E3", "HT-N", "M"), ("E4", "BUF-1", "F")):
        spells += [f"{employee};{code};{days_ago(d)};{days_ago(d - 2)};100;{sex};30-49" for d in (300, 200, 120, 40)]
    staffing = ["unit_code;month;employees;sex;age_band"]
    for back in range(1, 13):
        for code in ("HT-C", "HT-C1", "HT-N", "BUF-1"):  # 20 a unit: 14 + 4 + 2
            staffing += [f"{code};{months_back(back)};14;F;30-49", f"{code};{months_back(back)};4;M;30-49"]
            staffing += [f"{code};{months_back(back)};2;F;50-"]
    hr = login(app.test_client(), people["hr"])
    assert import_files(hr, "\n".join(spells).encode(), "\n".join(staffing).encode()).status_code == 302
    return {"home": home, "night": night, "north": north, "school": school, "hr_client": hr, **people}


def _rows(page: str) -> dict[str, list[str]]:
    """The unit table's rows by name: the four figures."""
    table = page[: page.index('id="ratios-heading"')]
    found = {}
    for name, cells in re.findall(ROW, table, re.S):
        numbers = re.findall(r'<td class="num">(.*?)</td>', cells, re.S)
        found[name.strip()] = [re.sub(r"<[^>]+>", "", cell).strip() for cell in numbers]
    return found


def _ratio(page: str, group: str) -> list[str]:
    section = page[page.index('id="ratios-heading"') :]
    row = re.search(rf'<th scope="row">{group}</th>(.*?)</tr>', section, re.S).group(1)
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_manager_sees_their_subtree_and_the_organisation_total_but_no_other_unit(world, app, login):
    app.config["OMTANKE_ABSENCE_RULES"] = {"unit_absolute_pct": 0.1}  # every unit with absence is signalled
    manager = login(app.test_client(), world["manager"])
    response = manager.get("/absence/?period=year")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = _rows(page)
    assert set(rows) == {"Whole organisation", "Hemtjänst Centrum", "Nattpatrullen"}
    for name in OTHER_UNITS:
        assert name not in page
    for code in OTHER_CODES:
        assert f'<span class="compare">{code}</span>' not in page and f"unit={code}" not in page
    everything = _rows(world["hr_client"].get("/absence/?period=year").get_data(as_text=True))
    assert rows["Whole organisation"] == everything["Whole organisation"]  # the same total HR sees
    assert rows["Hemtjänst Centrum"] == everything["Hemtjänst Centrum"]
    assert "/absence/import" not in page and "/plans/new" not in page  # neither import nor cases are theirs


def test_the_statistics_service_is_scoped_not_only_the_page(world):
    found = services.statistics(world["manager"], TODAY)
    assert {m.unit for m in found.months} == {"", "HT-C", "HT-C1"}
    assert set(found.names) == {"HT-C", "HT-C1"} and set(found.ids) == {"HT-C", "HT-C1"}
    assert {s.unit for s in found.signals} <= {"", "HT-C", "HT-C1"}
    everything = services.statistics(world["hr"], TODAY)
    assert {"VO", "HT-N", "BUF-1"} <= {m.unit for m in everything.months}


def test_small_groups_stay_hidden_in_the_managers_breakdown(world, app, login):
    manager = login(app.test_client(), world["manager"])
    page = manager.get("/absence/?period=year").get_data(as_text=True)
    # their two units: 32 women, 8 men, 36 aged 30–49 and 4 aged 50 or older
    assert _ratio(page, "Men") == ["8", "Not shown: ten employees or fewer."]
    assert _ratio(page, "50 years or older") == ["4", "Not shown: ten employees or fewer."]
    assert _ratio(page, "All employees")[0] == "40" and _ratio(page, "All employees")[1].endswith("%")
    # the total minus the women (or the 30–49-year-olds) would be the eight men (the four aged 50 or older)
    protects = "Not shown: with the figures shown it would give away those of ten employees or fewer."
    assert _ratio(page, "Women") == ["32", protects] and _ratio(page, "30–49 years") == ["36", protects]
    # HR's breakdown covers the whole organisation, where the 16 men are enough to be shown
    everything = world["hr_client"].get("/absence/?period=year").get_data(as_text=True)
    assert _ratio(everything, "Men")[0] == "16" and _ratio(everything, "Men")[1].endswith("%")
    assert _ratio(everything, "All employees")[0] == "80"


def test_hr_still_sees_every_unit(world):
    page = world["hr_client"].get("/absence/?period=year").get_data(as_text=True)
    assert {"Whole organisation", "Hemtjänst Centrum", "Nattpatrullen", *OTHER_UNITS} <= set(_rows(page))


def test_the_managers_view_is_audit_logged_like_hrs(world, app, login):
    manager = login(app.test_client(), world["manager"])
    assert manager.get("/absence/").status_code == 200
    actors = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "absence.statistics_read"))
    assert world["manager"].id in set(actors)


def test_the_managers_export_holds_their_units_only(world, app, login):
    manager = login(app.test_client(), world["manager"])
    response = manager.get("/absence/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    try:
        cells = {str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row}
    finally:
        workbook.close()
    assert {"Hemtjänst Centrum", "Nattpatrullen", "Whole organisation"} <= cells
    assert not cells & {*OTHER_UNITS, *OTHER_CODES}
    # the breakdown is theirs, not the organisation's
    assert f"Your units, {months_back(12)} – {months_back(1)}" in cells
    assert manager.get(f"/absence/export.xlsx?unit={world['school'].id}").status_code == 404
    assert manager.get(f"/absence/export.xlsx?unit={world['night'].id}").status_code == 200
    actors = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "absence.exported"))
    assert world["manager"].id in set(actors)


def test_the_total_is_withheld_when_it_would_give_away_the_only_other_unit(make, app, login, import_files):
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=20)
    make.unit("Ängsskolan", code="BUF-1", headcount=20)
    spells = [
        f"E{n};{code};{days_ago(d)};{days_ago(d - 2)};100" for n, code in ((1, "HT-C"), (2, "BUF-1")) for d in (90, 40)
    ]
    staffing = [f"{code};{months_back(back)};20" for code in ("HT-C", "BUF-1") for back in range(1, 13)]
    hr = login(app.test_client(), make.user("hr"))
    spells_file = "employee_id;unit_code;start_date;end_date;extent\n" + "\n".join(spells)
    staffing_file = "unit_code;month;employees\n" + "\n".join(staffing)
    assert import_files(hr, spells_file.encode(), staffing_file.encode()).status_code == 302
    person = make.user("manager", units=(home,))
    manager = login(app.test_client(), person)
    page = manager.get("/absence/?period=year").get_data(as_text=True)
    assert set(_rows(page)) == {"Hemtjänst Centrum"}  # the total minus theirs would be Ängsskolan's figures
    assert "The whole organisation is not shown" in page
    assert {m.unit for m in services.statistics(person, TODAY).months} == {"HT-C"}
    assert manager.get("/absence/export.xlsx").status_code == 200
    assert "Whole organisation" in _rows(hr.get("/absence/?period=year").get_data(as_text=True))
