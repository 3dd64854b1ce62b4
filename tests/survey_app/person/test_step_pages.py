"""The pages of a person's steps: adding, changing and following up a step from the case page, a work trial's hours
refused when they step down, one follow-up for a double click, the 404 for everyone but HR and the own manager, and
the steps on the case page for occupational health only once the employee consented to sharing the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import Employee, PersonFollowUp
from tests.clock import TODAY
from tests.helpers import form_token


def _in(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def world(make):
    north = make.unit("Hemtjänst Norr", code="HN")
    school = make.unit("Ängsskolan", code="AS")
    db.session.add(Employee(employee_id="E-1", name="Anna Andersson", unit_id=north.id))
    db.session.commit()
    ohs = make.user("ohs", units=(north,))
    participants = [
        {"role": "manager"},
        {"role": "employee"},
        {"role": "occupational_health", "user_id": ohs.id, "consent_on": TODAY},
    ]
    steps = [{"what": "Kortare arbetspass"}, {"what": "Ny schemaläggning", "status": "done", "next_follow_up_on": None}]
    return {
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": ohs,
        "admin": make.user("admin"),
        "case": make.person_case("E-1", north, kind="return_to_work", participants=participants, steps=steps),
        "trial": make.person_case("E-1", north, kind="work_trial", starts_on=TODAY, ends_on=TODAY + timedelta(90)),
    }


def test_the_manager_adds_a_step_and_sees_it_on_the_case_page(client, login, world):
    case = world["case"]
    login(client, world["manager"])
    page = f"/people/cases/{case.id}/steps/new"
    form = client.get(page).get_data(as_text=True)
    assert "Nothing about health" in form and "hours_percent" not in form
    data = {"csrf_token": form_token(client, page), "what": "Stödsamtal varannan vecka", "responsible_role": "hr",
            "due_on": _in(14), "status": "planned", "next_follow_up_on": _in(7)}  # fmt: skip
    response = client.post(page, data=data)
    assert response.status_code == 302 and response.location.endswith(f"/people/cases/{case.id}#steps")
    shown = client.get(f"/people/cases/{case.id}").get_data(as_text=True)
    assert "Stödsamtal varannan vecka" in shown and "1 of 3 steps done" in shown
    assert f"/people/steps/{case.steps[0].id}/follow-up" in shown


def test_a_work_trial_refuses_hours_that_step_down(client, login, world):
    trial = world["trial"]
    login(client, world["hr"])
    page = f"/people/cases/{trial.id}/steps/new"
    assert "hours_percent" in client.get(page).get_data(as_text=True)
    token = form_token(client, page)
    base = {"csrf_token": token, "responsible_role": "manager", "status": "planned", "next_follow_up_on": _in(7)}
    assert (
        client.post(page, data=base | {"what": "Halvtid", "due_on": _in(0), "hours_percent": "50"}).status_code == 302
    )
    refused = client.post(page, data=base | {"what": "Mindre", "due_on": _in(30), "hours_percent": "25"})
    assert refused.status_code == 200 and "only step up" in refused.get_data(as_text=True)
    outside = client.post(page, data=base | {"what": "Heltid", "due_on": _in(120), "hours_percent": "100"})
    assert "ends on" in outside.get_data(as_text=True)
    assert [step.hours_percent for step in trial.steps] == [50]
    shown = client.get(f"/people/cases/{trial.id}").get_data(as_text=True)
    assert "50 per cent of the usual hours" in shown


def test_changing_a_step_on_its_page(client, login, world):
    step = world["case"].steps[0]
    login(client, world["manager"])
    page = f"/people/steps/{step.id}/edit"
    assert "Kortare arbetspass" in client.get(page).get_data(as_text=True)
    data = {"csrf_token": form_token(client, page), "what": "Kortare pass, 6 timmar", "responsible_role": "manager",
            "due_on": _in(21), "status": "in_progress", "next_follow_up_on": _in(10)}  # fmt: skip
    assert client.post(page, data=data).status_code == 302
    db.session.refresh(step)
    assert (step.what, step.status) == ("Kortare pass, 6 timmar", "in_progress")


def test_a_follow_up_sent_twice_is_stored_once(client, login, world):
    step = world["case"].steps[0]
    login(client, world["manager"])
    page = f"/people/steps/{step.id}/follow-up"
    assert f'value="{TODAY.isoformat()}"' in client.get(page).get_data(as_text=True)
    data = {"csrf_token": form_token(client, page), "held_on": _in(0), "done": "Passen är kortare nu",
            "status": "done", "effect": "clear", "next_follow_up_on": ""}  # fmt: skip
    assert client.post(page, data=data).status_code == 302
    assert client.post(page, data=data).status_code == 302  # a double click
    assert db.session.scalar(select(func.count()).select_from(PersonFollowUp)) == 1
    shown = client.get(f"/people/cases/{world['case'].id}").get_data(as_text=True)
    assert "Passen är kortare nu" in shown and "Clear effect" in shown and "2 of 2 steps done" in shown


def test_an_open_step_without_a_next_follow_up_is_refused_on_the_page(client, login, world):
    step = world["case"].steps[0]
    login(client, world["hr"])
    page = f"/people/steps/{step.id}/follow-up"
    data = {"csrf_token": form_token(client, page), "held_on": _in(0), "done": "Samtal hållet",
            "status": "in_progress", "effect": "some", "next_follow_up_on": ""}  # fmt: skip
    refused = client.post(page, data=data)
    assert refused.status_code == 200 and "next follow-up" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PersonFollowUp)) == 0


@pytest.mark.parametrize("caller", ["other_manager", "ohs", "admin"])
def test_the_step_pages_are_404_for_everyone_but_hr_and_the_own_manager(client, login, world, caller):
    step = world["case"].steps[0]
    login(client, world[caller])
    for page in (
        f"/people/cases/{world['case'].id}/steps/new",
        f"/people/steps/{step.id}/edit",
        f"/people/steps/{step.id}/follow-up",
    ):
        assert client.get(page).status_code == 404, page
        assert client.post(page, data={"what": "x"}).status_code in (400, 404), page


def test_occupational_health_sees_the_steps_only_once_the_plan_is_shared(client, login, world):
    case = world["case"]
    login(client, world["ohs"])
    page = f"/people/cases/{case.id}"
    assert "Kortare arbetspass" not in client.get(page).get_data(as_text=True)
    case.oh_consent_on = TODAY
    db.session.commit()
    shown = client.get(page).get_data(as_text=True)
    assert "Kortare arbetspass" in shown and "/follow-up" not in shown and "/steps/new" not in shown
