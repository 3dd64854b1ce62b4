"""A copied session cookie stops working at logout, password change, deactivation and two-step reset."""

from __future__ import annotations

import pytest

from survey_app.db import db
from survey_app.models import AuditEvent, User
from tests.helpers import post_form

COOKIE = "omtanke_session"


def _copy_of_the_cookie(app, client):
    """What an attacker gets by copying the cookie (from a shared computer, a proxy log, malware)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def _sees_the_login_page(client, page: str) -> bool:
    response = client.get(page, follow_redirects=True)
    return response.request.path == "/login" and "<h1>Log in</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["manager", "hr"])
def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, login, make, role):
    client = login(app.test_client(), make.user(role, units=(make.unit("Hemtjänst Norr"),)))
    thief = _copy_of_the_cookie(app, client)
    assert "Hemtjänst Norr" in thief.get("/units/").get_data(as_text=True)  # the copy works while the owner is in
    assert post_form(client, "/", {}, action="/logout").status_code == 302
    assert _sees_the_login_page(thief, "/units/")


def test_logout_ends_the_accounts_sessions_on_other_devices_too(app, login, make):
    user = make.user("manager", units=(make.unit(),))
    phone, desktop = login(app.test_client(), user), login(app.test_client(), user)
    post_form(phone, "/", {}, action="/logout")
    assert _sees_the_login_page(desktop, "/")
    assert "auth.logout" in db.session.scalars(db.select(AuditEvent.action)).all()
    login(app.test_client(), db.session.get(User, user.id))  # logging in again works


def test_a_cookie_copied_before_a_password_change_opens_nothing_after_it(app, login, make):
    client = login(app.test_client(), make.user("hr"))
    thief = _copy_of_the_cookie(app, client)
    data = {
        "current_password": "correct horse battery",
        "new_password": "a much better passphrase",
        "confirm_password": "a much better passphrase",
    }
    assert post_form(client, "/account/password", data).status_code == 302
    assert client.get("/").status_code == 200
    assert _sees_the_login_page(thief, "/results/")


def test_a_cookie_copied_before_deactivation_opens_nothing_after_it(app, login, make):
    unit = make.unit()
    user = make.user("manager", units=(unit,))
    thief = _copy_of_the_cookie(app, login(app.test_client(), user))
    admin = login(app.test_client(), make.user("admin"))
    data = {"email": user.email, "name": user.name, "role": "manager", "unit_codes": unit.code}  # "active" unticked
    assert post_form(admin, f"/admin/users/{user.id}", data).status_code == 302
    assert _sees_the_login_page(thief, "/units/")
    reactivate = {**data, "active": "y"}
    assert post_form(admin, f"/admin/users/{user.id}", reactivate).status_code == 302
    assert _sees_the_login_page(thief, "/units/")  # coming back does not revive the old session


def test_a_cookie_copied_before_a_two_step_reset_opens_nothing_after_it(app, login, make):
    app.config["OMTANKE_JOBS_EAGER"] = True  # the notice to the account's owner is written within the request
    user = make.user("ohs", units=(make.unit(),))
    thief = _copy_of_the_cookie(app, login(app.test_client(), user))
    admin = login(app.test_client(), make.user("admin"))
    post_form(admin, f"/admin/users/{user.id}", {}, action=f"/admin/users/{user.id}/two-step/reset")
    assert _sees_the_login_page(thief, "/units/")


def test_a_cookie_of_a_half_finished_login_opens_nothing(app, make):
    """The password step alone leaves a cookie too; copied, it still needs the code."""
    user = make.user("admin")
    client = app.test_client()
    post_form(client, "/login", {"email": user.email, "password": "correct horse battery"})
    thief = _copy_of_the_cookie(app, client)
    assert _sees_the_login_page(thief, "/admin/users")
