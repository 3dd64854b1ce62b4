"""When an administrator resets someone's two-step login, its owner is told by e-mail: once per reset, without a
secret, whether the reset was made on the admin page or with ``omtanke users reset-two-step``."""

from __future__ import annotations

import re

import pytest
from babel.dates import format_date

from survey_app.admin.commands import users_cli
from survey_app.clock import local_time
from survey_app.db import db, utcnow
from survey_app.models import User
from tests.factories import TOTP_SECRET
from tests.helpers import post_form

NOTICE = "Your two-step login in Omtanke was reset by an administrator on"


@pytest.fixture
def mail(app, smtp_server):
    app.config["OMTANKE_JOBS_EAGER"] = True
    return smtp_server


def _reset_on_the_admin_page(admin, user: User):
    return post_form(admin, f"/admin/users/{user.id}", {}, action=f"/admin/users/{user.id}/two-step/reset")


def test_a_reset_by_an_administrator_sends_its_owner_one_notice(app, login, make, mail):
    manager = make.user("manager", email="chef@example.org", two_step=True)
    bystander = make.user("manager", two_step=True)
    admin = login(app.test_client(), make.user("admin"))
    assert _reset_on_the_admin_page(admin, manager).status_code == 302
    (message,) = mail.messages
    assert message.recipients == ["chef@example.org"] and not mail.to(bystander.email)
    assert message.subject == "Omtanke: your two-step login was reset"
    assert NOTICE in " ".join(message.text.split()) and "contact your administrator at once" in message.text
    assert "/login" in message.html


def test_the_notice_holds_no_code_or_key(app, login, make, mail):
    manager = make.user("manager", two_step=True)
    secret = manager.totp_secret
    admin = login(app.test_client(), make.user("admin"))
    _reset_on_the_admin_page(admin, manager)
    (message,) = mail.messages
    body = message.text + message.html
    assert secret not in body and TOTP_SECRET not in body
    assert not re.search(r"\b\d{6}\b", message.text)  # no six-digit code (the HTML has colours such as 767676)
    assert not re.search(r"/login/reset/", body)  # no link that logs anyone in


def test_each_reset_is_told_once(app, login, make, mail):
    manager = make.user("manager", two_step=True)
    admin = login(app.test_client(), make.user("admin"))
    _reset_on_the_admin_page(admin, manager)
    _reset_on_the_admin_page(admin, manager)
    assert len(mail.to(manager.email)) == 2


def test_a_reset_from_the_command_line_is_told_too(app, make, mail):
    manager = make.user("hr", email="hr@example.org", locale="sv")
    result = app.test_cli_runner().invoke(users_cli, ["reset-two-step", manager.email])
    assert result.exit_code == 0, result.output
    (message,) = mail.to("hr@example.org")
    day = format_date(local_time(utcnow()).date(), format="long", locale="sv")  # the day, in the reader's language
    assert day in message.text and day in message.html
    db.session.expire_all()
    assert db.session.get(User, manager.id).totp_secret is None


def test_a_deactivated_account_is_not_mailed(app, login, make, mail):
    manager = make.user("manager", two_step=True)
    manager.active = False
    db.session.commit()
    admin = login(app.test_client(), make.user("admin"))
    _reset_on_the_admin_page(admin, manager)
    assert mail.messages == []
