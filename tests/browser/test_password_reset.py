"""A manager who forgot the password: "Forgot your password?" → the e-mail as the SMTP server got it → the link →
a new password twice → logged in with it; the same link a second time is refused."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

NEW = "otter lantern gravel spoon"


def test_forgotten_password_by_e_mail_from_the_login_page_to_a_new_login(
    app, make, live_server, smtp_server, browser, artifacts
):
    app.config["OMTANKE_BASE_URL"] = live_server  # the link in the message leads to this server
    email = make.user("manager", units=(make.unit("Hemtjänst Norr", code="HT-N"),), email="chef@example.org").email
    page = browser.new_context(locale="en-GB").new_page()
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Send the link").click()
    assert "If an account exists for that address" in page.locator("main").inner_text()

    (message,) = smtp_server.wait_for(1)
    assert message.recipients == [email]
    link = re.search(r"http://127\.0\.0\.1:\d+/login/reset/[A-Za-z0-9_-]+", message.text).group(0)
    assert link.startswith(live_server)

    page.goto(link)
    assert page.locator("h1").inner_text() == "Choose a new password"
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.screenshot(path=str(artifacts / "password-reset.png"), full_page=True)
    page.get_by_role("button", name="Set the new password").click()
    page.wait_for_url(re.compile(r"/login$"))
    assert "Your new password is set" in page.locator("main").inner_text()

    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(NEW)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("button", name=re.compile("Log out")).count() == 1

    again = page.goto(link)
    assert again.status == 410
    assert page.locator("h1").inner_text() == "This link has expired or has already been used"
    assert page.get_by_role("link", name="Ask for a new link").is_visible()
