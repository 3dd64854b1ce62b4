"""The employee register: who sees a name (HR and the employee's own manager, nobody else) and the import that
replaces the people of the units a file names, all rows or none."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import AuditEvent, Employee
from survey_app.person.register import can_see_person, display_name
from tests.clock import TODAY
from tests.helpers import form_token
from tests.spreadsheet import SHEET, rewrite, xlsx

IMPORT = "/people/register/import"


@pytest.fixture
def world(make):
    care = make.unit("Vård och omsorg", code="VO")
    north = make.unit("Hemtjänst Norr", parent=care, code="HT-1")
    south = make.unit("Hemtjänst Söder", parent=care, code="HT-2")
    school = make.unit("Ängsskolan", code="BUF-1")
    return {
        "north": north,
        "south": south,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "area_manager": make.user("manager", units=(care,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(care,)),
        "admin": make.user("admin"),
    }


def _register(employee_id: str, name: str, unit) -> Employee:
    employee = Employee(employee_id=employee_id, name=name, unit_id=unit.id)
    db.session.add(employee)
    db.session.commit()
    return employee


def _people() -> dict[str, tuple[str, str]]:
    return {e.employee_id: (e.name, e.unit.code) for e in db.session.scalars(select(Employee))}


def _upload(client, data: bytes, name: str = "personal.csv"):
    return client.post(
        IMPORT,
        data={"csrf_token": form_token(client, IMPORT), "action": "preview", "register": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _confirm(client, preview_page: str):
    import re

    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview_page).group(1)
    filename = re.search(r'name="filename" value="([^"]*)"', preview_page).group(1)
    data = {"csrf_token": form_token(client, IMPORT), "action": "import", "token": token, "filename": filename}
    return client.post(IMPORT, data=data)


@pytest.mark.parametrize(
    ("reader", "sees_name"),
    [
        ("hr", True),
        ("manager", True),
        ("area_manager", True),
        ("other_manager", False),
        ("ohs", False),
        ("admin", False),
    ],
)
def test_the_name_is_shown_to_hr_and_the_own_manager_only(app, world, reader, sees_name):
    _register("E-100", "Anna Andersson", world["north"])
    with app.test_request_context():
        actor = db.session.merge(world[reader])
        assert display_name(actor, "E-100") == ("Anna Andersson" if sees_name else "E-100")
        assert can_see_person(actor, "E-100") is sees_name


def test_the_unit_of_the_latest_spell_makes_a_manager_the_own_manager(app, make, world):
    from datetime import timedelta

    _register("E-200", "Bo Berg", world["school"])  # moved since: the register is behind, the spell is not
    make.spell("E-200", world["north"], TODAY - timedelta(days=3), None)
    with app.test_request_context():
        assert display_name(db.session.merge(world["manager"]), "E-200") == "Bo Berg"
    with app.test_request_context():
        assert display_name(db.session.merge(world["other_manager"]), "E-200") == "Bo Berg"  # the register's unit


def test_an_unregistered_person_is_shown_by_the_id(app, world):
    with app.test_request_context():
        assert display_name(db.session.merge(world["hr"]), "E-404") == "E-404"


def test_hr_previews_then_imports_a_register_file(app, login, world):
    _register("E-1", "Anna Andersson", world["north"])
    _register("E-2", "Bo Berg", world["north"])
    _register("E-3", "Cilla Carlsson", world["north"])  # not in the file: leaves the register
    client = login(app.test_client(), world["hr"])
    data = (
        "anställningsnummer;namn;enhetskod\n"
        "E-1;Anna Andersson;HT-1\n"  # unchanged
        "E-2;Bo Bergström;HT-1\n"  # changed name
        "E-4;Dan Dahl;ht-2\n"  # added
        "E-5;Eva Ek;HT-2\n"  # added
    )
    response = _upload(client, data.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "replaces the 4 people of the 2 units the file names: adds 2, changes 1, removes 1" in page
    assert set(_people()) == {"E-1", "E-2", "E-3"}  # a preview writes nothing
    done = _confirm(client, page)
    assert done.status_code == 302
    assert _people() == {
        "E-1": ("Anna Andersson", "HT-1"),
        "E-2": ("Bo Bergström", "HT-1"),
        "E-4": ("Dan Dahl", "HT-2"),
        "E-5": ("Eva Ek", "HT-2"),
    }
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "register.imported"))
    assert event.details == {"units": 2, "people": 4, "added": 2, "changed": 1, "removed": 1}


def test_a_file_for_one_unit_leaves_the_other_units_people_alone(app, login, world):
    _register("E-1", "Anna Andersson", world["north"])
    _register("E-9", "Ida Isaksson", world["school"])
    client = login(app.test_client(), world["hr"])
    page = _upload(client, b"employee_id,name,unit_code\nE-7,Gun Gran,HT-1\n").get_data(as_text=True)
    assert "adds 1, changes 0, removes 1" in page
    assert _confirm(client, page).status_code == 302
    assert _people() == {"E-7": ("Gun Gran", "HT-1"), "E-9": ("Ida Isaksson", "BUF-1")}


def test_a_half_valid_file_imports_nothing_and_lists_each_row(app, login, world):
    _register("E-1", "Anna Andersson", world["north"])
    client = login(app.test_client(), world["hr"])
    data = (
        "employee_id,name,unit_code\n"
        "E-2,Bo Berg,HT-1\n"
        "E 3,Cilla Carlsson,HT-1\n"  # row 3: a space in the id
        "E-4,,XX\n"  # row 4: no name, unknown unit
        "E-2,Bo Berg igen,HT-1\n"  # row 5: the id twice
        'E-6,"=HYPERLINK(""http://evil.example"")",HT-1\n'  # row 6: a formula for a name
    )
    response = _upload(client, data.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    for row, column in ((3, "employee_id"), (4, "name"), (4, "unit_code"), (5, "employee_id"), (6, "name")):
        assert f"Row {row}, {column}:" in page, (row, column)
    assert "Row 2," not in page
    assert 'name="token"' not in page
    assert _people() == {"E-1": ("Anna Andersson", "HT-1")}


def _with_entities(xml: bytes) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml.split(b"?>", 1)[-1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.xlsx", "entities", "document type declaration (DTD)"),
        ("personal.xlsx", "pdf", "not an Excel workbook (.xlsx) or a CSV file"),
        ("personal.csv", "columns", "The file has no column for: name."),
    ],
)
def test_hostile_or_wrong_files_are_refused_cleanly(app, login, world, name, data, message):
    content = {
        "entities": rewrite(xlsx(["employee_id", "name", "unit_code"], ["E-1", "A", "HT-1"]), {SHEET: _with_entities}),
        "pdf": b"%PDF-1.7 not a table",
        "columns": b"employee_id;unit_code\nE-1;HT-1\n",
    }[data]
    response = _upload(login(app.test_client(), world["hr"]), content, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _people() == {}


def test_an_xlsx_register_is_read_like_a_csv(app, login, world):
    client = login(app.test_client(), world["hr"])
    content = xlsx(["Anställningsnummer", "Namn", "Enhetskod"], [1001, "Anna Andersson", "HT-1"])
    page = _upload(client, content, "personal.xlsx").get_data(as_text=True)
    assert "adds 1, changes 0, removes 0" in page
    assert _confirm(client, page).status_code == 302
    assert _people() == {"1001": ("Anna Andersson", "HT-1")}


def test_an_oversized_file_is_refused_before_it_is_read(app, login, world, monkeypatch):
    from survey_app.person import register_import

    monkeypatch.setattr(register_import, "REGISTER_FILE_MAX_BYTES", 1024)
    data = "employee_id,name,unit_code\n" + "".join(f"E-{i},Person {i},HT-1\n" for i in range(200))
    response = _upload(login(app.test_client(), world["hr"]), data.encode())
    assert response.status_code == 422 and "The file is larger than" in response.get_data(as_text=True)
    assert _people() == {}


def test_only_hr_imports_or_edits_the_register(app, login, world):
    client = login(app.test_client(), world["manager"])
    assert client.get(IMPORT).status_code == 403
    assert client.get("/people/register/new").status_code == 403


def test_hr_adds_and_edits_a_person_and_the_audit_log_keeps_no_name(app, login, world):
    client = login(app.test_client(), world["hr"])
    page = "/people/register/new"
    data = {"csrf_token": form_token(client, page), "employee_id": "E-50", "name": "Märta Månsson"}
    response = client.post(page, data={**data, "unit_id": world["north"].id})
    assert response.status_code == 302
    edit = "/people/register/E-50/edit"
    data = {"csrf_token": form_token(client, edit), "employee_id": "E-50", "name": "Märta Mattsson"}
    assert client.post(edit, data={**data, "unit_id": world["south"].id}).status_code == 302
    assert _people() == {"E-50": ("Märta Mattsson", "HT-2")}
    listing = client.get("/people/register?q=matts").get_data(as_text=True)
    assert "Märta Mattsson" in listing
    texts = [str(e.details) + str(e.object_id) for e in db.session.scalars(select(AuditEvent))]
    assert texts and not any("Märta" in text for text in texts)


def test_a_duplicate_id_is_refused_on_the_form(app, login, world):
    _register("E-1", "Anna Andersson", world["north"])
    client = login(app.test_client(), world["hr"])
    page = "/people/register/new"
    data = {"csrf_token": form_token(client, page), "employee_id": "E-1", "name": "Ny", "unit_id": world["north"].id}
    response = client.post(page, data=data)
    assert response.status_code == 200 and "already holds a person with this id" in response.get_data(as_text=True)


def test_a_manager_reads_the_people_of_their_units_only(app, login, world):
    _register("E-1", "Anna Andersson", world["north"])
    _register("E-9", "Ida Isaksson", world["school"])
    page = login(app.test_client(), world["manager"]).get("/people/register").get_data(as_text=True)
    assert "Anna Andersson" in page and "Ida Isaksson" not in page and "E-9" not in page
    assert "/people/register/E-1/edit" not in page
