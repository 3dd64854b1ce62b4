"""Closing a case loses no step, and a unit never gets a second active case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, InterventionCase, PlanStep
from survey_app.plans import services
from tests.clock import TODAY
from tests.helpers import page_text, post_form

SOON = (TODAY + timedelta(days=3)).isoformat()  # within a week: on the start page's "Steps to follow up"


@pytest.fixture
def steps(world, client, add_step):
    case = world["case"]
    for what in ("Fasta larmtider", "Ny schemamall", "Introduktion för vikarier"):
        assert add_step(client, case, what=what, next_follow_up_on=SOON).status_code == 302
    return {step.what: step for step in db.session.scalars(select(PlanStep).order_by(PlanStep.id))}


def _close(client, case, **choices):
    data = {"stage": "closed", "reached_on": TODAY.isoformat(), "note": "Klart", **choices}
    return post_form(client, f"/plans/{case.id}", data, action=f"/plans/{case.id}/stages")


def _case(case_id: int) -> InterventionCase:
    db.session.expire_all()
    return db.session.get(InterventionCase, case_id)


def test_the_close_form_offers_three_choices_for_every_open_step(world, steps, client):
    page = client.get(f"/plans/{world['case'].id}").get_data(as_text=True)
    for step in steps.values():
        radios = re.findall(rf'<input[^>]*name="outcome_{step.id}"[^>]*>', page)
        assert {re.search(r'value="(\w+)"', radio).group(1) for radio in radios} == {"done", "cancelled", "moved"}
        assert f'name="reason_{step.id}"' in page


def test_closing_without_a_choice_for_every_open_step_is_refused(world, steps, client, app, login):
    case = world["case"]
    first = steps["Fasta larmtider"]
    response = _close(client, case, **{f"outcome_{first.id}": "done"})
    assert response.status_code == 200
    assert "Say what happens to the open step “Ny schemamall”" in page_text(response)
    assert _case(case.id).closed_on is None
    assert {step.status for step in _case(case.id).steps} == {"planned"}  # nothing was changed
    manager = login(app.test_client(), world["manager"])
    assert "Ny schemamall" in page_text(manager.get("/"))


def test_a_cancelled_step_needs_a_reason(world, steps, client):
    case = world["case"]
    choices = {f"outcome_{step.id}": "done" for step in steps.values()}
    choices[f"outcome_{steps['Ny schemamall'].id}"] = "cancelled"
    response = _close(client, case, **choices)
    assert response.status_code == 200
    assert "Give the reason the step “Ny schemamall” is cancelled." in page_text(response)
    assert _case(case.id).closed_on is None


def test_each_open_step_is_done_cancelled_or_moved_and_nothing_is_lost(world, steps, client, app, login):
    case = world["case"]
    done, cancelled, moved = steps["Fasta larmtider"], steps["Ny schemamall"], steps["Introduktion för vikarier"]
    response = _close(
        client,
        case,
        **{
            f"outcome_{done.id}": "done",
            f"outcome_{cancelled.id}": "cancelled",
            f"reason_{cancelled.id}": "Schemat byts centralt",
            f"outcome_{moved.id}": "moved",
        },
    )
    assert response.status_code == 302
    closed = _case(case.id)
    assert closed.closed_on == TODAY and closed.stage == "closed"
    db.session.expire_all()
    assert db.session.get(PlanStep, done.id).status == "done"
    dropped = db.session.get(PlanStep, cancelled.id)
    assert (dropped.status, dropped.dropped_reason) == ("dropped", "Schemat byts centralt")
    carried = db.session.get(PlanStep, moved.id)
    successor = carried.case
    assert successor.id != case.id and successor.unit_id == case.unit_id and successor.closed_on is None
    assert carried.status == "planned" and carried.moved_from_case_id == case.id
    # the moved step is still followed up: on the manager's start page, through the open case
    manager = login(app.test_client(), world["manager"])
    assert "Introduktion för vikarier" in page_text(manager.get("/"))
    # the closed case says what became of each step
    page = page_text(client.get(f"/plans/{case.id}"))
    assert "Cancelled: Schemat byts centralt" in page and "Moved to a new case" in page
    assert f'href="/plans/{successor.id}"' in client.get(f"/plans/{case.id}").get_data(as_text=True)
    details = db.session.scalar(select(AuditEvent.details).where(AuditEvent.action == "plans.case_closed"))
    assert details["steps"] == {str(done.id): "done", str(cancelled.id): "cancelled", str(moved.id): "moved"}
    assert details["moved_to"] == successor.id


def test_a_case_without_open_steps_closes_as_before(world, client, add_step):
    case = world["case"]
    assert add_step(client, case, status="done", next_follow_up_on="").status_code == 302
    assert _close(client, case).status_code == 302
    assert _case(case.id).closed_on == TODAY


def test_opening_a_case_on_a_unit_with_an_active_case_leads_to_that_case(world, client):
    case = world["case"]
    response = post_form(client, "/plans/new", {"unit_code": "HT-C", "trigger": "survey_result"})
    assert response.status_code == 302 and response.location.endswith(f"/plans/{case.id}")
    assert db.session.scalar(select(func.count()).select_from(InterventionCase)) == 1
    page = page_text(client.get(response.location))
    assert "Hemtjänst Centrum already has an active case: here it is." in page
    link = client.get("/plans/new?unit=HT-C&trigger=absence_signal")  # the absence page's "Open a case"
    assert link.status_code == 302 and link.location.endswith(f"/plans/{case.id}")


def test_the_service_refuses_a_second_active_case_and_allows_one_after_closing(world):
    case = world["case"]
    data = services.CaseInput("HT-C", "other", "", None)
    with pytest.raises(services.CaseAlreadyOpenError) as refused:
        services.open_case(world["hr"], data, TODAY)
    assert refused.value.case_id == case.id
    services.record_stage(world["hr"], case, "closed", TODAY, "", TODAY)
    assert services.open_case(world["hr"], data, TODAY).id != case.id
