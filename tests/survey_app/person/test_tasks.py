"""A manager's tasks in the app: who sees which, overdue first, marking one done (once, and it stays done when an
import rewrites the spell), the task list, the task page and the start page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, AuditEvent, Employee, PersonTaskDone
from survey_app.person.tasks import mark_done, tasks_for, tasks_for_employee
from tests.clock import TODAY
from tests.helpers import form_token


def _ago(days: int):
    return TODAY - timedelta(days=days)


@pytest.fixture
def world(app, make):
    """Two units with a manager each; EMP-A1 off sick in A for ten days (the day-2 call long overdue), EMP-B1 the same
    in B, EMP-A2 off sick in A from today; a name in the register for EMP-A1. Tasks are listed up to a week ahead here,
    so that today's spell has its call listed whatever day of the week TODAY is."""
    app.config["OMTANKE_TASK_RULES"] = {"country": "se", "show_days_ahead": 7}
    unit_a = make.unit("Hemtjänst Norr", code="HN")
    unit_b = make.unit("Förskolan Solrosen", code="FS")
    make.spell("EMP-A1", unit_a, _ago(10), None)
    make.spell("EMP-B1", unit_b, _ago(10), None)
    make.spell("EMP-A2", unit_a, TODAY, None)
    db.session.add(Employee(employee_id="EMP-A1", name="Kerstin Testsson", unit_id=unit_a.id))
    db.session.commit()
    return {
        "unit_a": unit_a,
        "manager_a": make.user("manager", units=(unit_a,)),
        "manager_b": make.user("manager", units=(unit_b,)),
        "hr": make.user("hr"),
        "ohs": make.user("ohs", units=(unit_a,)),
        "admin": make.user("admin"),
    }


def _call(views, employee: str):
    return next(view for view in views if view.task.employee == employee and view.task.kind == "se_call")


def test_a_manager_sees_the_tasks_of_their_units_staff_only_and_hr_sees_all(world):
    assert {view.task.employee for view in tasks_for(world["manager_a"], TODAY)} == {"EMP-A1", "EMP-A2"}
    assert {view.task.employee for view in tasks_for(world["manager_b"], TODAY)} == {"EMP-B1"}
    assert {view.task.employee for view in tasks_for(world["hr"], TODAY)} == {"EMP-A1", "EMP-A2", "EMP-B1"}
    for role in ("ohs", "admin"):
        with pytest.raises(NotAllowedError):
            tasks_for(world[role], TODAY)
    with pytest.raises(NotAllowedError):
        tasks_for_employee(world["manager_b"], "EMP-A1", TODAY)
    assert _call(tasks_for_employee(world["manager_a"], "EMP-A1", TODAY), "EMP-A1")


def test_overdue_tasks_come_first_and_every_read_is_logged(world):
    views = tasks_for(world["manager_a"], TODAY)
    assert _call(views, "EMP-A1").overdue
    assert not _call(views, "EMP-A2").overdue  # due tomorrow or on the next working day
    flags = [view.overdue for view in views]
    assert flags == sorted(flags, reverse=True)
    logged = db.session.scalar(select(func.count()).where(AuditEvent.action == "person.tasks_read"))
    assert logged == 1


def test_a_task_done_twice_is_stored_once_and_stays_done_after_an_import_rewrites_the_spell(world):
    manager = world["manager_a"]
    anchor = _call(tasks_for(manager, TODAY), "EMP-A1").task.anchor
    mark_done(manager, "EMP-A1", "se_call", anchor, TODAY, "reached", TODAY)
    mark_done(manager, "EMP-A1", "se_call", anchor, _ago(1), "not_reached", TODAY)
    [row] = db.session.scalars(select(PersonTaskDone)).all()
    assert (row.outcome, row.done_on, row.done_by_id) == ("reached", TODAY, manager.id)
    db.session.execute(AbsenceSpell.__table__.delete().where(AbsenceSpell.employee_id == "EMP-A1"))
    db.session.add(AbsenceSpell(employee_id="EMP-A1", unit_id=world["unit_a"].id, first_day=_ago(10), last_day=_ago(1)))
    db.session.commit()
    call = _call(tasks_for(manager, TODAY), "EMP-A1")
    assert call.done is not None and not call.overdue


def test_a_task_is_done_on_a_day_not_in_the_future_with_an_outcome_its_kind_offers(world):
    manager = world["manager_a"]
    anchor = _call(tasks_for(manager, TODAY), "EMP-A1").task.anchor
    with pytest.raises(DomainError):
        mark_done(manager, "EMP-A1", "se_call", anchor, TODAY + timedelta(days=1), "reached", TODAY)
    with pytest.raises(DomainError):
        mark_done(manager, "EMP-A1", "se_call", anchor, TODAY, "done", TODAY)
    with pytest.raises(NotAllowedError):
        mark_done(world["manager_b"], "EMP-A1", "se_call", anchor, TODAY, "reached", TODAY)
    assert db.session.scalar(select(func.count()).select_from(PersonTaskDone)) == 0


def test_the_task_list_names_the_person_for_their_own_manager(client, login, world):
    login(client, world["manager_a"])
    page = client.get("/people/tasks").get_data(as_text=True)
    assert "Kerstin Testsson" in page and "EMP-A2" in page and "EMP-B1" not in page
    assert "Call (day 2): how are you, can anything make a return easier?" in page
    assert "Overdue: due" in page
    login(client := client.application.test_client(), world["manager_b"])
    page = client.get("/people/tasks").get_data(as_text=True)
    assert "Kerstin Testsson" not in page and "EMP-A1" not in page and "EMP-B1" in page


@pytest.mark.parametrize("role", ["ohs", "admin"])
def test_other_roles_are_refused_the_task_list(client, login, world, role):
    login(client, world[role])
    assert client.get("/people/tasks").status_code == 403


def test_marking_a_task_done_on_its_page(client, login, world):
    manager = world["manager_a"]
    anchor = _call(tasks_for(manager, TODAY), "EMP-A1").task.anchor.isoformat()
    page = f"/people/tasks/EMP-A1/se_call/{anchor}"
    login(client, manager)
    html = client.get(page).get_data(as_text=True)
    assert "Reached" in html and "Talk booked" in html and 'value="' + TODAY.isoformat() + '"' in html
    token = form_token(client, page)
    future = {"csrf_token": token, "done_on": (TODAY + timedelta(days=1)).isoformat(), "outcome": "reached"}
    refused = client.post(page, data=future)
    assert refused.status_code == 200 and "not in the future" in refused.get_data(as_text=True)
    assert client.post(page, data={"csrf_token": token, "done_on": TODAY.isoformat()}).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(PersonTaskDone)) == 0
    data = {"csrf_token": token, "done_on": TODAY.isoformat(), "outcome": "talk_booked"}
    assert client.post(page, data=data).status_code == 302
    assert client.post(page, data=data).status_code == 302  # a double click
    assert db.session.scalar(select(func.count()).select_from(PersonTaskDone)) == 1
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "person.task_done")) == 1
    listing = client.get("/people/tasks").get_data(as_text=True)
    assert "Talk booked" in listing.split("Done lately")[1]
    assert "Reached" not in client.get(page).get_data(as_text=True)  # no form any more


def test_a_task_page_is_404_for_anyone_who_may_not_see_the_person_or_a_task_that_is_not_there(client, login, world):
    anchor = _call(tasks_for(world["hr"], TODAY), "EMP-A1").task.anchor.isoformat()
    login(client, world["manager_b"])
    assert client.get(f"/people/tasks/EMP-A1/se_call/{anchor}").status_code == 404
    login(client := client.application.test_client(), world["manager_a"])
    assert client.get(f"/people/tasks/EMP-A1/se_call/{anchor}").status_code == 200
    assert client.get(f"/people/tasks/EMP-A1/se_call/{_ago(3).isoformat()}").status_code == 404
    assert client.get(f"/people/tasks/EMP-A1/fi_allowance/{anchor}").status_code == 404
    assert client.get("/people/tasks/EMP-A1/se_call/not-a-day").status_code == 404
    assert client.get(f"/people/tasks/NOBODY/se_call/{anchor}").status_code == 404


def test_the_start_page_shows_a_managers_open_tasks_overdue_first_with_a_count(client, login, world, make):
    overdue = sum(view.overdue for view in tasks_for(world["manager_a"], TODAY))  # the call, maybe day 8's too
    login(client, world["manager_a"])
    page = client.get("/").get_data(as_text=True)
    assert "Tasks about my staff" in page
    assert ("1 task is overdue." if overdue == 1 else f"{overdue} tasks are overdue.") in page
    assert page.index("Kerstin Testsson") < page.index("EMP-A2")
    quiet = make.user("manager", units=(make.unit("Kostenheten", code="KO"),))
    login(client := client.application.test_client(), quiet)
    page = client.get("/").get_data(as_text=True)
    assert "No tasks: nothing to do about your staff’s absence right now." in page
    login(client := client.application.test_client(), world["ohs"])
    assert "Tasks about my staff" not in client.get("/").get_data(as_text=True)
