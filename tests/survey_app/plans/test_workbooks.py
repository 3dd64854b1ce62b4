"""Action plans as a workbook, opened in LibreOffice: every step and follow-up with its dates, text kept as text,
and the same scope as the plan pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import FollowUp, PlanGoal, PlanStep
from tests.clock import TODAY
from tests.helpers import post_form
from tests.survey_app.plans.workbook_reading import _download, _table


@pytest.fixture
def plans(world, client, make, add_step):
    """HT-C's case: a step typed as a formula, followed up through the pages, and an older step followed up twice
    with a goal; a second case for BUF-1 with one step."""
    case = world["case"]
    world["manager"].name = "@SUM(A1)"  # a name typed as a formula, responsible for the step
    db.session.commit()
    responsible = f"user-{world['manager'].id}"
    assert add_step(client, case, what="=1+1", responsible=responsible, due_on=TODAY.isoformat()).status_code == 302
    typed = db.session.scalar(select(PlanStep).where(PlanStep.what == "=1+1"))
    data = {
        "held_on": TODAY.isoformat(),
        "done": "@SUM(A1)",
        "status": "in_progress",
        "effect": "some",
        "next_follow_up_on": (TODAY + timedelta(days=14)).isoformat(),
    }
    assert post_form(client, "/plans/", data, action=f"/plans/steps/{typed.id}/follow-ups").status_code == 302
    older = PlanStep(
        what="Fasta larmtider för nattpatrullen",
        responsible_note="Enhetschefen",  # kept from before responsibility named an account or a role
        due_on=TODAY - timedelta(days=5),
        next_follow_up_on=TODAY - timedelta(days=2),
        status="in_progress",
        created_on=TODAY - timedelta(days=40),
        follow_ups=[
            FollowUp(held_on=TODAY - timedelta(days=30), done="Pratat med larmcentralen", status="in_progress",
                     effect="none", next_follow_up_on=TODAY - timedelta(days=16)),
            FollowUp(held_on=TODAY - timedelta(days=16), done="Nya tider prövas", status="in_progress",
                     effect="some", next_follow_up_on=TODAY - timedelta(days=2)),
        ],
    )  # fmt: skip
    case.steps.append(older)
    case.goals.append(
        PlanGoal(indicator="short_term_absence_pct", baseline=7.9, target=5.5, target_on=date(2027, 6, 30))
    )
    db.session.commit()
    planning_day = {"what": "Solrosens planeringsdag", "responsible_role": "work_group",
                    "due_on": TODAY + timedelta(days=9), "next_follow_up_on": TODAY + timedelta(days=7)}  # fmt: skip
    make.case(world["other"], steps=[planning_day])
    return world


def test_every_step_and_follow_up_is_there_with_its_dates(plans, client, tmp_path):
    sheets = _download(client, "/plans/export.xlsx", tmp_path)
    steps = _table(sheets["Steps and follow-ups"])
    assert len(steps) == 4  # two follow-ups of the older step, one of the typed step, the BUF-1 step not yet
    older = [row for row in steps if row["What will be done"] == "Fasta larmtider för nattpatrullen"]
    assert [row["Date of the follow-up"] for row in older] == [
        (TODAY - timedelta(days=30)).isoformat(),
        (TODAY - timedelta(days=16)).isoformat(),
    ]
    assert [row["What has been done"] for row in older] == ["Pratat med larmcentralen", "Nya tider prövas"]
    assert [row["Effect so far"] for row in older] == ["No effect yet", "Some effect"]
    assert [row["Next follow-up set"] for row in older] == [
        (TODAY - timedelta(days=16)).isoformat(),
        (TODAY - timedelta(days=2)).isoformat(),
    ]
    first = older[0]
    assert (first["Unit"], first["Code"], first["Responsible"]) == ("Hemtjänst Centrum", "HT-C", "Enhetschefen")
    assert first["Due date"] == (TODAY - timedelta(days=5)).isoformat() and first["Status"] == "In progress"
    assert first["Next follow-up"] == (TODAY - timedelta(days=2)).isoformat()
    assert (first["Overdue"], first["Follow-up missed"]) == ("Yes", "Yes")
    (solrosen,) = [row for row in steps if row["Unit"] == "Förskolan Solrosen"]
    assert solrosen["What will be done"] == "Solrosens planeringsdag" and solrosen["Overdue"] == "No"
    assert solrosen["Responsible"] == "The work group"
    assert solrosen["Next follow-up"] == (TODAY + timedelta(days=7)).isoformat()
    assert solrosen["Date of the follow-up"] == "" and solrosen["What has been done"] == ""

    cases = {row["Unit"]: row for row in _table(sheets["Cases"])}
    assert set(cases) == {"Hemtjänst Centrum", "Förskolan Solrosen"}
    centrum = cases["Hemtjänst Centrum"]
    assert (centrum["Stage"], centrum["Opened"], centrum["Trigger"]) == (
        "Identified",
        TODAY.isoformat(),
        "Absence signal",
    )
    assert (centrum["Steps"], centrum["Steps done"], centrum["Overdue"], centrum["Follow-ups missed"]) == (
        "2", "0", "1", "1",
    )  # fmt: skip
    (goal,) = _table(sheets["Cases"], "Goals")
    assert (goal["Unit"], goal["Baseline"], goal["Target"], goal["Target date"]) == (
        "Hemtjänst Centrum", "7.9", "5.5", "2027-06-30",
    )  # fmt: skip
    assert goal["Indicator"] == "Short-term sick absence (share of working time)"


def test_text_that_looks_like_a_formula_comes_out_as_typed(plans, client, tmp_path):
    sheets = _download(client, "/plans/export.xlsx", tmp_path)
    (typed,) = [row for row in _table(sheets["Steps and follow-ups"]) if row["Case"] == str(plans["case"].id)
                and row["Due date"] == TODAY.isoformat()]  # fmt: skip
    assert typed["What will be done"] == "=1+1"  # not 2
    assert typed["Responsible"] == "@SUM(A1)" and typed["What has been done"] == "@SUM(A1)"


def test_a_manager_exports_only_their_own_units_plans(plans, app, login, tmp_path):
    other = login(app.test_client(), plans["other_manager"])
    sheets = _download(other, "/plans/export.xlsx", tmp_path)
    steps = _table(sheets["Steps and follow-ups"])
    assert [row["Unit"] for row in steps] == ["Förskolan Solrosen"]
    assert [row["Unit"] for row in _table(sheets["Cases"])] == ["Förskolan Solrosen"]
    text = "\n".join(",".join(row) for rows in sheets.values() for row in rows)
    assert "Hemtjänst" not in text and "larmtider" not in text and "=1+1" not in text
    assert other.get(f"/plans/export.xlsx?unit={plans['unit'].id}").status_code == 404
    assert other.get("/plans/export.xlsx?unit=999999").status_code == 404
    assert other.get(f"/plans/export.xlsx?unit={plans['other'].id}").status_code == 200


def test_occupational_health_exports_the_units_it_is_invited_to(plans, app, login, tmp_path):
    ohs = login(app.test_client(), plans["ohs"])
    steps = _table(_download(ohs, "/plans/export.xlsx", tmp_path)["Steps and follow-ups"])
    assert {row["Unit"] for row in steps} == {"Hemtjänst Centrum"} and len(steps) == 3
    assert ohs.get(f"/plans/export.xlsx?unit={plans['other'].id}").status_code == 404


def test_a_unit_narrows_hrs_export_to_its_subtree(plans, client, tmp_path):
    sheets = _download(client, f"/plans/export.xlsx?unit={plans['unit'].parent_id}", tmp_path)
    assert {row["Unit"] for row in _table(sheets["Steps and follow-ups"])} == {"Hemtjänst Centrum"}


def test_without_a_login_there_is_nothing_to_download(plans, app):
    response = app.test_client().get("/plans/export.xlsx")
    assert response.status_code == 302 and "/login" in response.location


def test_the_overview_links_to_the_download(plans, client):
    page = client.get("/plans/").get_data(as_text=True)
    assert 'href="/plans/export.xlsx">' in page


def test_the_export_costs_the_same_number_of_queries_for_few_steps_as_for_many(plans, client, count_queries, make):
    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/plans/export.xlsx").status_code == 200
        return counter.count

    few = queries()
    for number in range(10):
        follow_up = FollowUp(held_on=TODAY, done="Gjort", status="in_progress", effect="none")
        step = {
            "what": f"Steg {number}",
            "responsible_role": "hr",
            "next_follow_up_on": TODAY,
            "follow_ups": [follow_up],
        }
        goal = PlanGoal(indicator="accidents", target=0, target_on=TODAY)
        make.case(plans["unit"], steps=[step], trigger="other", goals=[goal])
    assert queries() == few


def test_a_manager_without_cases_gets_an_empty_workbook(make, client, login, tmp_path):
    login(client, make.user("manager"))
    sheets = _download(client, "/plans/export.xlsx", tmp_path)
    assert _table(sheets["Cases"]) == [] and _table(sheets["Steps and follow-ups"]) == []
