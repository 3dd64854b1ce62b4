"""Cases, plans and the follow-up of every step, as HR, managers, occupational health and staff meet them."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import FollowUp, PlanGoal, PlanStep, StepChange
from survey_app.plans.commands import plans_cli
from tests.clock import TODAY
from tests.helpers import page_text, post_form


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_step_without_a_follow_up_date_is_refused_and_nothing_is_saved(world, client, add_step):
    response = add_step(client, world["case"], next_follow_up_on="")
    assert response.status_code == 200
    assert "Every step needs a date for its next follow-up." in page_text(response)
    assert _count(PlanStep) == 0 and _count(StepChange) == 0


def test_a_goal_needs_a_target(world, client):
    case = world["case"]
    target_on = (TODAY + timedelta(days=200)).isoformat()  # a goal's date lies ahead
    data = {"indicator": "short_term_absence_pct", "baseline": "7.9", "target": "", "target_on": target_on}
    response = post_form(client, f"/plans/{case.id}", data, action=f"/plans/{case.id}/goals")
    assert response.status_code == 200 and "A goal needs a target value." in page_text(response)
    assert _count(PlanGoal) == 0
    data["target"] = "5.5"
    assert post_form(client, f"/plans/{case.id}", data, action=f"/plans/{case.id}/goals").status_code == 302
    assert db.session.scalar(select(PlanGoal.target)) == 5.5


def test_a_follow_up_dated_before_the_step_is_refused(world, client, add_step):
    assert add_step(client, world["case"]).status_code == 302
    step = db.session.scalar(select(PlanStep))
    data = {
        "held_on": (TODAY - timedelta(days=3)).isoformat(),
        "done": "Pratat med larmcentralen",
        "status": "in_progress",
        "effect": "none",
        "next_follow_up_on": (TODAY + timedelta(days=14)).isoformat(),
    }
    response = post_form(client, f"/plans/steps/{step.id}", data, action=f"/plans/steps/{step.id}/follow-ups")
    assert response.status_code == 200 and "cannot be dated before the step was created" in page_text(response)
    assert _count(FollowUp) == 0


def test_a_manager_follows_up_their_step_and_every_change_is_kept(world, app, login, add_step):
    client = login(app.test_client(), world["hr"])
    add_step(client, world["case"], due_on=(TODAY - timedelta(days=1)).isoformat())
    step = db.session.scalar(select(PlanStep))
    manager = login(app.test_client(), world["manager"])
    assert "Fasta larmtider" in page_text(manager.get("/")) and "Overdue since" in page_text(manager.get("/"))
    data = {
        "held_on": TODAY.isoformat(),
        "done": "Larmtiderna är fasta från och med måndag",
        "status": "done",
        "effect": "some",
        "next_follow_up_on": "",
    }
    response = post_form(manager, f"/plans/steps/{step.id}", data, action=f"/plans/steps/{step.id}/follow-ups")
    assert response.status_code == 302
    db.session.expire_all()
    step = db.session.get(PlanStep, step.id)
    assert step.status == "done" and step.next_follow_up_on is None
    assert [change.kind for change in step.changes] == ["created", "followed_up"]
    assert step.changes[1].changes["status"] == ["planned", "done"]
    assert "Fasta larmtider" not in page_text(manager.get("/"))  # left the list of what is due


def test_open_steps_must_keep_a_follow_up_date(world, client, add_step):
    add_step(client, world["case"])
    step = db.session.scalar(select(PlanStep))
    data = {"held_on": TODAY.isoformat(), "done": "Igång", "status": "in_progress", "effect": "none"}
    response = post_form(client, f"/plans/steps/{step.id}", data, action=f"/plans/steps/{step.id}/follow-ups")
    assert response.status_code == 200 and "next follow-up" in page_text(response)


def test_other_units_plans_are_out_of_reach(world, app, login, client, add_step):
    add_step(client, world["case"])
    step = db.session.scalar(select(PlanStep))
    other = login(app.test_client(), world["other_manager"])
    assert other.get(f"/plans/{world['case'].id}").status_code == 404
    assert other.get(f"/plans/steps/{step.id}").status_code == 404
    assert "Hemtjänst Centrum" not in page_text(other.get("/plans/"))
    data = {"held_on": TODAY.isoformat(), "done": "x", "status": "done", "effect": "clear"}
    token_page = "/plans/"
    response = post_form(other, token_page, data, action=f"/plans/steps/{step.id}/follow-ups")
    assert response.status_code == 404 and _count(FollowUp) == 0
    ohs = login(app.test_client(), world["ohs"])  # invited to the area: reads, never changes
    assert ohs.get(f"/plans/steps/{step.id}").status_code == 200
    response = post_form(ohs, token_page, data, action=f"/plans/steps/{step.id}/follow-ups")
    assert response.status_code == 404 and _count(FollowUp) == 0


def test_staff_see_the_plan_through_their_survey_link_without_logging_in(world, app, client, make, add_step):
    add_step(client, world["case"], status="in_progress")
    survey = make.survey_round(world["unit"])
    token = next(ru.link_token for ru in survey.units if ru.unit_id == world["unit"].id)
    anonymous = app.test_client()
    page = page_text(anonymous.get(f"/s/{token}/plan"))
    assert "Fasta larmtider för nattpatrullen" in page and "Pågår" in page  # in the survey's language
    other = make.survey_round(world["other"])
    assert "ingen handlingsplan ännu" in page_text(anonymous.get(f"/s/{other.units[0].link_token}/plan"))


def test_the_evaluation_compares_the_periods_with_known_figures(world, client, known_periods):
    case = world["case"]
    data = {**known_periods, "daily_cost": "2500"}
    assert post_form(client, f"/plans/{case.id}", data, action=f"/plans/{case.id}/periods").status_code == 302
    page = page_text(client.get(f"/plans/{case.id}"))
    # per employee and year: 400/20 = 20.0 → 180/22 × 365/181 = 16.5 (−17.5 %); short-term 8.0 → 5.5 (−31.3 %)
    assert "Sick days 20.0 16.5 -17.5%" in page  # in the reader's number format (English here)
    assert "Short-term sick days (days 1–14) 8.0 5.5 -31.3%" in page
    assert "27 fewer short-term sick days, worth about 68,192 at 2,500 per day." in page


def test_plans_list_json(world, app, client, add_step):
    add_step(client, world["case"], due_on=(TODAY - timedelta(days=2)).isoformat())
    result = app.test_cli_runner().invoke(plans_cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    (case,) = json.loads(result.output)
    assert case["unit"]["code"] == "HT-C" and case["stage"] == "identified"
    (step,) = case["steps"]
    assert step["overdue"] is True and step["next_follow_up_on"] == (TODAY + timedelta(days=14)).isoformat()
