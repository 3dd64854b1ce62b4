"""A manager on a phone logs in with the keyboard alone; errors are announced and linked to their fields."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_keyboard_only_login_on_a_phone(make, live_server, phone, artifacts):
    email = make.user("manager", units=(make.unit("Hemtjänst Norr", code="HT-N"),), email="chef@example.org").email
    phone.goto(f"{live_server}/units/")
    assert phone.locator("h1").inner_text() == "Logga in"
    phone.keyboard.press("Tab")
    assert _focused(phone) == "Gå till innehållet"
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert _focused(phone) == "email"
    phone.keyboard.type(email)
    phone.keyboard.press("Tab")
    assert _focused(phone) == "password"
    phone.keyboard.type("correct horse battery")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/units/(#main)?$"))  # the skip link's fragment survives the redirect
    assert "Hemtjänst Norr" in phone.locator("main").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(artifacts / "units-phone.png"), full_page=True)


def test_empty_login_shows_an_error_summary_that_leads_to_the_field(live_server, phone, artifacts):
    phone.goto(f"{live_server}/login")
    phone.locator("button[type=submit]", has_text="Logga in").click()
    summary = phone.locator(".error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    summary.locator("a").first.click()
    assert _focused(phone) == "email"
    assert phone.locator("#email").get_attribute("aria-invalid") == "true"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(artifacts / "login-error-phone.png"), full_page=True)
