"""HR takes a round through its life on a 360 px phone without JavaScript: saves a draft, previews it, opens it,
extends it and closes it early, and no page of the way is wider than the screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pyotp
import pytest

from survey_app.db import db
from tests.clock import TODAY
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.browser


@pytest.fixture
def lifecycle_world(make):
    area = make.unit("Vård och omsorg område Norra skärgården", code="VO-NORRA-SKARGARDEN")
    for number in range(3):
        make.unit(
            f"Hemtjänst Norra skärgården med nattpatrull {number}", parent=area, code=f"VO-NS-{number}", headcount=14
        )
    make.user("hr", email="hr@example.org")
    db.session.commit()


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (page.url, width)


def test_hr_takes_a_round_from_draft_to_closed_on_a_phone(lifecycle_world, live_server, browser, artifacts):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "hr@example.org")
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Log in", exact=True).click()

    page.goto(f"{live_server}/surveys/new")
    _fits(page)
    page.fill("#title_sv", "Medarbetarenkät våren")
    page.fill("#title_fi", "Henkilöstökysely kevät")
    page.select_option("#root_code", "VO-NORRA-SKARGARDEN")
    page.fill("#opens_on", TODAY.isoformat())
    page.fill("#closes_on", (TODAY + timedelta(days=14)).isoformat())
    page.check("input[name=sections][value='hme/motivation']")
    page.locator("main form button[type=submit]").click()
    assert "Draft" in page.locator("h1").inner_text()
    _fits(page)
    page.screenshot(path=str(artifacts / "survey-round-draft-phone.png"), full_page=True)

    page.get_by_text("Preview as a respondent").click()
    _fits(page)
    page.go_back()
    page.get_by_role("button", name="Open to respondents").click()
    assert "Respondents can answer now." in page.content()
    _fits(page)

    page.fill("#extend-closes-on", (TODAY + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Extend the round").click()
    assert (TODAY + timedelta(days=21)).isoformat() in page.locator(".facts").inner_text()

    page.get_by_text("Close early…").click()
    _fits(page)
    page.check("#confirm")
    page.get_by_role("button", name="Close the round now").click()
    assert "Closed" in page.locator(".facts").inner_text()
    _fits(page)
    page.screenshot(path=str(artifacts / "survey-round-closed-phone.png"), full_page=True)
    page.goto(f"{live_server}/surveys/")
    _fits(page)
    context.close()


AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
    " 'wcag21aa']}, resultTypes: ['violations']})).violations.map(v => v.id + ' ' + v.nodes[0].target.join(' '))"
)


@pytest.fixture
def two_rounds(lifecycle_world, make):
    """A draft and an open round of the area."""
    from survey_app.models import Unit

    area = db.session.scalar(db.select(Unit).where(Unit.code == "VO-NORRA-SKARGARDEN"))
    return make.survey_round(area, draft=True).id, make.survey_round(area).id


def test_the_round_pages_meet_wcag_on_a_phone(two_rounds, live_server, browser):
    import axe_playwright_python

    draft, opened = two_rounds
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE", bypass_csp=True)
    context.add_init_script(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "hr@example.org")
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())
    page.locator("#code").press("Enter")
    page.wait_for_url(f"{live_server}/")
    for path in (
        "/surveys/",
        "/surveys/new",
        f"/surveys/{draft}",
        f"/surveys/{draft}/edit",
        f"/surveys/{draft}/delete",
        f"/surveys/{draft}/preview/1",
        f"/surveys/{opened}",
        f"/surveys/{opened}/close",
    ):
        page.goto(f"{live_server}{path}")
        assert page.evaluate(AXE_RUN) == [], path
        _fits(page)
    context.close()
