"""Administering accounts: roles, unit assignments and the guard rails around them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.admin.commands import users_cli
from survey_app.db import db
from survey_app.models import User
from tests.helpers import page_text, post_form


@pytest.fixture
def admin_user(make):
    return make.user("admin", email="admin@example.org")


@pytest.fixture
def admin(app, login, admin_user):
    return login(app.test_client(), admin_user)


def _new_user(client, **fields):
    data = {
        "email": "chef@example.org",
        "name": "Maria Chef",
        "role": "manager",
        "unit_codes": "",
        "password": "ett långt lösenord",
        "active": "y",
        **fields,
    }
    return post_form(client, "/admin/users/new", data)


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_a_manager_is_created_with_units_and_can_log_in(app, admin, make, login):
    a, b = make.unit(code="HT-1"), make.unit(code="HT-2")
    response = _new_user(admin, unit_codes="HT-1, ht-2")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "chef@example.org"))
    assert {unit.id for unit in user.assigned_units} == {a.id, b.id}
    login(app.test_client(), user, password="ett långt lösenord")


def test_unknown_unit_codes_are_listed_and_no_account_is_created(admin, make):
    make.unit(code="HT-1")
    response = _new_user(admin, unit_codes="HT-1, HT-404, XX")
    assert "Unknown unit codes: HT-404, XX." in response.get_data(as_text=True)
    assert _user_count() == 1


def test_duplicate_email_is_refused(admin):
    response = _new_user(admin, email="ADMIN@example.org", role="hr")
    assert "An account with this e-mail address already exists." in response.get_data(as_text=True)
    assert _user_count() == 1


def test_a_manager_needs_a_unit_and_hr_takes_none(admin, make):
    make.unit(code="HT-1")
    assert "Give at least one unit code for this role." in _new_user(admin).get_data(as_text=True)
    response = _new_user(admin, role="hr", unit_codes="HT-1")
    refusal = "Only managers, occupational health and safety representatives are assigned to units."
    assert refusal in response.get_data(as_text=True)
    assert _user_count() == 1


def test_an_unknown_role_is_refused(admin):
    response = _new_user(admin, role="superuser", email="x@example.org")
    assert response.status_code == 200 and _user_count() == 1


def test_an_admin_cannot_lock_themself_out(admin, admin_user):
    response = post_form(
        admin,
        f"/admin/users/{admin_user.id}",
        {"email": admin_user.email, "name": admin_user.name, "role": "hr", "unit_codes": "", "active": "y"},
    )
    assert "You cannot remove your own administrator access." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin_user.id).role == "admin"


def test_admin_sets_a_new_password_and_old_sessions_end(app, admin, login, make):
    user = make.user("hr")
    session = login(app.test_client(), user)
    response = post_form(
        admin, f"/admin/users/{user.id}", {"password": "helt nytt lösenord"}, action=f"/admin/users/{user.id}/password"
    )
    assert response.status_code == 302
    assert session.get("/").status_code == 302
    login(app.test_client(), db.session.get(User, user.id), password="helt nytt lösenord")


def test_the_audit_log_lists_what_admins_did(admin, make):
    _new_user(admin, role="hr", email="ny@example.org")
    page = admin.get("/admin/audit?action=user.").get_data(as_text=True)
    assert "user.create" in page and "admin@example.org" in page
    assert "auth.login" not in admin.get("/admin/audit?action=user.").get_data(as_text=True)


# A safety representative is created with the units they represent, on the form and the CLI; the role is offered by
# its name and logs in without two-step login (it sees no health data).
def test_a_safety_representative_is_created_with_units_and_logs_in_with_a_password_only(
    app,
    admin,
    make,
    login,
):
    unit = make.unit("Hemtjänst Norr", code="HT-1")
    assert "Safety representative" in page_text(admin.get("/admin/users/new"))
    response = _new_user(admin, email="ombud@example.org", role="safety", unit_codes="ht-1")
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ombud@example.org"))
    assert user.role == "safety" and [u.id for u in user.assigned_units] == [unit.id] and not user.needs_two_step
    client = login(app.test_client(), user, password="ett långt lösenord")
    assert "You are a safety representative" in page_text(client.get("/"))


def test_a_safety_representative_needs_a_unit(admin):
    response = _new_user(admin, email="ombud@example.org", role="safety", unit_codes="")
    assert "Give at least one unit code for this role." in page_text(response)


def test_the_cli_adds_and_lists_a_safety_representative(app, make):
    make.unit("Hemtjänst Norr", code="HT-1")
    runner = app.test_cli_runner()
    added = runner.invoke(
        users_cli,
        ["add", "ombud@example.org", "--name", "Sara Ombud", "--role", "safety", "--units", "HT-1", "--password",
         "ett långt lösenord"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = runner.invoke(users_cli, ["list"])
    assert "ombud@example.org" in listed.output and "safety" in listed.output and "HT-1" in listed.output
