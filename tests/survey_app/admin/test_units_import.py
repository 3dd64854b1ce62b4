"""Units and managers from a file: all rows or none, every problem with its row number, hostile files refused."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from survey_app.admin.commands import units_cli
from survey_app.db import db
from survey_app.models import Role, Unit, User
from tests.helpers import form_token
from tests.spreadsheet import SHEET, rewrite, xlsx


@pytest.fixture
def admin(app, login, make):
    return login(app.test_client(), make.user("admin"))


def _upload(client, data: bytes, name: str = "enheter.csv"):
    token = form_token(client, "/admin/units/import")
    return client.post(
        "/admin/units/import",
        data={"csrf_token": token, "units": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _units() -> dict[str, Unit]:
    return {unit.code: unit for unit in db.session.scalars(select(Unit))}


GOOD = (
    "enhetskod;namn;överordnad enhet;antal anställda;chefens e-post;chefens namn\n"
    "HT-1;Hemtjänst Norr;HT;12;anna.chef@kommun.se;Anna Chef\n"  # the parent comes later in the file
    "HT;Hemtjänst;;;;\n"
    "HT-2;Hemtjänst Söder;HT;9;anna.chef@kommun.se;Anna Chef\n"
)


def test_a_swedish_file_creates_the_tree_and_the_manager_parents_first(admin, make):
    make.unit("Vård och omsorg", code="VO")
    response = _upload(admin, GOOD.encode())
    assert response.status_code == 302
    units = _units()
    assert units["HT-1"].parent is units["HT"] and units["HT-2"].headcount == 9 and units["HT"].headcount == 0
    manager = db.session.scalar(select(User).where(User.email == "anna.chef@kommun.se"))
    assert manager.role == Role.MANAGER.value and manager.name == "Anna Chef"
    assert {a.unit.code for a in manager.assignments} == {"HT-1", "HT-2"}
    page = admin.get("/admin/units").get_data(as_text=True)
    assert "Units created: 3, updated: 0. Manager accounts created: 1." in page


def test_a_second_import_updates_by_code_and_moves_units(admin, make):
    area = make.unit("Vård och omsorg", code="VO")
    make.unit("Hemtjänst", code="HT", headcount=5)
    data = "unit_code,name,parent_code,headcount\nht,Hemtjänsten,VO,30\nHT-9,Nattpatrullen,HT,4\n"
    assert _upload(admin, data.encode()).status_code == 302
    units = _units()
    assert units["ht"].name == "Hemtjänsten" and units["ht"].parent is area and units["ht"].headcount == 30
    assert units["HT-9"].parent is units["ht"]
    assert len(units) == 3


def test_one_bad_row_imports_nothing_and_every_problem_has_its_row(admin, make):
    make.unit("Hemtjänst", code="HT")
    data = (
        "unit_code;name;parent_code;headcount;manager_email\n"
        "A-1;Förskolan;HT;12;\n"
        "A 2;Skolan;HT;-3;not-an-address\n"  # row 3: bad code, headcount and e-mail
        "A-3;;XX;;\n"  # row 4: no name, unknown parent
        "A-1;Dubbel;HT;1;\n"  # row 5: duplicate code
        "A-4;Cykel;A-5;1;\n"
        "A-5;Cykel 2;A-4;1;\n"  # rows 6 and 7: each under the other
    )
    response = _upload(admin, data.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    for row, column in ((3, "unit_code"), (3, "headcount"), (3, "manager_email"), (4, "name"), (4, "parent_code"),
                        (5, "unit_code"), (6, "parent_code"), (7, "parent_code")):  # fmt: skip
        assert f"Row {row}, {column}:" in page, (row, column)
    assert "Row 2," not in page
    assert set(_units()) == {"HT"}


def test_a_manager_address_that_belongs_to_hr_is_refused(admin, make):
    make.user("hr", email="hr@kommun.se")
    response = _upload(admin, b"unit_code,name,manager_email\nX-1,Lokalv\xc3\xa5rd,hr@kommun.se\n")
    assert response.status_code == 422 and "Row 2, manager_email:" in response.get_data(as_text=True)
    assert "X-1" not in _units()


def _with_entities(xml: bytes) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml.split(b"?>", 1)[-1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.xlsx", "entities", "document type declaration (DTD)"),  # refused before any XML is parsed
        ("units.xlsx", "pdf", "not an Excel workbook (.xlsx) or a CSV file"),  # a renamed format
        ("empty.csv", "empty", "The file is empty."),
    ],
)
def test_hostile_or_wrong_files_are_refused_with_a_clear_message(admin, name, data, message):
    content = {
        "entities": rewrite(xlsx(["unit_code", "name"], ["A", "B"]), {SHEET: _with_entities}),
        "pdf": b"%PDF-1.7 not a table",
        "empty": b"",
    }[data]
    response = _upload(admin, content, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _units() == {}


def test_the_command_line_import_fails_loudly_and_imports_nothing(app, make, tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text("unit_code,name\nA-1,Ett\nA-1,Två\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(units_cli, ["import", str(bad)])
    assert result.exit_code == 1 and "row 3, unit_code" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
    good = tmp_path / "good.csv"
    good.write_text("unit_code,name\nA-1,Ett\n", encoding="utf-8")
    done = app.test_cli_runner().invoke(units_cli, ["import", str(good)])
    assert done.exit_code == 0 and "Units created: 1" in done.output


def test_an_oversized_file_is_refused_before_it_is_read(admin, monkeypatch):
    from survey_app.admin import importing

    monkeypatch.setattr(importing, "UNIT_FILE_MAX_BYTES", 1024)
    data = "unit_code,name\n" + "".join(f"U-{i},Enhet {i}\n" for i in range(200))
    response = _upload(admin, data.encode())
    assert response.status_code == 422 and "The file is larger than" in response.get_data(as_text=True)
    assert _units() == {}
