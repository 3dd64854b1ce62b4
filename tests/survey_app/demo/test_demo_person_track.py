"""The demo's people on the person track: one at each stage of a manager's tasks, in the register, shown to their
own manager on the start page and the task list; the random demo staff's tasks done."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from interventions.person_track import is_day_off
from survey_app.db import db
from survey_app.demo import person_cases
from survey_app.demo.person_track import DEMO_REGISTER_NAMES, PEOPLE, seed_person_track_demo
from survey_app.demo.services import seed_demo
from survey_app.models import Employee, User
from survey_app.person.tasks import days_off, tasks_for
from tests.clock import TODAY


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_demo_has_a_person_at_each_stage_of_the_managers_tasks(app, login):
    seed_demo(password="demo lösenord 2026")
    assert seed_person_track_demo(TODAY) == 0 and person_cases.seed_person_cases_demo(TODAY) == 0  # idempotent
    registered = dict(db.session.execute(select(Employee.employee_id, Employee.name)).all())
    assert all(registered[employee] == name for employee, name, _ in PEOPLE)
    views = tasks_for(_user("hr@example.org"), TODAY)
    ours = {(v.task.employee, v.task.kind): v for v in views if v.task.employee.startswith("HTP-")}
    assert ours[("HTP-102", "se_call")].overdue and ours[("HTP-102", "se_call")].done is None
    assert ours[("HTP-103", "se_notify_fk")].done is None
    assert ours[("HTP-104", "se_return_plan")].done is None
    assert ours[("HTP-104", "se_notify_fk")].done is not None  # one done task
    assert ours[("HTP-105", "se_care_talk")].overdue
    if not is_day_off(TODAY + timedelta(days=1), days_off("se", TODAY)):  # listed the day before it is due
        assert ours[("HTP-101", "se_call")].task.due_on == TODAY + timedelta(days=1)
    others = [v for v in views if not v.task.employee.startswith("HTP-")]
    assert others and all(v.done is not None for v in others if v.task.due_on < TODAY)
    manager = _user("manager5@example.org")  # Hemtjänst's manager: all five are their staff
    assert {v.task.employee for v in tasks_for(manager, TODAY) if v.done is None} >= {"HTP-102", "HTP-103"}
    client = login(app.test_client(), manager, password="demo lösenord 2026")
    page = client.get("/").get_data(as_text=True)
    assert "Aino Kettunen" in page and ("task is overdue" in page or "tasks are overdue" in page)
    other = login(app.test_client(), _user("manager1@example.org"), password="demo lösenord 2026")
    names = DEMO_REGISTER_NAMES + person_cases.DEMO_REGISTER_NAMES
    assert not any(name in other.get("/").get_data(as_text=True) for name in names)
