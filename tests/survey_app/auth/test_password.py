"""Changing one's password, and what it does to other sessions."""

from __future__ import annotations

from survey_app.db import db
from survey_app.models import User
from tests.helpers import post_form

NEW = "a much better passphrase"


def _change(client, current, new, confirm=None, **kwargs):
    return post_form(
        client,
        "/account/password",
        {"current_password": current, "new_password": new, "confirm_password": confirm or new},
        **kwargs,
    )


def test_password_change_keeps_this_session_and_ends_the_others(app, login, make):
    user = make.user("manager")
    here, elsewhere = login(app.test_client(), user), login(app.test_client(), user)
    response = _change(here, "correct horse battery", NEW)
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    login(app.test_client(), db.session.get(User, user.id), password=NEW)


def test_wrong_current_password_changes_nothing(client, login, make):
    user = make.user("hr")
    login(client, user)
    before = user.password_hash
    response = _change(client, "not my password", NEW)
    assert "The current password is wrong." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before


def test_short_password_is_refused_with_a_translated_message(client, login, make):
    login(client, make.user("hr", locale="fi"))
    response = _change(client, "correct horse battery", "short")
    assert response.status_code == 200
    assert "vähintään 10 merkkiä" in response.get_data(as_text=True)


def test_mismatched_repeat_is_refused(client, login, make):
    login(client, make.user("hr"))
    response = _change(client, "correct horse battery", NEW, confirm=NEW + "x")
    assert "The two new passwords differ." in response.get_data(as_text=True)


def test_deactivating_an_account_ends_its_sessions(app, login, make):
    user = make.user("manager", units=(make.unit(),))
    client = login(app.test_client(), user)
    admin = login(app.test_client(), make.user("admin"))
    response = post_form(
        admin,
        f"/admin/users/{user.id}",
        {"email": user.email, "name": user.name, "role": "manager", "unit_codes": user.assigned_units[0].code},
    )  # "active" left out = unchecked
    assert response.status_code == 302
    assert client.get("/").status_code == 302
