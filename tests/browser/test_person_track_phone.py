"""The person track on a manager's 360 px phone, from a sick report to a closed plan: the HR system reports sickness
through the API, the manager finds the day-2 call on the start page under the person's name and marks it done; a
fourth spell in twelve months brings the omtankesamtal, which the manager books from the task, records held, agrees
two steps in, follows both up and closes. No page is wider than the phone's screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from survey_app.api.commands import api_token_cli
from survey_app.db import db, write_transaction
from survey_app.models import AbsenceSpell, AuditEvent, Employee, PersonCase, SupportEvent
from tests.clock import TODAY

pytestmark = pytest.mark.browser

WIDTH = "document.documentElement.scrollWidth"
PERSON = "E-4711"
NAME = "Kerstin Lindqvist"


def _fits(phone) -> None:
    phone.wait_for_load_state()  # the style sheets too: a page is measured as it is shown
    assert phone.evaluate(WIDTH) <= 360, phone.url


def _report(live_server: str, token: str, first_day) -> None:
    """The HR system's sick report, over HTTP to the running app, as an HR system sends one."""
    body = {"employee_id": PERSON, "unit_code": "HT-N", "first_day": first_day.isoformat(), "expected_days": 3}
    response = requests.post(
        f"{live_server}/api/v1/sick-reports", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 201, response.text


def _task_link(phone, label: str):
    """The start page's link to the task of ``label`` about the person (their name beside it)."""
    item = phone.locator("main ul.person-tasks li").filter(has_text=NAME).filter(has_text=label)
    return item.locator("a", has_text=label)


def _log_in(phone, live_server: str, email: str) -> None:
    phone.goto(f"{live_server}/login")
    phone.fill("#email", email)
    phone.fill("#password", "correct horse battery")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(f"{live_server}/")


def _add_step(phone, what: str, role: str, due_in: int) -> None:
    phone.get_by_role("link", name="Add a step").click()
    _fits(phone)
    phone.fill("#what", what)
    phone.select_option("#responsible_role", role)
    phone.fill("#due_on", (TODAY + timedelta(days=due_in)).isoformat())
    phone.fill("#next_follow_up_on", (TODAY + timedelta(days=7)).isoformat())
    phone.get_by_role("button", name="Save the step").click()
    phone.wait_for_selector(f"#steps td:has-text('{what}')")


def _follow_up(phone, what: str, note: str) -> None:
    link = phone.locator("#steps tr", has_text=what).get_by_role("link", name="Follow up")
    box = link.bounding_box()
    assert box["x"] + box["width"] <= 360  # on the phone's screen, not off to the right of a table
    link.click()
    _fits(phone)
    phone.fill("#done", note)
    phone.select_option("#status", "done")
    phone.select_option("#effect", "some")
    phone.fill("#next_follow_up_on", "")
    phone.get_by_role("button", name="Save the follow-up").click()
    phone.wait_for_selector("#person-plan-progress")


def test_a_manager_takes_a_person_from_a_sick_report_to_a_closed_talk_on_a_phone(
    app, make, live_server, phone, artifacts
):
    unit = make.unit("Hemtjänst Norr", code="HT-N", headcount=14)
    manager = make.user("manager", units=(unit,), email="chef.norr@example.org", locale="en")
    make.user("hr", email="hr.system@example.org")
    db.session.add(Employee(employee_id=PERSON, name=NAME, unit_id=unit.id))
    db.session.commit()
    for back in (200, 120):  # two short spells earlier in the year: the report below is the third
        make.spell(PERSON, unit, TODAY - timedelta(days=back), TODAY - timedelta(days=back - 1))
    created = app.test_cli_runner().invoke(
        api_token_cli,
        ["create", "--user", "hr.system@example.org", "--name", "HR system", "--scope", "sick-reports:write"],
    )
    assert created.exit_code == 0, created.output
    token = created.output.strip()

    first_day = TODAY - timedelta(days=30)
    _report(live_server, token, first_day)

    _log_in(phone, live_server, manager.email)
    call = _task_link(phone, "Call (day 2)")
    assert call.count() == 1  # the manager's own staff: named, not an id
    _fits(phone)
    phone.screenshot(path=str(artifacts / "person-track-start-phone.png"), full_page=True)
    call.click()
    assert NAME in phone.locator("main").inner_text()
    _fits(phone)
    phone.get_by_label("Reached", exact=True).check()
    phone.fill("#done_on", TODAY.isoformat())
    phone.screenshot(path=str(artifacts / "person-track-call-phone.png"), full_page=True)
    phone.get_by_role("button", name="Mark done").click()
    phone.wait_for_url(f"{live_server}/people/tasks")
    assert "The task is marked done." in phone.locator("main").inner_text()
    phone.goto(f"{live_server}/")
    assert _task_link(phone, "Call (day 2)").count() == 0  # no longer open on the start page

    # The HR system's import closes the reported spell after two days; today the person is sick again, the fourth
    # spell in 12 months: the omtankesamtal is listed at once, from the signal's day, so it can be booked today.
    db.session.rollback()  # the test's read snapshot predates the server's writes: a write starts afresh
    with write_transaction():
        spell = db.session.scalars(select(AbsenceSpell).filter_by(employee_id=PERSON, first_day=first_day)).one()
        spell.last_day = first_day + timedelta(days=1)
        db.session.commit()
    fourth = TODAY
    _report(live_server, token, fourth)

    phone.goto(f"{live_server}/")
    talk_task = _task_link(phone, "Omtankesamtal")
    assert talk_task.count() == 1
    talk_task.click()
    _fits(phone)
    phone.get_by_role("link", name="Book the talk").click()
    assert phone.locator("#signal_on").input_value() == fourth.isoformat()
    phone.fill("#planned_on", (TODAY + timedelta(days=3)).isoformat())
    _fits(phone)
    phone.screenshot(path=str(artifacts / "person-track-book-phone.png"), full_page=True)
    phone.get_by_role("button", name="Open").click()
    phone.wait_for_url(f"{live_server}/people/cases/*")
    case_page = phone.url
    assert "The case has been opened." in phone.locator("main").inner_text()
    _fits(phone)

    phone.get_by_role("link", name="Record it held or change the days").click()
    phone.fill("#held_on", TODAY.isoformat())
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(case_page)
    assert "counted in the unit’s talks and meetings" in phone.locator("main").inner_text()

    _add_step(phone, "Fasta turer de första två veckorna", "manager", 14)
    _add_step(phone, "Genomgång av schemat med skyddsombudet", "safety_representative", 21)
    assert "0 of 2 steps done" in phone.locator("#person-plan-progress").inner_text()
    _fits(phone)
    _follow_up(phone, "Fasta turer de första två veckorna", "Turerna är fasta sedan måndag")
    _follow_up(phone, "Genomgång av schemat med skyddsombudet", "Schemat gicks igenom på APT")
    assert "2 of 2 steps done" in phone.locator("#person-plan-progress").inner_text()
    _fits(phone)
    phone.screenshot(path=str(artifacts / "person-track-case-phone.png"), full_page=True)

    phone.get_by_role("link", name="Close the case").click()
    _fits(phone)
    phone.get_by_label("The agreed steps are done", exact=True).check()
    phone.get_by_role("button", name="Close the case").click()
    phone.wait_for_url(case_page)
    status = phone.locator("main dl.facts").inner_text()
    assert f"Closed {TODAY.isoformat()}: The agreed steps are done" in status
    assert phone.get_by_role("link", name="Add a step").count() == 0
    _fits(phone)
    phone.screenshot(path=str(artifacts / "person-track-closed-phone.png"), full_page=True)

    db.session.expire_all()
    case = db.session.scalars(select(PersonCase).filter_by(employee_id=PERSON)).one()
    assert (case.kind, case.closed_on, case.outcome) == ("early_support", TODAY, "steps_done")
    assert [(len(step.follow_ups), step.status) for step in case.steps] == [(1, "done"), (1, "done")]
    events = db.session.scalars(select(SupportEvent)).all()
    assert [(event.unit_id, event.held_on) for event in events] == [(unit.id, TODAY)]
    reads = db.session.scalars(select(AuditEvent).filter_by(action="person.case_read")).all()
    assert reads and {read.object_id for read in reads} == {str(case.id)}
