"""A withheld group of the sex and age-band breakdown cannot be computed from what the page, the JSON command or the
workbook shows: not as the total minus the other groups, and not as sick days printed outright (issue 19, finding 7).
"""

from __future__ import annotations

import calendar
import io
import json
import re

import pytest
from openpyxl import load_workbook

from survey_app.absence.commands import absence_cli
from tests.clock import in_month, months_back

MIN_GROUP = 10
SEX = ("Women", "Men")
BANDS = ("29 years or younger", "30–49 years", "50 years or older")


@pytest.fixture
def fourteen_women_six_men(world, client, login, import_files):
    """Hemtjänst Centrum, the only unit with staff: 14 women and 6 men, all aged 30–49, every month; in the last full
    month a woman was off 10 days and a man 4."""
    login(client, world["hr"])
    spells = ["employee_id;unit_code;start_date;end_date;extent;sex;age_band"]
    spells += [
        f"E1;HT-C;{in_month(1, 3)};{in_month(1, 12)};100;F;30-49",
        f"E2;HT-C;{in_month(1, 5)};{in_month(1, 8)};100;M;30-49",
    ]
    staffing = ["unit_code;month;employees;sex;age_band"]
    for back in range(1, 13):
        staffing += [f"HT-C;{months_back(back)};14;F;30-49", f"HT-C;{months_back(back)};6;M;30-49"]
    assert import_files(client, "\n".join(spells).encode(), "\n".join(staffing).encode()).status_code == 302
    return world


def _days_in_last_month() -> int:
    year, month = (int(part) for part in months_back(1).split("-"))
    return calendar.monthrange(year, month)[1]


def _page_breakdown(client) -> dict[str, tuple[float, float | None]]:
    """The latest month's breakdown on the page: (employees, sick % or None where withheld) by group label."""
    page = client.get("/absence/?period=month").get_data(as_text=True)
    section = page[page.index('id="ratios-heading"') :]
    found = {}
    for group, cells in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', section, re.S):
        values = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        employees = float(values[0]) if values[0] != "–" else 0.0
        found[group] = (employees, float(values[1].rstrip(" %")) if values[1].endswith("%") else None)
    return found


def _hidden_remainders(employees: dict[str, float], shown: dict[str, bool]) -> list[float]:
    """For each breakdown whose total is shown, the employees of its withheld groups together: what "the total minus
    the groups shown" would give away."""
    if not shown["All employees"]:
        return []
    return [sum(employees[g] for g in groups if not shown[g]) for groups in (SEX, BANDS)]


def test_the_men_cannot_be_computed_as_the_total_minus_the_women_on_the_page(fourteen_women_six_men, client):
    found = _page_breakdown(client)
    assert found["Men"] == (6.0, None)  # six men: withheld
    employees_total, total_pct = found["All employees"]
    employees_women, women_pct = found["Women"]
    if total_pct is not None and women_pct is not None:  # the attack: total − women = men
        men_days = (total_pct * employees_total - women_pct * employees_women) * _days_in_last_month() / 100
        pytest.fail(f"the withheld men's sick days follow from the page: {men_days:.1f} (they were 4)")
    employees = {group: n for group, (n, _) in found.items()}
    shown = {group: pct is not None for group, (_, pct) in found.items()}
    assert all(remainder == 0 or remainder > MIN_GROUP for remainder in _hidden_remainders(employees, shown))
    assert total_pct is not None and found["30–49 years"][1] == total_pct  # what cannot give anyone away is shown


def test_the_json_command_prints_no_figure_of_a_withheld_group(fourteen_women_six_men, app):
    output = app.test_cli_runner().invoke(absence_cli, ["units", "--json"]).output
    ratios = json.loads(output)["organisation_ratios"]
    for period, groups in ratios.items():
        by_group = {ratio["group"]: ratio for ratio in groups}
        for ratio in groups:
            if ratio["sick_pct"] is None:
                assert (ratio["sick_days"], ratio["long_share_pct"]) == (None, None), (period, ratio)
        shown = {g: r["sick_pct"] is not None for g, r in by_group.items()}
        assert not (shown["total"] and shown["F"] and not shown["M"]), period  # total − women = men
    assert {ratio["group"]: ratio["employees"] for ratio in ratios["month"]}["M"] == pytest.approx(6)


def test_the_workbook_shows_what_the_page_shows_and_gives_no_withheld_group_away(fourteen_women_six_men, client):
    response = client.get("/absence/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    try:
        rows = [row for row in workbook["Sex and age band"].iter_rows(values_only=True)]
    finally:
        workbook.close()
    title = f"Whole organisation, {months_back(1)} – {months_back(1)}"
    start = next(i for i, row in enumerate(rows) if row and row[0] == title) + 2
    month = {row[0]: row for row in rows[start : start + 6]}
    employees = {group: row[1] or 0 for group, row in month.items()}
    shown = {group: row[2] is not None for group, row in month.items()}
    assert not shown["Men"] and employees["Men"] == 6
    assert not shown["Women"], "the total minus the women would be the men"
    assert all(remainder == 0 or remainder > MIN_GROUP for remainder in _hidden_remainders(employees, shown))
    page = _page_breakdown(client)
    assert {group: pct is not None for group, (_, pct) in page.items()} == shown
