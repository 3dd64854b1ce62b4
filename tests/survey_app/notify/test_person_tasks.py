"""Managers' daily reminder of overdue tasks about their staff: one message a day, counts only, to the managers of
the employees' units, through the real mail server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.db import db, utcnow
from survey_app.mail.delivery import deliver_due
from survey_app.mail.render import render
from survey_app.models import Employee
from survey_app.notify.person_tasks import queue_due
from survey_app.person.tasks import mark_done, outcomes_for, tasks_for
from tests.clock import TODAY
from tests.survey_app.notify.recorded import mails, run_rule

#: What the test's absence data holds about people: none of it may reach a message.
EMPLOYEES = ("EMP-4417", "EMP-8820")
NAME = "Kerstin Testsson"


def _ago(days: int):
    return TODAY - timedelta(days=days)


@pytest.fixture
def world(make):
    """EMP-4417 and EMP-8820 off sick in Hemtjänst Norr for ten days (their day-2 calls overdue); nobody in the
    preschool; a manager each, HR and an administrator."""
    unit = make.unit("Hemtjänst Norr", code="HN")
    quiet = make.unit("Förskolan Solrosen", code="FS")
    for employee in EMPLOYEES:
        make.spell(employee, unit, _ago(10), None)
    db.session.add(Employee(employee_id=EMPLOYEES[0], name=NAME, unit_id=unit.id))
    db.session.commit()
    return {
        "manager": make.user("manager", units=(unit,), email="chef@example.org", locale="en"),
        "quiet": make.user("manager", units=(quiet,), email="quiet@example.org", locale="en"),
        "hr": make.user("hr", email="hr@example.org", locale="en"),
        "admin": make.user("admin", email="admin@example.org", locale="en"),
    }


def _run(day=TODAY) -> int:
    return run_rule(queue_due, day)


def _overdue_of(manager) -> int:
    return sum(view.overdue for view in tasks_for(manager, TODAY))


def test_the_manager_with_overdue_tasks_gets_one_message_a_day_saying_only_how_many(world):
    expected = _overdue_of(world["manager"])
    assert expected >= 2  # both day-2 calls (and day 8's, when it has passed)
    assert _run() == 1
    [mail] = mails()
    assert mail.kind == "person_tasks" and mail.user_id == world["manager"].id
    assert mail.params == {"count": expected} and mail.link_path == "/people/tasks"
    rendered = render(mail)
    assert rendered.subject == f"Omtanke: {expected} overdue tasks about your staff"
    assert f"You have {expected} overdue tasks about your staff in Omtanke." in rendered.text
    for shown in (rendered.subject, rendered.text, rendered.html, repr(mail.params)):
        assert not any(employee in shown for employee in EMPLOYEES) and NAME not in shown
        assert _ago(10).isoformat() not in shown and "day 2" not in shown and "Call" not in shown


def test_a_second_run_the_same_day_records_nothing_and_the_next_day_reminds_again(world):
    assert _run() == 1
    assert _run() == 0
    assert _run(TODAY + timedelta(days=1)) == 1
    assert len(mails()) == 2


def test_nobody_without_overdue_tasks_is_reminded(world):
    _run()
    assert {mail.user_id for mail in mails()} == {world["manager"].id}  # not the quiet manager, HR or admin
    for view in tasks_for(world["hr"], TODAY):
        task = view.task
        outcome = outcomes_for(task.kind)[0]
        mark_done(world["hr"], task.employee, task.kind, task.anchor, TODAY, outcome, TODAY)
    assert _run(TODAY + timedelta(days=1)) == 0


def test_the_reminder_arrives_through_the_mail_server(world, smtp_server):
    expected = _overdue_of(world["manager"])
    _run()
    deliver_due(utcnow())
    smtp_server.wait_for(1)
    [received] = smtp_server.to("chef@example.org")
    assert received.subject == f"Omtanke: {expected} overdue tasks about your staff"
    assert "https://omtanke.example.org/people/tasks" in received.text
    assert "https://omtanke.example.org/people/tasks" in received.html
    for shown in (received.subject, received.text, received.html):
        assert not any(employee in shown for employee in EMPLOYEES) and NAME not in shown
    assert smtp_server.to("quiet@example.org") == [] and smtp_server.to("hr@example.org") == []
