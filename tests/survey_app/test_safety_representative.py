"""The safety representative sees no person data: a person in their own unit, off sick, with a talk and its plan,
stays out of reach on every page (the register, the track, sick reports, tasks, the person's cases, absence pages,
interview notes), and no page they can open shows the person's name."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.db import db
from survey_app.models import Employee
from tests.clock import TODAY


@pytest.fixture
def represented(make):
    """Unit A with its safety representative and Anna Andersson, off sick for ten days, with a talk and its step."""
    unit = make.unit("Hemtjänst Norr", code="A")
    db.session.add(Employee(employee_id="E-A1", name="Anna Andersson", unit_id=unit.id))
    db.session.commit()
    make.spell("E-A1", unit, TODAY - timedelta(days=10), None)
    case = make.person_case("E-A1", unit, steps=[{}])
    return {"unit": unit, "safety": make.user("safety", units=(unit,)), "person_case": case}


def test_every_person_page_refuses_the_representative(app, login, represented):
    client = login(app.test_client(), represented["safety"])
    anchor = (TODAY - timedelta(days=10)).isoformat()
    case_id = represented["person_case"].id
    step_id = represented["person_case"].steps[0].id
    refused = [
        "/people/register", "/people/register/new", "/people/E-A1", "/people/sick-report", "/people/tasks",
        f"/people/tasks/E-A1/se_call/{anchor}", "/people/cases", f"/people/cases/{case_id}",
        "/people/E-A1/cases/new", f"/people/steps/{step_id}/edit", "/absence/", "/absence/signals",
        "/absence/export.xlsx", "/interviews/",
    ]  # fmt: skip
    for path in refused:
        assert client.get(path).status_code in (403, 404), path


def test_no_page_the_representative_opens_shows_a_person(app, login, represented):
    client = login(app.test_client(), represented["safety"])
    for path in ("/", f"/units/{represented['unit'].id}", "/plans/", "/results/", "/indicators/", "/support/events"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "Anna Andersson" not in page and "E-A1" not in page, path
    menu = client.get("/").get_data(as_text=True)
    assert "/people/" not in menu and "/absence/" not in menu and "/interviews/" not in menu
