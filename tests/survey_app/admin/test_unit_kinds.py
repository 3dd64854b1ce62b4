"""The kind of workplace in the unit register (issue 24): chosen on the unit form, given in the unit import, shown
in the units list; an unknown kind in a file refuses the whole file with its row number."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import Unit
from tests.helpers import form_token, post_form


@pytest.fixture
def admin(app, login, make):
    return login(app.test_client(), make.user("admin"))


def _upload(client, text: str):
    token = form_token(client, "/admin/units/import")
    return client.post(
        "/admin/units/import",
        data={"csrf_token": token, "units": (io.BytesIO(text.encode()), "enheter.csv")},
        content_type="multipart/form-data",
    )


def test_the_unit_form_offers_the_kinds_and_keeps_the_one_chosen(admin):
    page = admin.get("/admin/units/new").get_data(as_text=True)
    assert "Kind of workplace" in page and ">Home care</option>" in page and ">Not given</option>" in page
    data = {"name": "Hemtjänst Norr", "code": "HT-N", "parent_code": "", "headcount": "30", "kind": "home_care"}
    assert post_form(admin, "/admin/units/new", data).status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "HT-N"))
    assert unit.kind == "home_care"
    assert "Home care" in admin.get("/admin/units").get_data(as_text=True)
    edit = admin.get(f"/admin/units/{unit.id}").get_data(as_text=True)
    assert '<option selected value="home_care">' in edit or 'value="home_care" selected' in edit


def test_the_kind_can_be_taken_away_again_and_a_made_up_kind_is_refused(admin, make):
    unit = make.unit("Köket Ängen", code="K-1")
    fields = {"name": unit.name, "code": unit.code, "parent_code": "", "headcount": "6"}
    refused = post_form(admin, f"/admin/units/{unit.id}", {**fields, "kind": "spaceship"})
    assert refused.status_code == 200 and "Choose a kind of workplace from the list." in refused.get_data(as_text=True)
    assert post_form(admin, f"/admin/units/{unit.id}", {**fields, "kind": "kitchen"}).status_code == 302
    assert db.session.get(Unit, unit.id).kind == "kitchen"
    assert post_form(admin, f"/admin/units/{unit.id}", {**fields, "kind": ""}).status_code == 302
    assert db.session.get(Unit, unit.id).kind is None


def test_the_import_takes_a_kind_column_by_key_or_by_its_swedish_name(admin, make):
    make.unit("Förskolan Solrosen", code="F-1").kind = "preschool"
    db.session.commit()
    text = "unit_code;name;kind\nHT-1;Hemtjänst Norr;hemtjänst\nSB-1;Linden;residential_care\nF-1;Förskolan Solrosen;\n"
    response = _upload(admin, text)
    assert response.status_code == 302
    units = {unit.code: unit.kind for unit in db.session.scalars(select(Unit))}
    assert units == {"HT-1": "home_care", "SB-1": "residential_care", "F-1": "preschool"}  # empty keeps its kind


def test_an_unknown_kind_refuses_the_file_with_its_row_number(admin):
    text = "unit_code;name;kind\nHT-1;Hemtjänst Norr;home_care\nXX-1;Rymdbasen;rymdstation\n"
    response = _upload(admin, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Row 3, kind: rymdstation is not a kind of workplace Omtanke knows" in page
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0


def test_the_import_page_lists_the_kinds_a_file_may_give(admin):
    page = admin.get("/admin/units/import").get_data(as_text=True)
    assert "<code>home_care</code> – Home care" in page and "<code>preschool</code> – Preschool" in page


def test_every_kind_has_a_label_and_every_demo_workplace_a_kind():
    from survey_app.demo.organisation import ORGANISATION, kind_of
    from survey_app.models.org import UNIT_KINDS
    from survey_app.unit_kinds import UNIT_KIND_LABELS

    assert tuple(UNIT_KIND_LABELS) == UNIT_KINDS
    kinds = [kind_of(area, name) for _, _, areas in ORGANISATION for area, _, units in areas for name, _ in units]
    assert set(kinds) <= set(UNIT_KINDS) and kinds.count("preschool") == 8 and kinds.count("home_care") == 4
