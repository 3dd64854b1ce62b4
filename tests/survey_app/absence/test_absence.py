"""Absence imports, statistics and signals as HR and managers meet them; special-category data handled with care."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from survey_app.absence.commands import absence_cli
from survey_app.db import db
from survey_app.models import AbsenceSpell, AuditEvent, SignalTalk
from tests.clock import TODAY, days_ago, months_back
from tests.factories import OTHER_SPELLS, REPEATED_SPELLS, spells_csv, staffing_csv


def test_import_then_reimport_replaces_the_period_and_statistics_follow(world, client, login, import_files):
    login(client, world["hr"])
    response = import_files(client, spells_csv(REPEATED_SPELLS + OTHER_SPELLS), staffing_csv())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 6
    assert import_files(client, spells_csv(REPEATED_SPELLS + OTHER_SPELLS)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 6  # replaced, not duplicated
    page = client.get("/absence/").get_data(as_text=True)
    assert "Hemtjänst Centrum" in page and "Ängsskolan" in page
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "absence.statistics_read")) == 1


def test_one_bad_row_imports_nothing_and_names_the_rows(world, client, login, import_files):
    login(client, world["hr"])
    rows = [
        *REPEATED_SPELLS,
        ("E9", "NO-SUCH", days_ago(10), days_ago(9), 100),
        ("E8", "HT-C", days_ago(5), days_ago(9), 60),
    ]
    response = import_files(client, spells_csv(rows))
    page = response.get_data(as_text=True)
    assert "Row 6, unit_code: there is no unit with the code NO-SUCH" in page
    assert "Row 7, end_date: the last day is before the first day" in page
    assert "Row 7, extent: the extent must be 100, 75, 50 or 25" in page
    assert 'value="import"' not in page
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 0


def test_the_command_line_import_fails_loudly_and_imports_nothing(app, world, tmp_path):
    bad = tmp_path / "spells.csv"
    bad.write_bytes(spells_csv([*REPEATED_SPELLS, ("E9", "HT-C", "14.3.2026", "", 100)]))
    runner = app.test_cli_runner()
    result = runner.invoke(absence_cli, ["import", str(bad)])
    assert result.exit_code == 1
    assert "row 6, start_date" in result.output  # the header is row 1
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 0


def test_person_signals_reach_only_hr_and_the_employees_manager(world, app, client, login, import_files):
    login(client, world["hr"])
    import_files(client, spells_csv(REPEATED_SPELLS + OTHER_SPELLS), staffing_csv())
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
    spells.write_bytes(spells_csv(REPEATED_SPELLS + OTHER_SPELLS))
    staffing.write_bytes(staffing_csv())
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
    old.write_bytes(
        spells_csv(
            [("E5", "HT-C", days_ago(2000), days_ago(1990), 100), ("E6", "HT-C", days_ago(30), days_ago(28), 100)]
        )
    )
    runner = app.test_cli_runner()
    result = runner.invoke(absence_cli, ["import", str(old)])
    assert result.exit_code == 0 and "1 spells past retention deleted" in result.output
    assert db.session.scalars(select(AbsenceSpell.employee_id)).all() == ["E6"]


def test_statistics_by_quarter_and_year_sum_the_months(world, client, login, import_files):
    login(client, world["hr"])
    import_files(client, spells_csv(REPEATED_SPELLS + OTHER_SPELLS), staffing_csv())
    month = client.get("/absence/").get_data(as_text=True)
    year = client.get("/absence/?period=year").get_data(as_text=True)
    assert f"{months_back(12)} – {months_back(1)}" in year and f"{months_back(1)} – {months_back(1)}" in month
    assert month != year


def test_an_xlsx_export_with_finnish_headers_and_date_cells_imports(world, client, login, import_files):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Henkilönumero", "Yksikkö", "Alkupäivä", "Loppupäivä", "Laajuus"])
    for employee, unit, first, last, extent in REPEATED_SPELLS:
        sheet.append([employee, unit, date.fromisoformat(first), date.fromisoformat(last), extent])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, world["hr"])
    assert import_files(client, buffer.getvalue()).status_code == 302
    days = db.session.scalars(select(AbsenceSpell.first_day).order_by(AbsenceSpell.first_day)).all()
    assert [day.isoformat() for day in days] == sorted(first for _, _, first, _, _ in REPEATED_SPELLS)


def test_staffing_by_sex_and_age_band_gives_the_swedish_ratios_and_withholds_small_groups(
    world, client, login, import_files
):
    import calendar

    from survey_app.models import Staffing, StaffingGroup

    login(client, world["hr"])
    spells = ["employee_id;unit_code;start_date;end_date;extent;sex;age_band"]
    spells += [f"E1;HT-C;{first};{last};100;F;30-49" for _, _, first, last, _ in REPEATED_SPELLS]  # 12 days
    spells += [
        f"E2;HT-C;{days_ago(60)};{days_ago(50)};50;M;30-49",
        f"E3;BUF-1;{days_ago(90)};{days_ago(89)};100;kvinna;50+",
    ]
    spells += [f"E4;BUF-1;{days_ago(250)};{days_ago(51)};100;F;30-49"]  # a long spell of 200 days
    staffing = ["unit_code;month;employees;sex;age_band"]
    for back in range(1, 13):
        for code in ("HT-C", "BUF-1"):  # 14 + 4 + 2 + 4 = 24 per unit, given only by groups
            staffing += [f"{code};{months_back(back)};14;F;30-49", f"{code};{months_back(back)};4;M;30-49"]
            staffing += [f"{code};{months_back(back)};2;F;50-", f"{code};{months_back(back)};4;F;-29"]
    response = import_files(client, "\n".join(spells).encode(), "\n".join(staffing).encode())
    assert response.status_code == 302
    assert {s.employees for s in db.session.scalars(select(Staffing))} == {24.0}  # the totals come from the groups
    assert db.session.scalar(select(func.count(StaffingGroup.id))) == 12 * 2 * 4

    page = client.get("/absence/?period=year").get_data(as_text=True)
    days = sum(calendar.monthrange(int(m[:4]), int(m[5:]))[1] for m in (months_back(back) for back in range(1, 13)))
    section = page[page.index('id="ratios-heading"') :]

    def cells(group: str) -> list[str]:
        row = re.search(rf'<th scope="row">{group}</th>(.*?)</tr>', section, re.S).group(1)
        return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]

    assert cells("30–49 years") == ["36", f"{217.5 * 100 / (36 * days):.1f}%", f"{200 * 100 / 217.5:.1f}%"]
    assert cells("Men") == ["8", "Not shown: ten employees or fewer."]
    assert cells("50 years or older") == ["4", "Not shown: ten employees or fewer."]
    assert cells("29 years or younger") == ["8", "Not shown: ten employees or fewer."]  # with 50+: 12, enough
    # all employees minus the women would be the eight men
    assert cells("Women") == [
        "40",
        "Not shown: with the figures shown it would give away those of ten employees or fewer.",
    ]


def test_a_staffing_row_with_an_unknown_sex_is_refused_with_its_row_number(world, client, login, import_files):
    from survey_app.models import Staffing

    login(client, world["hr"])
    staffing = f"unit_code;month;employees;sex\nHT-C;{months_back(1)};20;F\nHT-C;{months_back(1)};3;X\n".encode()
    page = import_files(client, None, staffing).get_data(as_text=True)
    assert "Nothing was imported" in page or "row 3" in page.lower() or ">3<" in page
    assert "sex must be F or M" in page
    assert db.session.scalar(select(func.count(Staffing.id))) == 0
