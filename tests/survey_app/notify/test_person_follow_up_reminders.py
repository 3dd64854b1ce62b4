"""The managers' daily reminder also counts the steps of their staff's talks and plans whose follow-up was missed or
is due today: a number only, never a name, an employee id, a case id or a step's text; one message a day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.mail.render import render
from survey_app.notify.person_tasks import queue_due
from tests.clock import TODAY
from tests.survey_app.notify.recorded import mails, run_rule

EMPLOYEE = "EMP-3141"
STEP = "Ergonomisk genomgång av arbetsplatsen"


@pytest.fixture
def world(make):
    """A return-to-work plan in Hemtjänst Norr: one follow-up missed two days ago, one due today, one next week; no
    sick spells, so no overdue task. A manager of the unit and one of the preschool."""
    unit = make.unit("Hemtjänst Norr", code="HN")
    quiet = make.unit("Förskolan Solrosen", code="FS")
    steps = [
        {"what": STEP, "next_follow_up_on": TODAY - timedelta(days=2)},
        {"what": STEP, "next_follow_up_on": TODAY},
        {"what": STEP, "next_follow_up_on": TODAY + timedelta(days=7)},
    ]
    case = make.person_case(EMPLOYEE, unit, kind="return_to_work", steps=steps, starts_on=TODAY)
    return {
        "case": case,
        "manager": make.user("manager", units=(unit,), email="chef@example.org", locale="en"),
        "quiet": make.user("manager", units=(quiet,), email="quiet@example.org", locale="en"),
    }


def test_the_manager_is_told_how_many_follow_ups_are_missed_or_due_today_and_nothing_else(world):
    assert run_rule(queue_due, TODAY) == 1
    [mail] = mails()
    assert mail.user_id == world["manager"].id and mail.params == {"count": 0, "steps": 2}
    assert mail.link_path == "/people/cases"
    rendered = render(mail)
    assert rendered.subject == "Omtanke: 2 follow-ups of plans about your staff are due"
    assert "2 follow-ups of plans about your staff are due today or were missed." in rendered.text
    assert "overdue task" not in rendered.text
    case_id, step_ids = str(world["case"].id), [str(step.id) for step in world["case"].steps]
    for shown in (rendered.subject, rendered.text, rendered.html, repr(mail.params), mail.link_path):
        assert EMPLOYEE not in shown and STEP not in shown and "Hemtjänst" not in shown
        assert f"cases/{case_id}" not in shown and not any(f"steps/{step}" in shown for step in step_ids)


def test_a_second_run_the_same_day_records_nothing(world):
    assert run_rule(queue_due, TODAY) == 1
    assert run_rule(queue_due, TODAY) == 0
    assert len(mails()) == 1


def test_follow_ups_of_a_closed_case_or_a_later_day_do_not_remind(world, make):
    assert run_rule(queue_due, TODAY - timedelta(days=3)) == 0  # nothing missed or due that day
    world["case"].closed_on, world["case"].outcome = TODAY, "back_at_work"
    make.session.commit()
    assert run_rule(queue_due, TODAY) == 0


def test_overdue_tasks_and_follow_ups_are_counted_in_one_message(world, make):
    make.spell("EMP-2718", world["case"].unit, TODAY - timedelta(days=10), None)  # day-2 call overdue
    assert run_rule(queue_due, TODAY) == 1
    [mail] = mails()
    assert mail.params["count"] >= 1 and mail.params["steps"] == 2 and mail.link_path == "/people/tasks"
    text = render(mail).text
    assert "overdue task" in text and "2 follow-ups of plans about your staff are due today or were missed." in text
