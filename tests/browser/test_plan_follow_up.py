"""A manager on a phone follows up an overdue step from the start page; the step leaves the list, and the staff's
plan page (through the survey link, no login) shows the new status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clock import TODAY

pytestmark = pytest.mark.browser


def test_manager_follows_up_an_overdue_step_on_a_phone(make, live_server, phone, artifacts):
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=12)
    manager = make.user("manager", units=(unit,), email="chef@example.org")
    survey = make.survey_round(unit)
    today = TODAY
    planned = {
        "what": "Fasta larmtider för nattpatrullen",
        "responsible_role": "unit_manager",
        "due_on": today - timedelta(days=3),
        "status": "in_progress",
        "next_follow_up_on": today - timedelta(days=1),
        "created_on": today - timedelta(days=30),
    }
    step = make.case(unit, steps=[planned], trigger="absence_signal", opened_on=today - timedelta(days=60)).steps[0]

    phone.goto(f"{live_server}/login")
    phone.fill("#email", manager.email)
    phone.fill("#password", "correct horse battery")
    phone.locator("main button[type=submit]").click()
    phone.wait_for_url(f"{live_server}/")
    overdue = phone.locator(".attention li.urgent", has_text="Fasta larmtider")
    assert "Försenad sedan" in overdue.inner_text() or "Overdue since" in overdue.inner_text()
    overdue.get_by_role("link").click()
    phone.fill("#done", "Larmtiderna är nu fasta, alla vet när de kommer")
    phone.select_option("#status", "done")
    phone.select_option("#effect", "clear")
    phone.fill("#next_follow_up_on", "")
    phone.locator("#follow-up button[type=submit]").click()
    phone.wait_for_url(f"**/plans/steps/{step.id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(artifacts / "plan-follow-up-phone.png"), full_page=True)

    phone.goto(f"{live_server}/")
    assert phone.locator(".attention li", has_text="Fasta larmtider").count() == 0
    phone.goto(f"{live_server}/s/{survey.units[0].link_token}/plan")
    staff = phone.locator("main").inner_text()
    assert "Fasta larmtider för nattpatrullen" in staff and "Klar" in staff
    phone.screenshot(path=str(artifacts / "staff-plan-phone.png"), full_page=True)
