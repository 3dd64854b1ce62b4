"""Administering the unit tree through the admin pages: good input saves, bad input explains and saves nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, Unit
from tests.helpers import post_form


@pytest.fixture
def admin(app, login, make):
    return login(app.test_client(), make.user("admin"))


def _unit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Unit))


def _new_unit(client, **fields):
    data = {"name": "Förskolan Lärkan", "code": "BUF-01", "parent_code": "", "headcount": "18", **fields}
    return post_form(client, "/admin/units/new", data)


def test_create_a_unit_under_a_parent_by_its_code(admin, make):
    parent = make.unit("Förskoleområde Norr", code="BUF-FN")
    response = _new_unit(admin, parent_code="buf-fn")
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "BUF-01"))
    assert unit.parent_id == parent.id and unit.headcount == 18
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_id == str(unit.id))) == "unit.create"
    assert "Förskolan Lärkan" in admin.get("/admin/units").get_data(as_text=True)


def test_unknown_parent_code_is_named_and_nothing_is_created(admin):
    response = _new_unit(admin, parent_code="NOPE-9")
    assert response.status_code == 200
    assert "There is no unit with the code NOPE-9." in response.get_data(as_text=True)
    assert _unit_count() == 0


def test_duplicate_code_is_refused_whatever_its_case(admin, make):
    make.unit("Köket Ängen", code="SBF-01")
    response = _new_unit(admin, code="sbf-01")
    assert "The code sbf-01 is already used by Köket Ängen." in response.get_data(as_text=True)
    assert _unit_count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"name": "   "}, "This field is required."),
        ({"code": "a b"}, "A code may contain letters, digits and . _ - / only."),
        ({"headcount": "-1"}, "Number must be between 0 and 1000000."),
        ({"headcount": "many"}, "Not a valid integer value."),
    ],
)
def test_invalid_fields_are_explained_next_to_the_field(admin, fields, message):
    response = _new_unit(admin, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert 'class="error-summary"' in html
    assert _unit_count() == 0


def test_error_messages_follow_the_users_language(app, login, make):
    client = login(app.test_client(), make.user("admin", locale="sv"))
    response = _new_unit(client, parent_code="FINNS-INTE")
    assert "Det finns ingen enhet med koden FINNS-INTE." in response.get_data(as_text=True)


def test_a_unit_cannot_become_its_own_ancestor(admin, make):
    top = make.unit("Vård och omsorg", code="VO")
    middle = make.unit("Hemtjänst", parent=top, code="VO-HT")
    bottom = make.unit("Hemtjänst Norr", parent=middle, code="VO-HT-1")
    for new_parent in ("VO-HT-1", "VO"):
        response = post_form(
            admin,
            f"/admin/units/{top.id}",
            {"name": top.name, "code": top.code, "parent_code": new_parent, "headcount": "0"},
        )
        assert "A unit cannot be placed under itself or one of its own sub-units." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, top.id).parent_id is None
    assert db.session.get(Unit, bottom.id).parent_id == middle.id


def test_move_and_rename_keep_the_unit_and_record_the_change(admin, make):
    old_parent, new_parent = make.unit("Område A", code="A"), make.unit("Område B", code="B")
    unit = make.unit("Köket", parent=old_parent, code="K")
    response = post_form(
        admin,
        f"/admin/units/{unit.id}",
        {"name": "Köket Centralskolan", "code": "K", "parent_code": "B", "headcount": "7"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Unit, unit.id)
    assert (moved.name, moved.parent_id, moved.headcount) == ("Köket Centralskolan", new_parent.id, 7)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "unit.update"))
    assert event.details["changes"]["parent"] == ["A", "B"]


def test_deactivate_takes_the_subtree_and_delete_is_refused_when_data_hangs_off(admin, make):
    top = make.unit("Fastighet", code="F")
    child = make.unit("Fastighetsskötsel Norr", parent=top, code="F-1")
    make.user("manager", units=(child,))
    response = post_form(
        admin, f"/admin/units/{top.id}", {}, action=f"/admin/units/{top.id}/delete", follow_redirects=True
    )
    assert "has sub-units or data. Deactivate it instead of deleting it." in response.get_data(as_text=True)
    post_form(admin, f"/admin/units/{top.id}", {}, action=f"/admin/units/{top.id}/deactivate")
    db.session.expire_all()
    assert not db.session.get(Unit, top.id).active and not db.session.get(Unit, child.id).active
    response = post_form(
        admin, f"/admin/units/{child.id}", {}, action=f"/admin/units/{child.id}/activate", follow_redirects=True
    )
    assert "Reactivate the unit above it first (F)." in response.get_data(as_text=True)


def test_an_unused_unit_can_be_deleted(admin, make):
    unit = make.unit("Felregistrerad enhet", code="X")
    response = post_form(admin, f"/admin/units/{unit.id}", {}, action=f"/admin/units/{unit.id}/delete")
    assert response.status_code == 302
    assert _unit_count() == 0
