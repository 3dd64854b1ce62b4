"""A person's track and the sick-report form: only HR and the employee's own manager see a person (everyone else
gets the 404 of an unknown id), every read is audit-logged without the name, and a report holds no free text."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import AbsenceSpell, AuditEvent, Employee, SickReport
from tests.clock import TODAY
from tests.helpers import form_token

FORM = "/people/sick-report"


@pytest.fixture
def world(make):
    care = make.unit("Vård och omsorg", code="VO")
    north = make.unit("Hemtjänst Norr", parent=care, code="HT-1")
    school = make.unit("Ängsskolan", code="BUF-1")
    db.session.add(Employee(employee_id="E-100", name="Anna Andersson", unit_id=north.id))
    db.session.commit()
    make.spell("E-100", north, TODAY - timedelta(days=40), TODAY - timedelta(days=35), extent=50)
    make.spell("E-100", north, TODAY - timedelta(days=500), TODAY - timedelta(days=490))  # older than 12 months
    return {
        "north": north,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(care,)),
        "admin": make.user("admin"),
    }


def _reads() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "person.track_read")))


@pytest.mark.parametrize("reader", ["hr", "manager"])
def test_hr_and_the_own_manager_read_the_track_and_each_read_is_logged(app, login, world, reader):
    client = login(app.test_client(), world[reader])
    response = client.get("/people/E-100")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Anna Andersson" in page and "Hemtjänst Norr" in page
    assert (TODAY - timedelta(days=40)).isoformat() in page and "50 %" in page
    assert (TODAY - timedelta(days=500)).isoformat() not in page
    client.get("/people/E-100")
    reads = _reads()
    assert len(reads) == 2 and all(r.object_id == "E-100" and r.actor_id == world[reader].id for r in reads)


def _page(response) -> str:
    """The page without its CSRF tokens, which carry the second they were made in."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", response.get_data(as_text=True))


@pytest.mark.parametrize("reader", ["other_manager", "ohs", "admin"])
def test_anyone_else_gets_the_404_of_an_unknown_id(app, login, world, reader):
    client = login(app.test_client(), world[reader])
    known, unknown = client.get("/people/E-100"), client.get("/people/E-999")
    assert known.status_code == unknown.status_code == 404
    assert _page(known) == _page(unknown).replace("E-999", "E-100")
    assert "Anna" not in known.get_data(as_text=True)
    assert _reads() == []


def test_an_unknown_id_is_404_for_hr_too(app, login, world):
    assert login(app.test_client(), world["hr"]).get("/people/E-999").status_code == 404


def test_the_sick_report_form_has_no_free_text_field(app, login, world):
    page = login(app.test_client(), world["manager"]).get(FORM).get_data(as_text=True)
    assert "<textarea" not in page
    assert "diagnos" not in page.lower().replace("give no diagnosis", "")
    assert 'name="first_day"' in page and f'value="{TODAY.isoformat()}"' in page
    assert "Anna Andersson" in page  # picked from the register of the manager's units


def _report(client, unit, employee="E-100", **fields):
    data = {
        "csrf_token": form_token(client, FORM),
        "employee_id": employee,
        "unit_id": unit.id,
        "first_day": TODAY.isoformat(),
        "expected_days": "10",
        "extent": "100",
        **fields,
    }
    return client.post(FORM, data=data)


def test_a_manager_reports_for_their_unit_and_lands_on_the_track(app, login, world):
    client = login(app.test_client(), world["manager"])
    response = _report(client, world["north"])
    assert response.status_code == 302 and response.location.endswith("/people/E-100")
    reports = list(db.session.scalars(select(SickReport)))
    assert [(r.employee_id, r.first_day, r.expected_days, r.source) for r in reports] == [("E-100", TODAY, 10, "form")]
    spells = db.session.scalars(select(AbsenceSpell).where(AbsenceSpell.first_day == TODAY)).all()
    assert [(s.employee_id, s.last_day) for s in spells] == [("E-100", None)]
    track = client.get(response.location).get_data(as_text=True)
    assert "The sick report has been recorded." in track and "ongoing" in track and "10 days" in track
    names = [str(e.details) for e in db.session.scalars(select(AuditEvent))]
    assert not any("Anna" in text for text in names)


def test_a_manager_cannot_report_for_another_unit(app, login, world):
    client = login(app.test_client(), world["manager"])
    response = _report(client, world["school"], employee="E-300")
    assert response.status_code in (200, 404)
    assert db.session.scalars(select(SickReport)).all() == []
    assert db.session.scalars(select(AbsenceSpell).where(AbsenceSpell.employee_id == "E-300")).all() == []


def test_a_new_person_reported_by_hr_gets_a_track_shown_by_id(app, login, world):
    client = login(app.test_client(), world["hr"])
    response = _report(client, world["school"], employee="E-300", expected_days="")
    assert response.status_code == 302
    page = client.get("/people/E-300").get_data(as_text=True)
    assert "not in the employee register" in page and "not known" in page


def test_the_register_unit_is_used_when_no_unit_is_chosen(app, login, world):
    client = login(app.test_client(), world["manager"])
    assert _report(client, world["north"], unit_id="").status_code == 302
    assert db.session.scalar(select(SickReport.unit_id)) == world["north"].id


@pytest.mark.parametrize("reader", ["ohs", "admin"])
def test_roles_without_people_cannot_open_the_form(app, login, world, reader):
    assert login(app.test_client(), world[reader]).get(FORM).status_code == 403


def test_the_track_lists_the_persons_tasks_with_links(app, login, world):
    from survey_app.person.tasks import tasks_for_employee

    client = login(app.test_client(), world["manager"])
    assert _report(client, world["north"], first_day=(TODAY - timedelta(days=3)).isoformat()).status_code == 302
    page = client.get("/people/E-100").get_data(as_text=True)
    with app.test_request_context():
        views = tasks_for_employee(db.session.merge(world["manager"]), "E-100", TODAY)
    assert views, "a spell begun 3 days ago calls for at least the day-2 call"
    for view in views:
        assert f"/people/tasks/E-100/{view.task.kind}/{view.task.anchor.isoformat()}" in page
