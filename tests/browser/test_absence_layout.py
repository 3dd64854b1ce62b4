"""HR reads the absence overview on a desktop and the absence and early-support pages on a phone: the signals and
"Open a case" are in view at 1280 px without scrolling sideways, and no page is wider than a 360 px screen."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from survey_app.db import db
from tests.clock import LAST_MONTH, TODAY
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.browser

UNITS = ("Hemtjänst Centrum med nattpatrull", "Ängsskolans fritidshem", "Äldreboendet Solgården", "Kostenheten Norr")


def _months_back(count: int):
    month = LAST_MONTH
    for _ in range(count):
        yield month
        month = (month - timedelta(days=1)).replace(day=1)


@pytest.fixture
def absence_world(make):
    """Four units of 20 with rising short-term absence, the later ones above the set level; 30 people with signals;
    a few early-support talks logged."""
    area = make.unit("Vård och omsorg i östra kommundelen", code="VO-OST")
    units = [make.unit(name, parent=area, code=f"VO-{n:02d}", headcount=20) for n, name in enumerate(UNITS)]
    for index, unit in enumerate(units):
        for back, month in enumerate(_months_back(6)):
            make.staffing(unit, month, 20)
            for person in range((index + 1) * (6 - back)):  # more short spells every month, more in later units
                make.spell(f"{unit.code}-P{person}", unit, month + timedelta(days=2), month + timedelta(days=4))
    for number in range(30):  # people with four short spells in the last year: an omtankesamtal each
        for back in (300, 200, 120, 40):
            first = TODAY - timedelta(days=back + number)
            make.spell(f"E{number:03d}", units[number % 4], first, first + timedelta(days=1))
    for days in (3, 10, 40):
        make.support_event(units[0], "network_meeting", TODAY - timedelta(days=days), ("manager", "employee", "ohs"))
    make.user("hr", email="hr@example.org")
    db.session.commit()
    return units


def _log_in_as_hr(page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", "hr@example.org")
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())
    page.locator("#code").press("Enter")
    page.wait_for_url(f"{live_server}/")


def test_open_a_case_is_in_view_on_a_desktop_without_scrolling_sideways(absence_world, live_server, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE")
    page = context.new_page()
    _log_in_as_hr(page, live_server)
    page.goto(f"{live_server}/absence/")
    actions = page.locator("main a", has_text="Öppna ett ärende")
    assert actions.count() == 2 * len(UNITS)  # above the table and in each signalled row
    for index in range(actions.count()):
        box = actions.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert actions.first.bounding_box()["y"] + 40 <= 800  # the first one in view as the page opens
    table = page.locator("table.absence-units").bounding_box()
    assert table["width"] <= 1120
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("table.absence-units svg.sparkline").count() >= len(UNITS)
    page.screenshot(path=str(artifacts / "absence-overview-desktop.png"), full_page=True)
    context.close()


def test_absence_and_support_pages_fit_a_phone(absence_world, live_server, phone, artifacts):
    _log_in_as_hr(phone, live_server)
    for path, name in (
        ("/absence/", "absence-overview-phone"),
        ("/absence/signals", "absence-signals-phone"),
        ("/support/events", "support-events-phone"),
        ("/support/", "support-guide-phone"),
        ("/support/model", "support-model-phone"),
    ):
        phone.goto(f"{live_server}{path}")
        phone.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
    phone.goto(f"{live_server}/absence/signals")
    assert phone.locator(".signal-people > li").count() == 25  # a page at a time, not all 30
