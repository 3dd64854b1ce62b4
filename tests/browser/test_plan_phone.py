"""A manager works on the action plan on a 360 px phone: a refused form brings its error summary into view with focus,
at the same address; a follow-up is recorded; no plan page is wider than the screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from survey_app.models import PlanGoal
from tests.clock import TODAY

pytestmark = pytest.mark.browser

FOCUSED_SUMMARY = "document.activeElement && document.activeElement.classList.contains('error-summary')"
WIDTH = "document.documentElement.scrollWidth"


def _log_in(phone, live_server, manager):
    phone.goto(f"{live_server}/login")
    phone.fill("#email", manager.email)
    phone.fill("#password", "correct horse battery")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(f"{live_server}/")


def test_a_manager_on_a_phone_is_shown_the_errors_and_records_a_follow_up(make, live_server, phone, artifacts):
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=12)
    manager = make.user("manager", units=(unit,), email="chef@example.org", locale="en")
    planned = {
        "what": "Fasta larmtider för nattpatrullen",
        "responsible_role": "unit_manager",
        "due_on": TODAY + timedelta(days=20),
        "status": "in_progress",
        "next_follow_up_on": TODAY + timedelta(days=2),
        "created_on": TODAY - timedelta(days=30),
    }
    goals = [
        PlanGoal(indicator="short_term_absence_pct", baseline=7.9, target=5.5, target_on=date(2027, 6, 4)),
        PlanGoal(indicator="sick_days_per_person_year", baseline=33.9, target=28, target_on=date(2027, 6, 4)),
    ]
    case = make.case(unit, steps=[planned], trigger="absence_signal", opened_on=TODAY - timedelta(days=60), goals=goals)
    step = case.steps[0]
    _log_in(phone, live_server, manager)

    case_page = f"{live_server}/plans/{case.id}"
    phone.goto(case_page)
    assert phone.evaluate(WIDTH) <= 360  # the goals fit the screen
    phone.locator("#new-step ~ form button[type=submit]").click()  # the step form, left empty
    phone.wait_for_selector(".error-summary")
    assert phone.url == case_page
    assert phone.evaluate(FOCUSED_SUMMARY)
    assert phone.evaluate("document.activeElement.getBoundingClientRect().top") < 740  # in view, not 1,650 px down
    phone.screenshot(path=str(artifacts / "plan-step-errors-phone.png"), full_page=False)

    step_page = f"{live_server}/plans/steps/{step.id}"
    phone.goto(step_page)
    phone.fill("#done", "")
    phone.locator("#follow-up button[type=submit]").click()
    phone.wait_for_selector(".error-summary")
    assert phone.url == step_page and phone.evaluate(FOCUSED_SUMMARY)
    phone.locator(".error-summary a").first.click()  # the link leads to the field
    assert phone.evaluate("document.activeElement.id") == "done"

    phone.fill("#done", "Larmtiderna är nu fasta, alla vet när de kommer")
    phone.select_option("#status", "done")
    phone.select_option("#effect", "clear")
    phone.fill("#next_follow_up_on", "")
    phone.locator("#follow-up button[type=submit]").click()
    phone.wait_for_url(step_page)
    history = phone.locator(".history").inner_text()
    assert "Status changed from In progress to Done" in history and "Effect recorded: Clear effect" in history
    assert phone.evaluate(WIDTH) <= 360
    phone.screenshot(path=str(artifacts / "plan-step-history-phone.png"), full_page=True)

    phone.goto(case_page)
    assert "1 of 1 step done" in phone.locator("main").inner_text()
    assert phone.evaluate(WIDTH) <= 360
    phone.screenshot(path=str(artifacts / "plan-case-phone.png"), full_page=True)
    phone.goto(f"{live_server}/plans/")
    assert phone.evaluate(WIDTH) <= 360
