"""Absence imports, statistics and signals as HR and managers meet them; special-category data handled with care."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.absence.commands import absence_cli
from survey_app.db import db
from survey_app.models import AbsenceSpell, AuditEvent, SignalTalk
from tests.clock import TODAY


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def _month(back: int) -> str:
    year, month = TODAY.year, TODAY.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


@pytest.fixture
def world(make):
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=20)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    return {
        "home": home,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(home,)),
        "other_manager": make.user("manager", units=(school,)),
    }


def _spells_csv(rows: list[tuple]) -> bytes:
    lines = ["anställningsnummer;enhetskod;startdatum;slutdatum;omfattning"]
    lines += [";".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _staffing_csv() -> bytes:
    lines = ["unit_code,month,employees"]
    for back in range(1, 13):
        lines += [f"HT-C,{_month(back)},20", f"BUF-1,{_month(back)},20"]
    return ("\n".join(lines) + "\n").encode()


def _in_month(back: int, day: int) -> str:
    """A day of the month ``back`` months before TODAY's: dated by month, so it stays in "the last full month"
    whatever day of the month TODAY is."""
    return f"{_month(back)}-{day:02d}"


# Four spells in a year, the last in the last full month (the unit statistics' default period).
REPEATED = [("E1", "HT-C", _day(d), _day(d - 2), 100) for d in (300, 200, 120)]
REPEATED += [("E1", "HT-C", _in_month(1, 10), _in_month(1, 12), 100)]
OTHERS = [("E2", "HT-C", _in_month(1, 15), _in_month(1, 25), 50), ("E3", "BUF-1", _day(90), _day(89), 100)]


def _import(client, spells: bytes | None, staffing: bytes | None = None):
    from tests.helpers import form_token

    token = form_token(client, "/absence/import")
    data = {"csrf_token": token, "action": "preview"}
    if spells is not None:
        data["spells"] = (io.BytesIO(spells), "spells.csv")
    if staffing is not None:
        data["staffing"] = (io.BytesIO(staffing), "staffing.csv")
    preview = client.post("/absence/import", data=data, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    if 'name="action" value="import"' not in page:
        return preview
    import re

    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    fields["action"] = "import"
    return client.post("/absence/import", data=fields)


def test_import_then_reimport_replaces_the_period_and_statistics_follow(world, client, login):
    login(client, world["hr"])
    response = _import(client, _spells_csv(REPEATED + OTHERS), _staffing_csv())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 6
    assert _import(client, _spells_csv(REPEATED + OTHERS)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 6  # replaced, not duplicated
    page = client.get("/absence/").get_data(as_text=True)
    assert "Hemtjänst Centrum" in page and "Ängsskolan" in page
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "absence.statistics_read")) == 1


def test_one_bad_row_imports_nothing_and_names_the_rows(world, client, login):
    login(client, world["hr"])
    rows = [*REPEATED, ("E9", "NO-SUCH", _day(10), _day(9), 100), ("E8", "HT-C", _day(5), _day(9), 60)]
    response = _import(client, _spells_csv(rows))
    page = response.get_data(as_text=True)
    assert "Row 6, unit_code: there is no unit with the code NO-SUCH" in page
    assert "Row 7, end_date: the last day is before the first day" in page
    assert "Row 7, extent: the extent must be 100, 75, 50 or 25" in page
    assert 'value="import"' not in page
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 0


def test_the_command_line_import_fails_loudly_and_imports_nothing(app, world, tmp_path):
    bad = tmp_path / "spells.csv"
    bad.write_bytes(_spells_csv([*REPEATED, ("E9", "HT-C", "14.3.2026", "", 100)]))
    runner = app.test_cli_runner()
    result = runner.invoke(absence_cli, ["import", str(bad)])
    assert result.exit_code == 1
    assert "row 6, start_date" in result.output  # the header is row 1
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 0


def test_person_signals_reach_only_hr_and_the_employees_manager(world, app, client, login):
    login(client, world["hr"])
    _import(client, _spells_csv(REPEATED + OTHERS), _staffing_csv())
    manager = login(app.test_client(), world["manager"])
    page = manager.get("/absence/signals").get_data(as_text=True)
    assert "<strong>E1</strong>" in page and "omtankesamtal" in page  # not just "E1" somewhere in a token
    other = login(app.test_client(), world["other_manager"])
    assert "<strong>E1</strong>" not in other.get("/absence/signals").get_data(as_text=True)
    statistics = other.get("/absence/")  # their own unit's statistics, nothing of the other manager's unit
    assert statistics.status_code == 200 and "Hemtjänst Centrum" not in statistics.get_data(as_text=True)
    from tests.helpers import post_form

    post_form(
        manager,
        "/absence/signals",
        {"employee": "E1", "rule": "spells_in_window", "held_on": TODAY.isoformat()},
        action="/absence/signals/talk",
    )
    assert db.session.scalar(select(SignalTalk.held_on)) == TODAY
    post_form(
        other,
        "/absence/signals",
        {"employee": "E1", "rule": "spells_in_window", "held_on": TODAY.isoformat()},
        action="/absence/signals/talk",
    )
    assert db.session.scalar(select(func.count()).select_from(SignalTalk)) == 1
    reads = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "absence.signals_read")).all()
    assert world["manager"].id in reads and world["other_manager"].id in reads


def test_units_and_signals_as_json(app, world, tmp_path):
    spells, staffing = tmp_path / "s.csv", tmp_path / "st.csv"
    spells.write_bytes(_spells_csv(REPEATED + OTHERS))
    staffing.write_bytes(_staffing_csv())
    runner = app.test_cli_runner()
    assert runner.invoke(absence_cli, ["import", str(spells), "--staffing", str(staffing)]).exit_code == 0
    units = json.loads(runner.invoke(absence_cli, ["units", "--json"]).output)
    codes = {row["unit"] for row in units["units"]}
    assert {"HT-C", "BUF-1", "VO", ""} <= codes
    month = {ratio["group"]: ratio for ratio in units["organisation_ratios"]["month"]}
    organisation = next(r for r in units["units"] if r["unit"] == "" and r["month"] == units["month"])
    assert month["total"]["sick_pct"] == pytest.approx(organisation["sick_pct"])  # the statistics' own measure
    year = {ratio["group"]: ratio for ratio in units["organisation_ratios"]["year"]}
    assert (year["F"]["sick_pct"], year["F"]["reason"]) == (None, "unknown")  # the spells carry no sex
    signals = json.loads(runner.invoke(absence_cli, ["signals", "--json"]).output)
    assert {(s["employee"], s["rule"]) for s in signals} >= {("E1", "spells_in_window")}


def test_old_spells_are_purged(app, world, tmp_path):
    old = tmp_path / "old.csv"
    old.write_bytes(_spells_csv([("E5", "HT-C", _day(2000), _day(1990), 100), ("E6", "HT-C", _day(30), _day(28), 100)]))
    runner = app.test_cli_runner()
    result = runner.invoke(absence_cli, ["import", str(old)])
    assert result.exit_code == 0 and "1 spells past retention deleted" in result.output
    assert db.session.scalars(select(AbsenceSpell.employee_id)).all() == ["E6"]


def test_statistics_by_quarter_and_year_sum_the_months(world, client, login):
    login(client, world["hr"])
    _import(client, _spells_csv(REPEATED + OTHERS), _staffing_csv())
    month = client.get("/absence/").get_data(as_text=True)
    year = client.get("/absence/?period=year").get_data(as_text=True)
    assert f"{_month(12)} – {_month(1)}" in year and f"{_month(1)} – {_month(1)}" in month
    assert month != year


def test_an_xlsx_export_with_finnish_headers_and_date_cells_imports(world, client, login):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Henkilönumero", "Yksikkö", "Alkupäivä", "Loppupäivä", "Laajuus"])
    for employee, unit, first, last, extent in REPEATED:
        sheet.append([employee, unit, date.fromisoformat(first), date.fromisoformat(last), extent])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, world["hr"])
    assert _import(client, buffer.getvalue()).status_code == 302
    days = db.session.scalars(select(AbsenceSpell.first_day).order_by(AbsenceSpell.first_day)).all()
    assert [day.isoformat() for day in days] == sorted(first for _, _, first, _, _ in REPEATED)


def test_staffing_by_sex_and_age_band_gives_the_swedish_ratios_and_withholds_small_groups(world, client, login):
    import calendar

    from survey_app.models import Staffing, StaffingGroup

    login(client, world["hr"])
    spells = ["employee_id;unit_code;start_date;end_date;extent;sex;age_band"]
    spells += [f"E1;HT-C;{first};{last};100;F;30-49" for _, _, first, last, _ in REPEATED]  # 12 days
    spells += [f"E2;HT-C;{_day(60)};{_day(50)};50;M;30-49", f"E3;BUF-1;{_day(90)};{_day(89)};100;kvinna;50+"]
    spells += [f"E4;BUF-1;{_day(250)};{_day(51)};100;F;30-49"]  # a long spell of 200 days
    staffing = ["unit_code;month;employees;sex;age_band"]
    for back in range(1, 13):
        for code in ("HT-C", "BUF-1"):  # 14 + 4 + 2 = 20 per unit, given only by groups
            staffing += [f"{code};{_month(back)};14;F;30-49", f"{code};{_month(back)};4;M;30-49"]
            staffing += [f"{code};{_month(back)};2;F;50-"]
    response = _import(client, "\n".join(spells).encode(), "\n".join(staffing).encode())
    assert response.status_code == 302
    assert {s.employees for s in db.session.scalars(select(Staffing))} == {20.0}  # the totals come from the groups
    assert db.session.scalar(select(func.count(StaffingGroup.id))) == 12 * 2 * 3

    page = client.get("/absence/?period=year").get_data(as_text=True)
    days = sum(calendar.monthrange(int(m[:4]), int(m[5:]))[1] for m in (_month(back) for back in range(1, 13)))
    women = f"{214 * 100 / (32 * days):.1f} %"  # E1's 12, E3's 2 and E4's 200 days over 32 women's working time
    section = page[page.index('id="ratios-heading"') :]

    def cells(group: str) -> list[str]:
        row = re.search(rf'<th scope="row">{group}</th>(.*?)</tr>', section, re.S).group(1)
        return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]

    assert cells("Women") == ["32", women, f"{200 * 100 / 214:.1f} %"]
    assert cells("30–49 years") == ["36", f"{217.5 * 100 / (36 * days):.1f} %", f"{200 * 100 / 217.5:.1f} %"]
    assert cells("Men") == ["8", "Not shown: ten employees or fewer."]
    assert cells("50 years or older") == ["4", "Not shown: ten employees or fewer."]


def test_a_staffing_row_with_an_unknown_sex_is_refused_with_its_row_number(world, client, login):
    from survey_app.models import Staffing

    login(client, world["hr"])
    staffing = f"unit_code;month;employees;sex\nHT-C;{_month(1)};20;F\nHT-C;{_month(1)};3;X\n".encode()
    page = _import(client, None, staffing).get_data(as_text=True)
    assert "Nothing was imported" in page or "row 3" in page.lower() or ">3<" in page
    assert "sex must be F or M" in page
    assert db.session.scalar(select(func.count(Staffing.id))) == 0
