"""Codes for many workplaces from one code list: all units' codes in one workbook, or none and the rows to fix."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode
from survey_app.surveys import codes as code_rules
from tests.helpers import form_token
from tests.spreadsheet import sheets_as_csv


@pytest.fixture
def hr(app, login, make):
    return login(app.test_client(), make.user("hr"))


@pytest.fixture
def survey(make):
    area = make.unit("Hemtjänst", code="HT")
    make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    make.unit("=Söder", parent=area, code="HT-2", headcount=9)
    return make.survey_round(area)


def _upload(client, survey, data: bytes, name: str = "koder.csv"):
    token = form_token(client, f"/surveys/{survey.id}")
    return client.post(
        f"/surveys/{survey.id}/code-list",
        data={"csrf_token": token, "code_list": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_code_list_gives_every_workplace_its_codes_in_one_workbook(app, hr, survey, tmp_path):
    response = _upload(hr, survey, b"enhetskod;antal koder\nHT-1;5\nht-2;3\n")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    path = tmp_path / "codes.xlsx"
    path.write_bytes(response.data)
    (sheet,) = sheets_as_csv(path).values()
    header = sheet.index(["Code", "Unit code", "Workplace", "Answer at"])
    rows = sheet[header + 1 :]
    assert sorted(row[1] for row in rows) == ["HT-1"] * 5 + ["HT-2"] * 3
    assert {row[2] for row in rows} == {"Hemtjänst Norr", "=Söder"}  # a unit name is text, never a formula
    stored = set(db.session.scalars(select(AccessCode.code_hash)))
    assert {code_rules.code_hash(app.config["SECRET_KEY"], row[0]) for row in rows} == stored and len(stored) == 8


def test_one_bad_row_makes_no_code_and_lists_the_rows(hr, survey):
    data = "unit_code,codes\nHT-1,5\nXX-9,3\nHT-2,0\nHT-1,2\n"
    response = _upload(hr, survey, data.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "Row 3, unit_code:" in page and "Row 4, codes:" in page and "Row 5, unit_code:" in page
    assert "Row 2," not in page
    assert db.session.scalar(select(func.count()).select_from(AccessCode)) == 0


def test_a_renamed_file_is_refused_with_a_clear_message(hr, survey):
    response = _upload(hr, survey, b"PK\x03\x04not really a zip", "koder.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "not an Excel workbook (.xlsx) or a CSV file" in page
