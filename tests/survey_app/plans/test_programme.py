"""The programme as a whole (issue 24): HR's page and workbook with every case's estimate, the totals, the share of
cases whose steps were all followed up and the followed-up-versus-not comparison; nobody else sees it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from interventions.plans import PlanProgress
from survey_app.db import db
from survey_app.i18n import decimal
from survey_app.models import InterventionCase
from survey_app.plans.effect import case_effect
from survey_app.plans.programme import GroupMeans, followed_up, programme
from tests.clock import TODAY

SHORT = "Short-term sick days (days 1–14)"


@pytest.fixture
def programme_world(make, effect_world):
    """The effect world's case, and a closed case of a school with every step done (too new for an estimate)."""
    school = make.unit("Västerskolan", code="SK-1", headcount=25)
    school.kind = "school"
    closed = make.case(
        school,
        steps=({"status": "done"}, {"what": "Stödsamtal", "status": "dropped"}),
        opened_on=TODAY - timedelta(days=60),
        closed_on=TODAY - timedelta(days=2),
    )
    return {**effect_world, "school": school, "closed": closed}


def _estimate(world):
    case = db.session.get(InterventionCase, world["case"].id)
    return case_effect(world["hr"], case, TODAY).estimates["short_term"]


def test_hr_sees_every_case_with_its_estimate_and_the_totals(app, login, programme_world):
    client = login(app.test_client(), programme_world["hr"])
    assert "/plans/programme" in client.get("/plans/").get_data(as_text=True)
    page = client.get("/plans/programme").get_data(as_text=True)
    assert "Hemtjänst 0" in page and "Västerskolan" in page
    assert "per employee and year (95 % interval" in page
    assert "The data cannot say yet: fewer than 6 months after the start" in page  # the school's case
    assert "are not added up" in page and "How it was computed" in page
    found = _estimate(programme_world)
    with app.test_request_context(), force_locale("en"):
        days, money = decimal(found.days, 0, signed=True), decimal(found.cost, 0, signed=True)
    assert f"{days} days" in page and money in page
    figures = programme(programme_world["hr"], TODAY)
    assert [row.case.id for row in figures.cases] == [programme_world["closed"].id, programme_world["case"].id]
    assert figures.totals["short_term"].cases == 1
    assert figures.totals["short_term"].days == pytest.approx(found.days)
    assert figures.totals["short_term"].cost == pytest.approx(found.cost)
    assert figures.followed_up == 1 and figures.share_followed_up == 50  # the school's: one step done, one dropped


def test_the_comparison_of_cases_followed_up_says_too_few_with_few_cases(app, login, programme_world):
    figures = programme(programme_world["hr"], TODAY)
    means = figures.means["short_term"]
    assert (means.followed_up_cases, means.other_cases) == (0, 1) and not means.comparable
    client = login(app.test_client(), programme_world["hr"])
    page = client.get("/plans/programme").get_data(as_text=True)
    assert "too few cases to compare (fewer than 3 with an estimate in a group)" in page
    assert GroupMeans(-2.0, 3, -0.5, 3).comparable and not GroupMeans(-2.0, 3, -0.5, 2).comparable


def test_a_plan_is_followed_up_when_every_step_is_done_or_dropped_and_no_follow_up_was_missed():
    assert followed_up(PlanProgress(done=2, total=2, overdue=0, follow_up_missed=0))
    assert not followed_up(PlanProgress(done=1, total=2, overdue=0, follow_up_missed=0))  # a step still open
    assert not followed_up(PlanProgress(done=0, total=0, overdue=0, follow_up_missed=0))  # no step at all


def test_a_manager_gets_neither_the_page_nor_the_workbook(app, login, programme_world):
    for who in ("manager", "other_manager"):
        client = login(app.test_client(), programme_world[who])
        assert client.get("/plans/programme").status_code in (403, 404)
        assert client.get("/plans/programme.xlsx").status_code in (403, 404)
        assert "/plans/programme" not in client.get("/plans/").get_data(as_text=True)


def test_the_workbook_holds_the_page_figures_and_text_never_becomes_a_formula(app, login, make, programme_world):
    make.case(make.unit('=HYPERLINK("x")', code="F-1"), opened_on=TODAY - timedelta(days=5))
    client = login(app.test_client(), programme_world["hr"])
    response = client.get("/plans/programme.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    summary = {row[0]: row[1] for row in book["Programme"].iter_rows(values_only=True) if row and row[0]}
    found = _estimate(programme_world)
    assert summary[f"{SHORT}: sick days in total"] == pytest.approx(found.days)
    assert summary[f"{SHORT}: money in total"] == pytest.approx(found.cost)
    assert summary["Cases"] == 3 and summary["Cases whose steps were all followed up"] == 1
    assert summary[f"{SHORT}: mean change, other cases (1 with an estimate)"] is None  # too few to compare
    cases = {row[0].value: row for row in book["Cases"].iter_rows() if row and isinstance(row[0].value, str)}
    change = cases["Hemtjänst 0"][10].value
    assert change == pytest.approx(found.change_per_employee_year)
    assert cases["Västerskolan"][9].value == "Yes"
    formula = cases['=HYPERLINK("x")'][0]
    assert formula.data_type == "s"
