"""An interviewer on a tablet takes notes in two sessions, loses the connection mid-note and closes the tab:
nothing is lost, nothing is stored twice, and the compilation counts the themes right."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import InterviewNote
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.browser


def _add_note(page, theme: str, text: str) -> None:
    page.select_option("#theme", theme)
    page.fill("#text", text)
    page.get_by_role("button", name="Spara anteckningen").click()


def test_notes_survive_a_lost_connection_and_a_closed_tab(make, live_server, browser, artifacts):
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=12)
    hr = make.user("hr", email="hr@example.org")
    sessions = [
        {"kind": "group", "participants": 5, "interviewer": hr, "held": True},
        {"kind": "individual", "participants": 1, "interviewer": hr, "held": True},
    ]
    interview = make.interview(unit, sessions=sessions)
    first, second = (s.id for s in interview.sessions)

    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "hr@example.org")
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())  # HR logs in with two steps
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/interviews/sessions/{first}/notes")
    _add_note(page, "workload", "Stressigt på morgonen när körlistan ändras")
    expect(page.locator("#saved-count")).to_have_text("1")
    _add_note(page, "leadership", "Chefen är sällan på plats")
    expect(page.locator("#saved-count")).to_have_text("2")

    context.set_offline(True)  # the connection drops in the middle of the session
    _add_note(page, "workload", "Restiden räknas inte in i planeringen")
    page.wait_for_selector("#note-queue:not([hidden])")
    assert "Ingen anslutning" in page.locator("#note-status").inner_text()
    page.fill("#text", "Halvfärdig anteckning om vikarier")  # typed, not yet sent …
    page.screenshot(path=str(artifacts / "interview-notes-offline-tablet.png"), full_page=True)
    page.close()  # … and the tab is closed

    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server}/interviews/sessions/{first}/notes")
    expect(page.locator("#saved-count")).to_have_text("3")  # the queue was sent
    assert page.input_value("#text") == "Halvfärdig anteckning om vikarier"  # the draft came back
    page.get_by_role("button", name="Spara anteckningen").click()
    expect(page.locator("#saved-count")).to_have_text("4")

    page.goto(f"{live_server}/interviews/sessions/{second}/notes")
    page.check("#shareable")  # an individual interview: the participant agreed it may reach the manager
    _add_note(page, "workload", "För många brukare per pass")
    expect(page.locator("#saved-count")).to_have_text("1")
    expect(page.locator("#shareable")).not_to_be_checked()  # the next note is asked afresh

    db.session.rollback()  # end the test's read snapshot: the server wrote since
    assert db.session.scalar(select(func.count()).select_from(InterviewNote)) == 5
    shared = db.session.scalars(select(InterviewNote.text).where(InterviewNote.shareable)).all()
    assert shared == ["För många brukare per pass"]  # the script sent the participant's consent along
    page.goto(f"{live_server}/interviews/{interview.id}/compilation")
    text = " ".join(page.locator("main").inner_text().split())
    assert "Arbetsbelastning Tas upp i 2 av 2 samtal" in text or "Arbetsbelastning Raised in 2 of 2 sessions" in text
    page.screenshot(path=str(artifacts / "interview-compilation-tablet.png"), full_page=True)
    context.close()
