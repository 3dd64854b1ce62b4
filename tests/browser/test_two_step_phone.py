"""HR sets up two-step login on a phone at the first login, then logs in with a code: the QR code and the key fit
the screen, the code field asks for digits, and nothing needs JavaScript."""

from __future__ import annotations

import time

import pyotp
import pytest

pytestmark = pytest.mark.browser


def _password_step(page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()


def test_first_login_sets_up_the_app_and_the_next_one_asks_for_its_code(make, live_server, browser, artifacts):
    make.user("hr", email="hr@example.org", two_step=False)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE", java_script_enabled=False)
    phone = context.new_page()
    _password_step(phone, live_server, "hr@example.org")
    phone.wait_for_url(f"{live_server}/login/two-step/enrol")
    qr = phone.locator("figure.qr-code svg")
    assert qr.is_visible() and qr.bounding_box()["width"] <= 360
    code_field = phone.locator("#code")
    assert code_field.get_attribute("inputmode") == "numeric"
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(artifacts / "two-step-enrol-phone.png"), full_page=True)

    key = phone.locator("code.key").inner_text().replace(" ", "")
    code_field.fill(pyotp.TOTP(key).now())
    code_field.press("Enter")
    codes = phone.locator("ol.recovery-codes li")
    assert codes.count() == 10
    phone.locator("main a.button").click()
    phone.wait_for_url(f"{live_server}/")

    phone.locator("header summary").click()  # on a phone the menu is folded
    phone.locator("header form[action='/logout'] button").click()
    phone.wait_for_url(f"{live_server}/login")
    _password_step(phone, live_server, "hr@example.org")
    phone.wait_for_url(f"{live_server}/login/two-step")
    phone.fill("#code", pyotp.TOTP(key).at(time.time() + 30))  # this step's code was used at the set-up
    phone.locator("#code").press("Enter")
    phone.wait_for_url(f"{live_server}/")
    context.close()
