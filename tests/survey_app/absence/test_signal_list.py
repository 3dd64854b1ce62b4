"""The person signals as a list to work through: counts at the top, filters by unit, kind and status as a plain GET
form, and 25 employees a page, on a scope that stays the caller's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from survey_app.absence.signal_list import PER_PAGE, SignalFilters, SignalPage
from survey_app.db import db
from survey_app.models import AbsenceSpell
from tests.clock import TODAY
from tests.helpers import post_form

OMTANKE = "spells_in_window"
WARNING = "spells_warning"


@pytest.fixture
def world(make):
    """Hemtjänst Centrum: 40 employees with four spells in a year (an omtankesamtal each); Ängsskolan: 12 with
    three (a warning only). Its manager sees Ängsskolan only."""
    home = make.unit("Hemtjänst Centrum", code="HT-C", headcount=60)
    school = make.unit("Ängsskolan", code="BUF-1", headcount=20)
    spells = []
    for unit, prefix, count, backs in ((home, "H", 40, (300, 200, 120, 40)), (school, "S", 12, (300, 200, 40))):
        for number in range(count):
            for back in backs:
                first = TODAY - timedelta(days=back + number % 7)
                spells.append(AbsenceSpell(employee_id=f"{prefix}{number:03d}", unit_id=unit.id, first_day=first,
                                           last_day=first + timedelta(days=1), extent=100))  # fmt: skip
    db.session.add_all(spells)
    db.session.commit()
    return {"home": home, "school": school, "manager": make.user("manager", units=(school,))}


def _employees(page: str) -> list[str]:
    return re.findall(r"<li>\s*<strong>([^<]+)</strong>", page)


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r'<span class="count">(\d+)</span> ([^<]+)</a>', page)
    return {label.strip(): int(count) for count, label in found}


def test_the_list_is_paged_25_employees_at_a_time_with_its_place_stated(world, client, login, make):
    login(client, make.user("hr"))
    first = client.get("/absence/signals").get_data(as_text=True)
    everyone = [f"S{n:03d}" for n in range(12)] + [f"H{n:03d}" for n in range(40)]  # by unit code, then id
    assert _employees(first) == everyone[:PER_PAGE]
    assert "Showing 1–25 of 52 employees" in first
    second = client.get("/absence/signals?page=2").get_data(as_text=True)
    assert _employees(second) == everyone[PER_PAGE : 2 * PER_PAGE]
    assert "Showing 26–50 of 52 employees" in second
    assert 'aria-current="page" href="/absence/signals?page=2"' in second
    assert 'href="/absence/signals?page=3" rel="next"' in second and 'href="/absence/signals" rel="prev"' in second
    last = client.get("/absence/signals?page=3").get_data(as_text=True)
    assert _employees(last) == everyone[50:] and "Showing 51–52 of 52 employees" in last
    assert _employees(client.get("/absence/signals?page=999").get_data(as_text=True)) == everyone[50:]
    assert _employees(client.get("/absence/signals?page=x").get_data(as_text=True)) == everyone[:PER_PAGE]


def test_the_summary_counts_every_employee_not_only_the_page(world, client, login, make):
    login(client, make.user("hr"))
    page = client.get("/absence/signals").get_data(as_text=True)
    assert _counts(page) == {"Awaiting a talk": 40, "Talk held": 0, "Warning: follow the absence": 12}
    assert page.index('class="signal-summary"') < page.index('class="signal-people"')


def test_filters_narrow_the_list_by_unit_kind_and_status(world, client, login, make):
    login(client, make.user("hr"))
    school = client.get("/absence/signals?unit=BUF-1").get_data(as_text=True)
    assert _employees(school) == [f"S{n:03d}" for n in range(12)] and "Showing 1–12 of 12 employees" in school
    assert "signal-pager" not in school and '<option value="BUF-1" selected>' in school
    warnings = client.get(f"/absence/signals?kind={WARNING}").get_data(as_text=True)
    assert all(name.startswith("S") for name in _employees(warnings)) and "of 12 employees" in warnings
    post_form(client, "/absence/signals", {"employee": "H007", "rule": OMTANKE, "held_on": TODAY.isoformat()},
              action="/absence/signals/talk")  # fmt: skip
    held = client.get("/absence/signals?status=talk_held").get_data(as_text=True)
    assert _employees(held) == ["H007"] and "Talk held" in held
    assert _counts(held)["Awaiting a talk"] == 39 and _counts(held)["Talk held"] == 1
    awaiting = client.get("/absence/signals?status=awaiting_talk&unit=HT-C").get_data(as_text=True)
    assert "H007" not in _employees(awaiting) and "Showing 1–25 of 39 employees" in awaiting
    assert 'href="/absence/signals?unit=HT-C&amp;status=awaiting_talk&amp;page=2"' in awaiting  # filters kept
    nothing = client.get(f"/absence/signals?unit=BUF-1&kind={OMTANKE}").get_data(as_text=True)
    assert _employees(nothing) == [] and "No signals match these filters." in nothing


def test_recording_a_talk_returns_to_the_same_filtered_page(world, client, login, make):
    login(client, make.user("hr"))
    page = client.get(f"/absence/signals?unit=HT-C&kind={OMTANKE}&page=2").get_data(as_text=True)
    assert (
        '<input type="hidden" name="unit" value="HT-C">' in page
        and '<input type="hidden" name="page" value="2">' in page
    )
    response = post_form(
        client,
        "/absence/signals?unit=HT-C&page=2",
        {
            "employee": "H030",
            "rule": OMTANKE,
            "held_on": TODAY.isoformat(),
            "unit": "HT-C",
            "kind": OMTANKE,
            "page": "2",
        },
        action="/absence/signals/talk",
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/absence/signals?unit=HT-C&kind={OMTANKE}&page=2")


def test_a_manager_filters_and_pages_within_their_own_units_only(world, client, login):
    login(client, world["manager"])
    page = client.get("/absence/signals").get_data(as_text=True)
    assert _employees(page) == [f"S{n:03d}" for n in range(12)]
    assert "Hemtjänst Centrum" not in page and 'value="HT-C"' not in page
    assert _employees(client.get("/absence/signals?unit=HT-C").get_data(as_text=True)) == []
    assert _counts(page) == {"Awaiting a talk": 0, "Talk held": 0, "Warning: follow the absence": 12}


def test_filters_from_the_query_string_are_checked():
    filters = SignalFilters.from_args({"status": "nonsense", "page": "-3", "unit": "HT-C"})
    assert (filters.unit, filters.status, filters.page) == ("HT-C", "", 1)
    assert filters.query(page=2) == {"unit": "HT-C", "page": 2}
    listing = SignalPage((), SignalFilters(page=7), total=300, by_status={}, units=(), rules=(), pages=12)
    assert listing.page_links() == [1, None, 5, 6, 7, 8, 9, None, 12]


def test_the_page_sends_as_many_statements_for_many_employees_as_for_few(world, client, login, make, count_queries):
    login(client, make.user("hr"))

    def statements(path: str) -> int:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    assert (
        statements("/absence/signals?unit=BUF-1")
        == statements("/absence/signals")
        == statements("/absence/signals?page=3")
    )
