"""Filters and look-ups with SQL metacharacters: no error, no injection, and a LIKE wildcard typed into a unit code
never reaches another unit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, InterventionCase, User
from tests.helpers import form_token

HOSTILE = ["' OR '1'='1", "%", "_", "\\", "1; DROP TABLE users --", "1 UNION SELECT password_hash FROM users", "0x1"]


@pytest.mark.attack
@pytest.mark.parametrize("value", HOSTILE)
def test_every_filter_takes_metacharacters_without_error_or_effect(app, client, login, make, value):
    unit = make.unit("Hemtjänst Norr", code="HT-1")
    login(client, make.user("admin"))
    users = db.session.scalar(select(func.count()).select_from(User))
    paths = [
        f"/admin/audit?action={value}&actor={value}&page={value}",
        f"/units/?q={value}",
        f"/results/?unit={value}",
        f"/absence/?period={value}",
        f"/absence/signals?unit={value}",
        f"/indicators/?kind={value}&unit={value}",
        f"/plans/?unit={value}",
        f"/admin/units/new?parent={value}",
        f"/plans/new?unit={value}&trigger={value}&note={value}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
    assert db.session.scalar(select(func.count()).select_from(User)) == users
    assert unit.code == "HT-1"


def test_the_audit_filter_treats_a_wildcard_as_a_character(app, client, login, make):
    admin = make.user("admin")
    db.session.add(AuditEvent(action="test.event", actor_label="100% säker", object_type="user"))
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/audit?actor=%25").get_data(as_text=True)
    assert "100% säker" in page
    assert page.count("<tr") <= 3  # the heading row and the one entry with a % (and at most one more layout row)


def test_a_wildcard_in_a_typed_unit_code_does_not_reach_another_unit(app, client, login, make):
    make.unit("Hemtjänst Norr", code="HT-1")
    login(client, make.user("hr"))
    for typed in ("H_-1", "HT%", "%"):
        response = client.post(
            "/plans/new",
            data={
                "unit_code": typed,
                "trigger": "manager_request",
                "trigger_note": "",
                "responsible_id": "",
                "csrf_token": form_token(client, "/plans/new"),
            },  # fmt: skip
        )
        assert response.status_code == 200, typed
        assert "There is no unit with the code" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(InterventionCase)) == 0
