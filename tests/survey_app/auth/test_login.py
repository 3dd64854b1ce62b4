"""Logging in, out, and what an attacker at the login form gets."""

from __future__ import annotations

import pytest

from survey_app.db import db
from survey_app.models import AuditEvent
from tests.helpers import form_token, post_form


def _login(client, email, password, **kwargs):
    return post_form(client, "/login", {"email": email, "password": password}, **kwargs)


def test_correct_password_logs_in_and_is_audited(client, make):
    user = make.user("manager", email="Hanna@Example.org")
    response = _login(client, "hanna@example.org ", "correct horse battery")
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200
    actions = [event.action for event in db.session.scalars(db.select(AuditEvent))]
    assert "auth.login" in actions
    assert db.session.get(type(user), user.id).last_login_at is not None


@pytest.mark.parametrize(
    "email, password",
    [
        ("hr@example.org", "wrong password"),
        ("nobody@example.org", "correct horse battery"),
    ],
)
def test_unknown_user_and_wrong_password_get_the_same_message(client, make, email, password):
    make.user("hr", email="hr@example.org")
    response = _login(client, email, password)
    assert response.status_code == 200
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_account_cannot_log_in(client, make):
    user = make.user("hr")
    user.active = False
    db.session.commit()
    assert _login(client, user.email, "correct horse battery").status_code == 200
    assert client.get("/").status_code == 302


def test_repeated_wrong_passwords_are_rate_limited_even_for_the_right_password(client, make):
    user = make.user("manager")
    for _ in range(5):
        assert _login(client, user.email, "wrong password").status_code == 200
    blocked = _login(client, user.email, "correct horse battery", headers={"Accept-Language": "sv"})
    assert blocked.status_code == 429
    assert "För många försök" in blocked.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_rate_limit_is_per_account_so_a_shared_office_ip_can_still_log_in(client, make):
    victim, colleague = make.user("manager"), make.user("manager")
    for _ in range(6):
        _login(client, victim.email, "wrong password")
    assert _login(client, colleague.email, "correct horse battery").status_code == 302


def test_successful_logins_do_not_count_against_the_limit(app, make):
    user = make.user("hr")
    for _ in range(7):
        client = app.test_client()
        assert _login(client, user.email, "correct horse battery").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_next_parameter_cannot_redirect_off_site(client, make, target):
    user = make.user("manager")
    token = form_token(client, "/login")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302 and response.location == "/"


def test_next_parameter_returns_to_the_page_asked_for(client, make):
    user = make.user("manager")
    assert client.get("/units/").location == "/login?next=%2Funits%2F"
    token = form_token(client, "/login")
    response = client.post(
        "/login?next=%2Funits%2F", data={"email": user.email, "password": "correct horse battery", "csrf_token": token}
    )
    assert response.location == "/units/"


def test_logout_ends_the_session(client, login, make):
    login(client, make.user("hr"))
    response = post_form(client, "/", {}, action="/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_over_long_input_is_a_form_error_not_a_crash(client):
    response = _login(client, "a" * 5000 + "@example.org", "x" * 5000)
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
