"""The absence overview puts the units that call for contact first: signals and "Open a case" before the figures,
each unit's trend as a small chart with its figures as text, never drawn from a figure the statistics withhold."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from survey_app.absence import services
from survey_app.absence.sparkline import points, sparkline
from tests.clock import TODAY, in_month, months_back

SPARKLINE = re.compile(
    r'<svg class="sparkline" role="img" aria-labelledby="([^"]+)"[^>]*><title id="\1">([^<]*)</title>'
)


def _first_day(back: int) -> date:
    return date.fromisoformat(f"{months_back(back)}-01")


@pytest.fixture
def units(make, app):
    """Hemtjänst Centrum (20 staff, absence rising to the last month), Ängsskolan (20 staff, but none recorded three
    months back) and Kostenheten (no staffing at all); every unit with absence is signalled."""
    app.config["OMTANKE_ABSENCE_RULES"] = {"unit_absolute_pct": 0.5}
    area = make.unit("Vård och omsorg", code="VO")
    home = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=20)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    kitchen = make.unit("Kostenheten", code="KOST", headcount=8)
    for back in range(1, 7):
        make.staffing(home, _first_day(back), 20)
        if back != 3:
            make.staffing(school, _first_day(back), 20)
        for person in range(7 - back):
            make.spell(
                f"H{back}{person}", home, date.fromisoformat(in_month(back, 3)), date.fromisoformat(in_month(back, 5))
            )
        make.spell(f"S{back}", school, date.fromisoformat(in_month(back, 10)), date.fromisoformat(in_month(back, 11)))
    make.spell("K1", kitchen, date.fromisoformat(in_month(1, 3)), date.fromisoformat(in_month(1, 4)))
    return {"home": home, "school": school, "kitchen": kitchen}


def _table(page: str) -> str:
    return page[page.index('class="absence-units"') : page.index('id="ratios-heading"')]


def _rows(page: str) -> dict[str, str]:
    """The unit table's rows by unit name: the row's markup after its heading cell."""
    found = re.findall(r'<th scope="row">([^<]*?)\s*(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>', _table(page), re.S)
    return {html.unescape(name.strip()): cells for name, cells in found}


def _trend_titles(page: str) -> dict[str, str]:
    """Each row's sparkline text alternative by unit name (rows without a sparkline left out)."""
    return {name: html.unescape(m.group(2)) for name, cells in _rows(page).items() if (m := SPARKLINE.search(cells))}


def test_signals_and_open_a_case_come_before_the_figures(units, client, login, make):
    login(client, make.user("hr"))
    page = client.get("/absence/").get_data(as_text=True)
    headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', _table(page))]
    assert headings[:3] == ["Unit", "Signals", "Short-term absence, last 6 months"]
    assert headings.index("Signals") < headings.index("Short-term absence") < headings.index("Sick absence")
    home = _rows(page)["Hemtjänst Centrum"]
    assert home.index("Above the set level") < home.index("Open a case") < home.index('<td class="num">')
    # above the table, the units to contact with their action: what HR acts on comes first on the page
    contact = page[page.index('id="contact-heading"') : page.index('class="absence-units"')]
    assert "Hemtjänst Centrum" in contact and "Open a case" in contact and "/plans/new?unit=HT-C" in contact
    assert "Kostenheten" not in contact  # no staffing: no figure, no signal


def test_each_units_trend_is_a_small_chart_whose_text_gives_the_figures(units, client, login, make):
    login(client, make.user("hr"))
    page = client.get("/absence/").get_data(as_text=True)
    assert "→" not in _table(page)  # no more trend as text only
    months = {(m.unit, m.month): m.short_term_pct for m in services.statistics(make.user("hr"), TODAY).months}
    title = _trend_titles(page)["Hemtjänst Centrum"]
    expected = ", ".join(f"{months_back(b)}: {months[('HT-C', _first_day(b))]:.1f}%" for b in range(6, 0, -1))
    assert title == f"Short-term absence by month: {expected}"
    assert "6 months" not in title and months[("HT-C", _first_day(1))] > months[("HT-C", _first_day(6))]
    # a month without staffing has no figure: named so in the text, a gap in the line
    school = _rows(page)["Ängsskolan"]
    assert f"{months_back(3)}: no figure" in _trend_titles(page)["Ängsskolan"]
    assert school.count("<polyline") == 2
    # a unit without any figure gets no chart at all
    kitchen = _rows(page)["Kostenheten"]
    assert "<svg" not in kitchen and '<td class="trend">–</td>' in kitchen


def test_no_sparkline_is_drawn_for_a_total_withheld_from_a_manager(units, app, client, login, make):
    manager = make.user("manager", units=(units["home"],))
    login(client, manager)
    page = client.get("/absence/").get_data(as_text=True)
    assert set(_rows(page)) == {"Hemtjänst Centrum"}  # the total minus theirs would give Ängsskolan's figures away
    assert "The whole organisation is not shown" in page
    assert len(SPARKLINE.findall(page)) == 1 and page.count("<svg") == 1
    hr = login(app.test_client(), make.user("hr"))
    everything = _trend_titles(hr.get("/absence/").get_data(as_text=True))
    assert _trend_titles(page) == {"Hemtjänst Centrum": everything["Hemtjänst Centrum"]}
    for figure in re.findall(r"\d+\.\d%", everything["Whole organisation"]):
        if figure not in everything["Hemtjänst Centrum"]:
            assert figure not in page


def test_the_overview_speaks_the_readers_numbers(units, client, login, make):
    login(client, make.user("hr", locale="sv"))
    page = client.get("/absence/").get_data(as_text=True)
    cells = re.findall(r'<td class="num">([^<]*)</td>', _rows(page)["Hemtjänst Centrum"])
    assert all(re.fullmatch(r"\d+,\d\xa0%|\d+,\d", cell) for cell in cells), cells
    assert re.search(r"\d+,\d\xa0%", _trend_titles(page)["Hemtjänst Centrum"])


def test_a_gap_breaks_the_line_and_a_lone_month_is_a_dot():
    assert points([None, None]) == []
    runs = points([2.0, 4.0, None, 1.0])
    assert len(runs) == 2 and [len(run) for run in runs] == [2, 1]
    assert runs[0][1][1] < runs[0][0][1]  # higher figure, higher on the chart (smaller y)
    drawn = sparkline([2.0, None, 3.0], "Short-term absence <by month>", "trend-1")
    assert drawn.count('class="point"') == 2 and "<polyline" not in drawn
    assert '<title id="trend-1">Short-term absence &lt;by month&gt;</title>' in drawn
    assert sparkline([None] * 6, "nothing", "trend-2") == ""
