"""A respondent with a personal code saves on their phone with a phrase and continues on a tablet (issue 19, finding
5): the tablet shows nothing of the saved answers until the phrase is typed, and then continues them.

Runs in Debian's Chromium at 360×740 against the live server on loopback, keyboard only on the tablet.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from survey_app.db import db
from survey_app.surveys.services import create_codes

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
PHRASE = "blue kettle at noon"


@pytest.fixture
def code(app, make) -> str:
    """A code of a round with two pages; made before the server starts."""
    survey = make.survey_round(make.unit("Förskolan Solrosen", code="BUF-01", headcount=18))
    made = create_codes(None, survey.units[0], 1, app.config["SECRET_KEY"], survey.opens_on)[0]
    db.session.commit()
    return made


def _device(browser):
    return browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB").new_page()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url


def test_a_phrase_chosen_on_the_phone_continues_the_saved_answers_on_a_tablet(code, live_server, browser, artifacts):
    phone = _device(browser)
    phone.goto(f"{live_server}/s/code?lang=en")
    phone.get_by_label("Your code").fill(code)
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(re.compile(r"/p/1$"))
    phone.locator('label[for="q-hme-hme1-2"]').click()
    phone.locator('button[value="save"]').click()
    phone.wait_for_url(re.compile(r"/saved$"))
    phone.locator("#phrase").fill(PHRASE)
    phone.locator("#phrase").press("Enter")
    expect(phone.locator(".flash-success")).to_be_visible()
    _fits(phone)
    phone.screenshot(path=str(artifacts / "code-phrase-saved.png"), full_page=True)

    tablet = _device(browser)
    tablet.goto(f"{live_server}/s/code?lang=en")
    tablet.get_by_label("Your code").fill(code)
    tablet.get_by_label("Your code").press("Enter")
    phrase = tablet.get_by_label("Your phrase")
    expect(phrase).to_be_visible()
    expect(tablet.locator("#q-hme-hme1-2")).to_have_count(0)  # nothing of the saved answers
    _fits(tablet)
    tablet.screenshot(path=str(artifacts / "code-asks-phrase.png"), full_page=True)
    phrase.fill("red kettle at noon")
    phrase.press("Enter")
    expect(tablet.locator(".error-summary")).to_be_visible()
    expect(tablet.get_by_label("Your phrase")).to_have_attribute("aria-invalid", "true")
    tablet.get_by_label("Your phrase").fill(PHRASE)
    tablet.get_by_label("Your phrase").press("Enter")
    tablet.wait_for_url(re.compile(r"/p/1$"))
    expect(tablet.locator("#q-hme-hme1-2")).to_be_checked()
