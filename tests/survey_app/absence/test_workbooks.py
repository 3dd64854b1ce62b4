"""Absence statistics and signals as a workbook, opened in LibreOffice: the overview's figures, HR and admin only."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent
from tests.clock import TODAY, days_ago, in_month, months_back
from tests.factories import OTHER_SPELLS, REPEATED_SPELLS, spells_csv, staffing_csv
from tests.helpers import post_form
from tests.spreadsheet import sheets_as_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_UNIT = "=1+1"  # a unit name an admin typed; it must stay text
FORMULA_EMPLOYEE = "-A1"  # a valid pseudonymous id that a spreadsheet would read as "minus cell A1"


@pytest.fixture
def imported(world, make, client, login, import_files):
    make.unit(FORMULA_UNIT, code="XF", headcount=20)
    login(client, world["hr"])
    spells = (
        REPEATED_SPELLS
        + OTHER_SPELLS
        + [(FORMULA_EMPLOYEE, "XF", days_ago(d), days_ago(d - 3), 100) for d in (310, 210, 110)]
    )
    spells += [(FORMULA_EMPLOYEE, "XF", in_month(1, 3), in_month(1, 6), 100)]  # in the last full month
    staffing = staffing_csv() + "".join(f"XF,{months_back(back)},20\n" for back in range(1, 13)).encode()
    assert import_files(client, spells_csv(spells), staffing).status_code == 302
    return world


def _download(client, url: str, tmp_path: Path) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.data)
    return sheets_as_csv(path)


def _tables(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """A sheet's tables by their title: a title line, the heading row, the rows, up to the next blank row."""
    tables, block = {}, []
    for row in [*rows, []]:
        while row and not row[-1]:
            row = row[:-1]  # LibreOffice pads every row to the sheet's width
        if row:
            block.append(row)
        elif block:
            if len(block) > 1 and len(block[0]) == 1:
                width = len(block[1])
                tables[block[0][0]] = [row + [""] * (width - len(row)) for row in block[1:]]
            block = []
    return tables


def _page_rows(client, period: str) -> dict[str, list[str]]:
    """The overview's unit table as text, by unit name: the four figures and the signals."""
    page = client.get(f"/absence/?period={period}").get_data(as_text=True)
    table = page[: page.index('id="ratios-heading"')]
    found = {}
    for name, cells in re.findall(
        r'<th scope="row">([^<]*?)\s*(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>', table, re.S
    ):
        numbers = re.findall(r'<td class="num">(.*?)</td>', cells, re.S)
        values = [re.sub(r"<[^>]+>", " ", cell).strip() for cell in numbers]
        figures = ["" if value == "–" else value for value in values]
        tags = re.findall(r'<strong class="tag">([^<]*)</strong>', cells)
        found[html.unescape(name.strip())] = [*figures, ", ".join(html.unescape(tag) for tag in tags)]
    return found


def test_the_unit_statistics_are_the_overviews_figures_for_every_period(imported, app, client, tmp_path):
    app.config["OMTANKE_ABSENCE_RULES"] = {"unit_absolute_pct": 0.5}  # low enough for two units to be signalled
    overview = client.get("/absence/").get_data(as_text=True)
    assert re.search(r'href="/absence/export\.xlsx">', overview)
    sheets = _download(client, "/absence/export.xlsx", tmp_path)
    tables = list(_tables(sheets["Unit statistics"]).items())
    assert [title for title, _ in tables] == [
        f"Absence per unit, {months_back(1)} – {months_back(1)}",
        f"Absence per unit, {months_back(3)} – {months_back(1)}",
        f"Absence per unit, {months_back(12)} – {months_back(1)}",
    ]
    for period, (_, rows) in zip(("month", "quarter", "year"), tables, strict=True):
        heading, *body = rows
        assert heading[:4] == ["Unit", "Code", "Employees (average)", "Short-term absence"]
        exported = {row[0]: [row[3], row[4], row[5], row[6], row[7]] for row in body}
        page = _page_rows(client, period)
        assert exported == page, period  # same units, same figures, same signals
        assert [row[0] for row in body] == list(page)  # ranked in the same order
    assert "Hemtjänst Centrum" in exported and exported[FORMULA_UNIT][0] != ""  # the name stays text, not 2
    ratios = _tables(sheets["Sex and age band"])
    year = ratios[f"Whole organisation, {months_back(12)} – {months_back(1)}"]
    total = next(row for row in year if row[0] == "All employees")
    organisation = next(row for row in tables[2][1] if row[0] == "Whole organisation")
    assert total[2] == organisation[4]  # the ratio is the statistics' own sick absence
    women = next(row for row in year if row[0] == "Women")
    assert women[2] == "" and women[4].startswith("Not available")  # the spells carry no sex: withheld, as on the page
    heading, *signals = sheets["Unit signals"]
    assert heading == ["Unit", "Code", "Signal", "Month", "Short-term absence", "Compared with"]
    assert {tuple(row[:3]) for row in signals} == {
        ("Hemtjänst Centrum", "HT-C", "Above the set level"),
        ("Vård och omsorg", "VO", "Above the set level"),
        (FORMULA_UNIT, "XF", "Above the set level"),
    }
    assert all(row[3] == months_back(1) and row[5] == "0.5%" for row in signals)
    assert "Above the set level" in _page_rows(client, "month")["Hemtjänst Centrum"][-1]
    months = _tables(sheets["Months"])
    trend = months["Short-term absence month by month"]
    assert trend[0] == ["Month", "Whole organisation"] and [row[0] for row in trend[1:]][-1] == months_back(1)
    with zipfile.ZipFile(tmp_path / "export.xlsx") as book:  # a native line chart beside the months, not a picture
        charts = [book.read(name).decode() for name in book.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 1 and "<lineChart>" in charts[0] and "<f>'Months'!$B$" in charts[0]


def test_person_signals_keep_ids_and_names_as_text_and_show_the_talk_held(imported, client, tmp_path):
    post_form(
        client,
        "/absence/signals",
        {"employee": "E1", "rule": "spells_in_window", "held_on": TODAY.isoformat()},
        action="/absence/signals/talk",
    )
    events = select(func.count()).where(AuditEvent.action.in_(("absence.statistics_read", "absence.signals_read")))
    before = db.session.scalar(events)
    sheets = _download(client, "/absence/export.xlsx", tmp_path)
    assert db.session.scalar(events) == before + 2  # the export is logged as the pages' reads are
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "absence.exported")) == 1
    sheet = sheets["Person signals"]
    heading, *rows = sheet[next(i for i, row in enumerate(sheet) if row[0] == "Employee") :]
    assert heading == ["Employee", "Unit", "Code", "Signal", "Date", "Counted in", "Value", "Talk held on"]
    by_person = {(row[0], row[3]): row for row in rows}
    omtanke = "Repeated spells: time for an omtankesamtal"
    assert by_person[("E1", omtanke)][1:3] == ["Hemtjänst Centrum", "HT-C"]
    assert by_person[("E1", omtanke)][7] == TODAY.isoformat()
    assert by_person[(FORMULA_EMPLOYEE, omtanke)][1:3] == [FORMULA_UNIT, "XF"]  # verbatim: no formula ran
    assert by_person[(FORMULA_EMPLOYEE, omtanke)][7] == ""
    page = client.get("/absence/signals").get_data(as_text=True)
    shown = set(re.findall(r"<strong>([^<]+)</strong>", page))
    assert {row[0] for row in rows} == {html.unescape(person) for person in shown}  # the same people as the page


def test_a_unit_narrows_the_export_and_managers_and_strangers_get_nothing(imported, app, client, login, tmp_path):
    sheets = _download(client, f"/absence/export.xlsx?unit={imported['home'].id}", tmp_path)
    text = "\n".join(",".join(row) for rows in sheets.values() for row in rows)
    assert "Hemtjänst Centrum" in text and "Whole organisation" in text
    assert "Ängsskolan" not in text and FORMULA_UNIT not in text and FORMULA_EMPLOYEE not in text
    assert client.get("/absence/export.xlsx?unit=999999").status_code == 404
    manager = login(app.test_client(), imported["manager"])
    assert manager.get("/absence/signals").status_code == 200  # a manager sees their person signals on the page
    assert manager.get("/absence/export.xlsx").status_code == 200  # their own units, as on their overview
    assert manager.get(f"/absence/export.xlsx?unit={imported['school'].id}").status_code == 404  # never another's
    assert "/login" in app.test_client().get("/absence/export.xlsx").location


def test_admin_exports_even_before_anything_is_imported(world, make, app, login, tmp_path):
    admin = login(app.test_client(), make.user("admin"))
    sheets = _download(admin, "/absence/export.xlsx", tmp_path)
    assert {"Unit statistics", "Months", "Sex and age band", "Unit signals", "Person signals"} <= set(sheets)
