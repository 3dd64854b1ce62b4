"""Two-step login: what a stolen or guessed password alone still cannot open."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import select

from survey_app.auth import two_step
from survey_app.db import db
from survey_app.models import AuditEvent, RecoveryCode, User
from tests.factories import TOTP_SECRET
from tests.helpers import form_token, post_form

PASSWORD = "correct horse battery"
KEY = re.compile(r'<code class="key"[^>]*>([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code[^>]*>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def _password(client, user, password: str = PASSWORD, query: str = ""):
    token = form_token(client, "/login")
    return client.post(f"/login{query}", data={"email": user.email, "password": password, "csrf_token": token})


def _code(client, code: str, field: str = "code"):
    return post_form(client, "/login/two-step", {field: code})


def _now_code() -> str:
    return pyotp.TOTP(TOTP_SECRET).now()


def _enrol(client, user) -> list[str]:
    """Log in for the first time as an account that must set up two-step login; returns its recovery codes."""
    assert _password(client, user).location == "/login/two-step/enrol"
    key = KEY.search(client.get("/login/two-step/enrol").get_data(as_text=True)).group(1).replace(" ", "")
    page = post_form(client, "/login/two-step/enrol", {"code": pyotp.TOTP(key).now()})
    return RECOVERY.findall(page.get_data(as_text=True))


def _log_out(client) -> None:
    assert post_form(client, "/", {}, action="/logout").status_code == 302


@pytest.mark.parametrize("role", ["admin", "hr", "ohs"])
def test_the_password_alone_opens_no_page_for_roles_that_need_two_steps(client, make, role):
    user = make.user(role, units=(make.unit(),) if role == "ohs" else ())
    response = _password(client, user)
    assert response.status_code == 302 and response.location == "/login/two-step"
    for page in ("/", "/units/", "/results/", "/admin/users", "/account/password"):
        response = client.get(page)
        assert response.status_code == 302 and response.location.startswith("/login"), page


def test_the_right_code_logs_in_and_returns_to_the_page_asked_for(client, make):
    user = make.user("hr")
    assert _password(client, user, query="?next=%2Fresults%2F").location == "/login/two-step"
    page = client.get("/login/two-step").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page and '<label for="code"' in page
    response = _code(client, _now_code())
    assert response.status_code == 302 and response.location == "/results/"
    assert client.get("/results/").status_code == 200
    login = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login")).one()
    assert login.details == {"method": "totp"}


def test_a_code_from_the_neighbouring_step_is_accepted_but_not_an_older_one(client, make, monkeypatch):
    user = make.user("hr")
    now = 1_900_000_005.0  # in the middle of a 30-second step
    monkeypatch.setattr(two_step, "clock", lambda: now)
    totp = pyotp.TOTP(TOTP_SECRET)
    _password(client, user)
    assert "has expired" in _code(client, totp.at(now - 60)).get_data(as_text=True)
    assert _code(client, totp.at(now - 30)).status_code == 302  # the phone's clock is half a minute behind


def test_a_code_cannot_be_used_twice(app, make):
    user = make.user("hr")
    code = _now_code()
    first = app.test_client()
    _password(first, user)
    assert _code(first, code).status_code == 302
    overheard = app.test_client()
    _password(overheard, user)
    response = _code(overheard, code)
    assert "has already been used" in response.get_data(as_text=True)
    assert overheard.get("/").status_code == 302


def test_a_wrong_code_is_refused_and_logs_nobody_in(client, make):
    user = make.user("ohs", units=(make.unit(),))
    _password(client, user)
    wrong = "000000" if _now_code() != "000000" else "111111"
    response = _code(client, wrong)
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert db.session.get(User, user.id).failed_logins == 1


def test_a_pending_login_expires_after_ten_minutes(client, make):
    _password(client, make.user("hr"))
    with client.session_transaction() as session:
        session["omtanke_two_step"] = {**session["omtanke_two_step"], "since": int(time.time()) - 601}
    token = form_token(client, "/login")
    response = client.post("/login/two-step", data={"code": _now_code(), "csrf_token": token})
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/").status_code == 302


def test_the_first_login_sets_up_the_app_with_a_qr_code_and_the_key_as_text(client, make):
    user = make.user("hr", email="hanna@example.org", two_step=False)
    assert _password(client, user).location == "/login/two-step/enrol"
    page = client.get("/login/two-step/enrol").get_data(as_text=True)
    assert '<svg width="' in page and 'class="qr-code"' in page and "<title>" in page
    key = KEY.search(page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", key)
    uri = re.search(r'href="(otpauth://[^"]+)"', page).group(1).replace("&amp;", "&")
    assert uri.startswith("otpauth://totp/Omtanke:hanna%40example.org?")
    query = parse_qs(urlsplit(uri).query)
    assert query["issuer"] == ["Omtanke"] and query["secret"] == [key.replace(" ", "")]
    assert client.get("/").status_code == 302  # still not logged in

    assert "is wrong" in post_form(client, "/login/two-step/enrol", {"code": "12345"}).get_data(as_text=True)
    done = post_form(client, "/login/two-step/enrol", {"code": pyotp.TOTP(key.replace(" ", "")).now()})
    codes = RECOVERY.findall(done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert client.get("/").status_code == 200
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and all(value.startswith("$argon2id$") for value in stored)
    assert not {code.replace("-", "") for code in codes} & set(stored)


def test_each_new_login_shows_a_new_key_until_one_is_confirmed(app, make):
    """Someone who knew the password and saw the first key cannot reuse it once the owner has set up their app."""
    user = make.user("admin", two_step=False)
    keys = []
    for _ in range(2):
        client = app.test_client()
        _password(client, user)
        keys.append(KEY.search(client.get("/login/two-step/enrol").get_data(as_text=True)).group(1))
    assert keys[0] != keys[1]


def test_a_recovery_code_logs_in_once(app, make):
    user = make.user("hr", two_step=False)
    codes = _enrol(app.test_client(), user)
    client = app.test_client()
    _password(client, user)
    assert _code(client, codes[3].upper().replace("-", " "), field="recovery_code").status_code == 302
    assert client.get("/").status_code == 200
    _log_out(client)
    _password(client, user)
    response = _code(client, codes[3], field="recovery_code")
    assert "has already been used" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    events = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "auth.login")).all()
    assert {"method": "recovery_code"} in events


def test_new_recovery_codes_replace_the_old_ones(app, login, make, monkeypatch):
    user = make.user("hr", two_step=False)
    old = _enrol(app.test_client(), user)
    client = login(app.test_client(), db.session.get(User, user.id))
    key = db.session.get(User, user.id).totp_secret
    monkeypatch.setattr(two_step, "clock", lambda: time.time() + 30)  # the next step: login used this one's code
    code = pyotp.TOTP(key).at(time.time() + 30)
    page = post_form(client, "/account/two-step", {"code": code}, action="/account/two-step/recovery-codes")
    new = RECOVERY.findall(page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    _log_out(client)
    _password(client, user)
    assert "has already been used" in _code(client, old[0], field="recovery_code").get_data(as_text=True)
    assert _code(client, new[0], field="recovery_code").status_code == 302


def test_a_manager_logs_in_with_the_password_until_they_turn_two_steps_on(app, login, make):
    manager = make.user("manager", units=(make.unit(),))
    client = login(app.test_client(), manager)
    other_device = login(app.test_client(), manager)
    refused = post_form(client, "/account/two-step", {"current_password": "wrong"}, action="/account/two-step/start")
    assert "The current password is wrong." in refused.get_data(as_text=True)
    post_form(client, "/account/two-step", {"current_password": PASSWORD}, action="/account/two-step/start")
    key = KEY.search(client.get("/account/two-step").get_data(as_text=True)).group(1).replace(" ", "")
    page = post_form(client, "/account/two-step", {"code": pyotp.TOTP(key).now()}, action="/account/two-step/confirm")
    assert len(RECOVERY.findall(page.get_data(as_text=True))) == 10
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302  # opened with the password alone
    _log_out(client)
    assert _password(client, manager).location == "/login/two-step"


def test_becoming_hr_ends_a_managers_password_only_sessions(app, login, make):
    manager = make.user("manager", units=(make.unit(),))
    client = login(app.test_client(), manager)
    admin = login(app.test_client(), make.user("admin"))
    data = {"email": manager.email, "name": manager.name, "role": "hr", "unit_codes": "", "active": "y"}
    assert post_form(admin, f"/admin/users/{manager.id}", data).status_code == 302
    assert client.get("/").status_code == 302
    assert _password(client, manager).location == "/login/two-step/enrol"


def test_an_admin_resets_a_lost_phone_and_the_account_sets_up_again(app, login, make):
    app.config["OMTANKE_JOBS_EAGER"] = True  # the notice to the account's owner is written within the request
    user, admin_user = make.user("hr"), make.user("admin")
    session = login(app.test_client(), user)
    admin = login(app.test_client(), admin_user)
    assert "Two-step login is on." in admin.get(f"/admin/users/{user.id}").get_data(as_text=True)
    response = post_form(admin, f"/admin/users/{user.id}", {}, action=f"/admin/users/{user.id}/two-step/reset")
    assert response.status_code == 302
    assert session.get("/").status_code == 302
    assert _password(app.test_client(), user).location == "/login/two-step/enrol"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.two_step_reset")).one()
    assert event.object_id == str(user.id) and event.actor_label == admin_user.email


def test_the_reset_needs_the_forms_token(app, login, make):
    user = make.user("hr")
    admin = login(app.test_client(), make.user("admin"))
    admin.post(f"/admin/users/{user.id}/two-step/reset", data={})
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == TOTP_SECRET


def test_the_key_never_reaches_the_audit_log_or_the_application_log(app, make, caplog):
    user = make.user("admin", two_step=False)
    client = app.test_client()
    caplog.set_level("DEBUG")
    _enrol(client, user)
    key = db.session.get(User, user.id).totp_secret
    details = " ".join(str(d) for d in db.session.scalars(select(AuditEvent.details)))
    assert key not in details and key not in caplog.text
    assert key not in client.get("/admin/audit").get_data(as_text=True)
