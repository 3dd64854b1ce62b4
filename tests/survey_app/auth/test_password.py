"""Changing one's password, and what it does to other sessions."""

from __future__ import annotations

import pytest

from survey_app.admin.commands import users_cli
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
    assert "vähintään 12 merkkiä" in response.get_data(as_text=True)


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


@pytest.mark.parametrize(
    "password, reason",
    [
        ("password1234", "The password is on the lists of common passwords that attackers try first."),
        ("iloveyou2024", "The password is on the lists of common passwords that attackers try first."),
        ("aaaaaaaaaaaaaa", "Repeated characters and sequences such as abc or 123 are easy to guess."),
        ("lindqvist2024!", "The password is built from your name, your e-mail address or the word Omtanke."),
        ("omtanke2024!", "The password is built from your name, your e-mail address or the word Omtanke."),
        ("Maria.Lindqvist@example.org", "The password must not be your e-mail address or your name."),
    ],
)
def test_guessable_passwords_are_refused_with_the_reason_and_the_old_one_still_works(
    app, client, login, make, password, reason
):
    user = make.user("manager", email="maria.lindqvist@example.org")
    login(client, user)
    response = _change(client, "correct horse battery", password)
    assert reason in response.get_data(as_text=True)
    login(app.test_client(), db.session.get(User, user.id))


def test_a_name_as_password_is_refused(client, login, make):
    user = make.user("manager")
    user.name = "Kristiina Mäkeläinen"
    db.session.commit()
    login(client, user)
    response = _change(client, "correct horse battery", "kristiina mäkeläinen")
    assert "The password must not be your e-mail address or your name." in response.get_data(as_text=True)


def test_the_rules_are_shown_next_to_the_new_password_field(client, login, make):
    login(client, make.user("manager"))
    html = client.get("/account/password").get_data(as_text=True)
    assert 'aria-describedby="new_password-hint"' in html and "At least 12 characters" in html


def test_an_admin_cannot_give_an_account_a_common_password(app, login, make):
    admin = login(app.test_client(), make.user("admin"))
    user = make.user("hr")
    response = post_form(
        admin, f"/admin/users/{user.id}", {"password": "password12345"}, action=f"/admin/users/{user.id}/password"
    )
    assert "common passwords" in admin.get(response.location).get_data(as_text=True)
    login(app.test_client(), db.session.get(User, user.id))  # the old password still works


def test_an_admin_cannot_create_an_account_with_a_short_password(app, login, make):
    admin = login(app.test_client(), make.user("admin"))
    data = {"email": "ny@example.org", "name": "Ny Person", "role": "hr", "password": "kort lösen", "active": "y"}
    response = post_form(admin, "/admin/users/new", data)
    assert "The password must have at least 12 characters." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).where(User.email == "ny@example.org")) is None


def test_the_command_line_refuses_a_guessable_password(app):
    result = app.test_cli_runner().invoke(
        users_cli, ["add", "boss@example.org", "--name", "Boss", "--role", "admin", "--password", "qwertyuiopasdf"]
    )
    assert result.exit_code != 0 and "common passwords" in result.output
    assert db.session.scalar(db.select(User).where(User.email == "boss@example.org")) is None
