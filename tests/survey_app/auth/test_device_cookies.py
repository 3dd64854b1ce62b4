"""Guessing from an office's shared address does not lock out colleagues who have logged in from their own browser
before (issue 19, finding 8): the per-address limit lets a login through that carries the account's device cookie."""

from __future__ import annotations

import pytest

from tests.helpers import complete_two_step, post_form

#: The office's one public address, shared by the guesser and the colleagues.
OFFICE = "192.0.2.50"


@pytest.fixture(autouse=True)
def generous_account_limit(app):
    """The guesser tries many accounts, each a few times: only the per-address limit (60 a minute) is met."""
    app.config["OMTANKE_LOGIN_LIMIT"] = "1000 per minute"


def _browser(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = OFFICE
    return client


def _login(client, email: str, password: str):
    return post_form(client, "/login", {"email": email, "password": password})


def _log_out(client):
    assert post_form(client, "/", {}, action="/logout").status_code == 302


def _guess_from_the_office(app, times: int = 61) -> list[int]:
    guesser = _browser(app)
    return [_login(guesser, f"guess{n % 7}@example.org", f"wrong password {n}").status_code for n in range(times)]


def test_a_colleague_who_logged_in_here_before_gets_in_while_the_office_address_is_over_its_limit(app, make):
    colleague = make.user("manager")
    browser = _browser(app)
    assert _login(browser, colleague.email, make.password).status_code == 302
    _log_out(browser)
    assert _guess_from_the_office(app)[-1] == 429
    assert _login(browser, colleague.email, make.password).status_code == 302
    assert browser.get("/").status_code == 200


def test_a_colleague_with_two_step_login_gets_through_both_steps(app, make):
    colleague = make.user("hr")
    browser = _browser(app)
    assert complete_two_step(browser, _login(browser, colleague.email, make.password), colleague.id).status_code == 302
    _log_out(browser)
    assert _guess_from_the_office(app)[-1] == 429
    assert complete_two_step(browser, _login(browser, colleague.email, make.password), colleague.id).status_code == 302
    assert browser.get("/").status_code == 200


def test_guessing_stays_limited_without_the_accounts_own_device_cookie(app, make):
    insider, victim = make.user("manager"), make.user("manager")
    guesser = _browser(app)
    assert _login(guesser, insider.email, make.password).status_code == 302  # a device cookie for their own account
    _log_out(guesser)
    statuses = [_login(guesser, f"guess{n % 7}@example.org", f"wrong {n}").status_code for n in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429
    assert _login(guesser, victim.email, make.password).status_code == 429  # the cookie is bound to its account
    newcomer = _browser(app)  # someone logging in from this address for the first time during the attack
    assert _login(newcomer, victim.email, make.password).status_code == 429
    forged = _browser(app)
    forged.set_cookie("omtanke_device", "W10.forged.signature", path="/login")
    assert _login(forged, victim.email, make.password).status_code == 429
    assert _login(guesser, insider.email, make.password).status_code == 302


def test_the_device_cookie_is_signed_http_only_and_sent_only_to_the_login_pages(app, make):
    browser = _browser(app)
    response = _login(browser, make.user("manager").email, make.password)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("omtanke_device="))
    assert "HttpOnly" in cookie and "Path=/login" in cookie and "SameSite=Lax" in cookie
    assert "@" not in cookie and "example.org" not in cookie  # the account is not readable from it
