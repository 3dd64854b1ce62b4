"""Lock-out after ten failed attempts in a row, and what the login form tells a guesser (nothing)."""

from __future__ import annotations

import re

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from survey_app.admin.commands import users_cli
from survey_app.auth import services
from survey_app.db import db
from survey_app.models import AuditEvent, User
from tests.factories import TOTP_SECRET
from tests.helpers import post_form

PASSWORD = "correct horse battery"
WRONG_CODE = "000000"


@pytest.fixture(autouse=True)
def no_rate_limit(app):
    """The per-account rate limit (tested in test_login.py) would stop these guessers before the lock-out does."""
    app.config["OMTANKE_LOGIN_LIMIT"] = "1000 per minute"


def _login(client, email: str, password: str):
    return post_form(client, "/login", {"email": email, "password": password})


def _code(client, code: str):
    return post_form(client, "/login/two-step", {"code": code})


def _wrong_code() -> str:
    return WRONG_CODE if pyotp.TOTP(TOTP_SECRET).now() != WRONG_CODE else "111111"


def _what_the_guesser_sees(response) -> str:
    """The page without what the guesser typed and without the per-session form token."""
    html = response.get_data(as_text=True)
    html = re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", html)
    return re.sub(r'id="email" [^>]*>', "", html)


def _locked(user: User) -> bool:
    db.session.expire_all()
    return db.session.get(User, user.id).locked_at is not None


def test_ten_wrong_passwords_lock_the_account_even_against_the_right_password(app, make):
    user = make.user("manager")
    client = app.test_client()
    for attempt in range(10):
        assert not _locked(user), attempt
        _login(client, user.email, "wrong password")
    assert _locked(user)
    assert _login(client, user.email, PASSWORD).status_code == 200
    assert client.get("/").status_code == 302
    locked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.locked")).one()
    assert locked.object_id == str(user.id)


def test_a_locked_account_looks_exactly_like_an_unknown_one_or_a_wrong_password(app, make):
    locked, other = make.user("manager"), make.user("manager")
    locked.failed_logins, locked.locked_at = 10, locked.created_at
    db.session.commit()
    pages = {
        "locked, right password": _login(app.test_client(), locked.email, PASSWORD),
        "wrong password": _login(app.test_client(), other.email, "wrong password"),
        "unknown e-mail": _login(app.test_client(), "nobody@example.org", PASSWORD),
    }
    seen = {name: _what_the_guesser_sees(response) for name, response in pages.items()}
    assert all(response.status_code == 200 for response in pages.values())
    assert len(set(seen.values())) == 1, seen.keys()
    assert "Wrong e-mail address or password." in seen["unknown e-mail"]
    assert "After 10 failed attempts in a row the account is locked" in seen["unknown e-mail"]


@pytest.mark.parametrize("who", ["unknown", "wrong password", "locked", "deactivated"])
def test_every_failure_does_the_same_password_hashing_work(app, make, monkeypatch, who):
    """Equal work means equal time: an unknown e-mail is checked against a dummy hash of the same cost, a locked or
    deactivated account against its real one."""
    user = make.user("manager", email="known@example.org")
    user.locked_at = user.created_at if who == "locked" else None
    user.active = who != "deactivated"
    db.session.commit()
    verified = []

    class CountingHasher(PasswordHasher):
        def verify(self, encoded, password):
            verified.append(encoded)
            return super().verify(encoded, password)

    monkeypatch.setattr(services, "_hasher", CountingHasher(time_cost=1, memory_cost=8, parallelism=1))
    email = "unknown@example.org" if who == "unknown" else user.email
    _login(app.test_client(), email, "wrong password" if who == "wrong password" else PASSWORD)
    assert len(verified) == 1
    assert verified[0].split("$")[3] == user.password_hash.split("$")[3]  # the same memory, time and lanes


def test_wrong_codes_count_too_and_lock_the_account(app, make):
    user = make.user("hr")
    client = app.test_client()
    for _ in range(4):
        _login(client, user.email, "wrong password")
    assert _login(client, user.email, PASSWORD).location == "/login/two-step"
    for _ in range(6):
        _code(client, _wrong_code())
    assert _locked(user)
    right_code = {"code": pyotp.TOTP(TOTP_SECRET).now()}
    assert post_form(client, "/login", right_code, action="/login/two-step").location == "/login"  # pending ended
    assert "Wrong e-mail address or password." in _login(client, user.email, PASSWORD).get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_the_right_password_between_wrong_codes_does_not_start_the_count_again(app, make):
    """A guesser who knows the password cannot guess codes forever by giving the password again."""
    user = make.user("hr")
    for _ in range(2):
        client = app.test_client()
        _login(client, user.email, PASSWORD)
        for _ in range(5):
            _code(client, _wrong_code())
    assert _locked(user)


def test_a_successful_login_starts_the_count_again(app, login, make):
    user = make.user("manager")
    for _ in range(9):
        _login(app.test_client(), user.email, "wrong password")
    login(app.test_client(), user)
    for _ in range(9):
        _login(app.test_client(), user.email, "wrong password")
    assert not _locked(user)
    login(app.test_client(), user)


def test_an_admin_sees_the_lock_and_unlocks_the_account(app, login, make):
    user = make.user("manager", email="locked@example.org")
    for _ in range(10):
        _login(app.test_client(), user.email, "wrong password")
    admin = login(app.test_client(), make.user("admin"))
    users = admin.get("/admin/users").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td><a[^>]*>[^<]*</a></td>\s*<td>locked@example.org</td>.*?</tr>", users, re.S)
    assert "Locked" in row.group(0)
    assert "after 10 failed attempts in a row" in admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    admin.post(f"/admin/users/{user.id}/unlock", data={})  # without the form's token: nothing happens
    assert _locked(user)
    response = post_form(admin, f"/admin/users/{user.id}", {}, action=f"/admin/users/{user.id}/unlock")
    assert response.status_code == 302
    assert not _locked(user)
    login(app.test_client(), db.session.get(User, user.id))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.unlock")).one()
    assert event.object_id == str(user.id) and event.details == {"attempts": 10}


def test_the_command_line_unlocks_the_only_administrator(app, login, make):
    admin = make.user("admin", email="boss@example.org")
    for _ in range(10):
        _login(app.test_client(), admin.email, "wrong password")
    result = app.test_cli_runner().invoke(users_cli, ["unlock", "Boss@example.org"])
    assert result.exit_code == 0, result.output
    login(app.test_client(), db.session.get(User, admin.id))
