"""The organisation's own names: HR imports staff and manager names, free text on every page then loses them (also a
surname alone and a name in lower case), and Omtanke keeps only keyed hashes: no table, audit entry, log line or
file left behind holds a name."""

from __future__ import annotations

import io
import logging
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import JSON, String, Text, func, select

from survey_app.db import Base, db
from survey_app.importing import upload_folder
from survey_app.models import AuditEvent, KnownName
from survey_app.privacy import known_names
from survey_app.privacy.commands import names_cli
from survey_app.privacy.redaction import redact_for_display
from tests.factories import RESULTS_SECTIONS, results_answers
from tests.helpers import form_token

STAFF = "namn\nKajsa Lindberg\nMikko Heikkinen\nAmina Hassan Abdi\nTove Maram\n"
#: Free text naming Kajsa Lindberg three ways, and Tove Maram as nothing but her name can catch: in lower case, a word
#: no language has, no cue word before it.
NAMING = ("Kajsa Lindberg lyssnar på oss", "Lindberg lyssnar aldrig på förslagen", "fråga kajsa om schemat")
MARAM = "maram ordnar schemat bra"


@pytest.fixture
def world(make):
    """Hemtjänst Väst: a closed round with ten answers, three of which name Kajsa Lindberg; HR, the unit's manager."""
    unit = make.unit("Hemtjänst Väst", code="HT-V", headcount=15)
    survey = make.closed_round(unit, sections=RESULTS_SECTIONS, title="Hösten")
    texts = [*NAMING, MARAM, *(f"Vi behöver fler vikarier {n}" for n in range(6))]
    for text in texts:
        make.response(survey, unit, results_answers(4, text=text))
    return {"unit": unit, "survey": survey, "hr": make.user("hr"), "manager": make.user("manager", units=(unit,))}


def _send(client, content: bytes | str, filename: str = "personal.csv"):
    """Check a file on the names page, as HR does with the upload form."""
    data = content.encode() if isinstance(content, str) else content
    token = form_token(client, "/privacy/names")
    form = {"csrf_token": token, "names": (io.BytesIO(data), filename)}
    return client.post("/privacy/names", data=form, content_type="multipart/form-data")


def _import(client, content: bytes | str, filename: str = "personal.csv"):
    """Check a file, then confirm the preview's import."""
    preview = _send(client, content, filename).get_data(as_text=True)
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview).group(1)
    data = {"csrf_token": form_token(client, "/privacy/names"), "token": token}
    return client.post("/privacy/names/import", data=data)


def _free_text(client, world) -> str:
    page = client.get(f"/results/{world['survey'].id}/units/{world['unit'].id}").get_data(as_text=True)
    assert "Vi behöver fler vikarier" in page  # the free text is shown
    return page


def test_imported_names_are_redacted_on_the_results_page_whole_alone_and_in_lower_case(client, login, world):
    login(client, world["hr"])
    assert MARAM in _free_text(client, world)  # without the list, nothing tells that "maram" is a name
    response = _import(client, STAFF)
    assert response.status_code == 302
    assert "The names of 4 people are now redacted." in client.get(response.location).get_data(as_text=True)
    page = _free_text(client, world)
    assert "Kajsa" not in page and "Lindberg" not in page and "kajsa" not in page and "maram" not in page
    assert "lyssnar aldrig på förslagen" in page and "om schemat" in page  # only the names go


def test_imported_names_are_redacted_in_interview_quotes(interview_world, client, interview, write_note):
    group = interview.sessions[0]
    write_note(client, group.id, "leadership", "Lindberg lyssnar aldrig, och maram eller kajsa svarar inte", quote=True)
    assert "och maram eller" in client.get(f"/interviews/{interview.id}/work-group").get_data(as_text=True)
    _import(client, STAFF)
    page = client.get(f"/interviews/{interview.id}/work-group").get_data(as_text=True)
    assert "lyssnar aldrig" in page
    assert "Lindberg" not in page and "kajsa" not in page and "maram" not in page


def test_the_preview_says_what_is_replaced_before_anything_is_stored(client, login, world):
    login(client, world["hr"])
    first = _send(client, STAFF).get_data(as_text=True)
    assert "This stores 4 names." in first
    assert db.session.scalar(select(func.count()).select_from(KnownName)) == 0  # nothing until confirmed
    _import(client, STAFF)
    again = _send(client, "Förnamn;Efternamn\nKajsa;Lindberg\nTove;Maram\n").get_data(as_text=True)
    assert "This replaces the 4 names stored now with 2." in again
    assert "The names of 4 people, imported on" in again


def test_no_table_audit_entry_log_line_or_file_holds_a_name_after_an_import(client, login, make, caplog):
    login(client, make.user("hr"))  # no free text in the database: any name found came from the import
    caplog.set_level(logging.DEBUG)
    waiting = set(upload_folder().glob("names-*"))
    _import(client, STAFF)
    assert db.session.scalar(select(func.count()).select_from(KnownName)) >= 3
    found = []
    for table in Base.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, String | Text | JSON)]
        for row in db.session.execute(select(*columns)) if columns else ():
            found += [str(value) for value in row if value is not None]
    held = "\n".join(found).casefold()
    for part in ("kajsa", "lindberg", "heikkinen", "amina", "maram"):
        assert part not in held
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "known_names.imported"))
    assert entry.details == {"people": 4, "replaced": 0}
    assert "lindberg" not in caplog.text.casefold()
    assert set(upload_folder().glob("names-*")) == waiting  # the previewed digests are deleted on import


def test_a_file_with_bad_rows_imports_nothing_and_lists_them(client, login, world):
    login(client, world["hr"])
    response = _send(client, "namn\nTove Maram\n070-123 45 67\nMikko Heikkinen\nanna@kommun.se\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "Row 3, name:" in page and "Row 5, name:" in page and "Row 2, name:" not in page
    assert 'name="token"' not in page  # nothing to confirm
    assert db.session.scalar(select(func.count()).select_from(KnownName)) == 0
    assert MARAM in _free_text(client, world)


def test_names_of_any_script_in_a_workbook_without_a_header_or_in_two_columns(client, login, world):
    login(client, world["hr"])
    book = Workbook()
    for name in ("Kajsa Lindberg", "Anna-Karin O’Brien", "Đorđe Kovačević", "محمد علي", "अनीता शर्मा"):
        book.active.append([name])
    content = io.BytesIO()
    book.save(content)
    assert "This stores 5 names." in _send(client, content.getvalue(), "names.xlsx").get_data(as_text=True)
    assert "This stores 1 name." in _send(client, "etunimi,sukunimi\nKajsa,Lindberg\n").get_data(as_text=True)


def test_a_new_import_replaces_the_old_list(client, login, world):
    login(client, world["hr"])
    _import(client, STAFF)
    assert MARAM not in _free_text(client, world)
    _import(client, "Kajsa Lindberg\n")
    page = _free_text(client, world)
    assert MARAM in page  # no longer one of the organisation's names
    assert "Lindberg" not in page


def test_clearing_removes_every_name(client, login, world):
    login(client, world["hr"])
    _import(client, STAFF)
    response = client.post("/privacy/names/clear", data={"csrf_token": form_token(client, "/privacy/names")})
    assert "The names of 4 people were removed." in client.get(response.location).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(KnownName)) == 0
    assert "No names are stored" in client.get("/privacy/names").get_data(as_text=True)
    assert MARAM in _free_text(client, world)


def test_only_hr_and_administrators_import_names(app, client, login, world):
    login(client, world["manager"])
    assert client.get("/privacy/names").status_code == 403
    data = {"names": (io.BytesIO(STAFF.encode()), "names.csv")}
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post("/privacy/names", data=data, content_type="multipart/form-data").status_code == 403
    assert client.post("/privacy/names/import", data={"token": "0" * 32}).status_code == 403
    assert client.post("/privacy/names/clear").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(KnownName)) == 0


def test_a_form_without_its_csrf_token_is_refused(client, login, world):
    login(client, world["hr"])
    data = {"names": (io.BytesIO(STAFF.encode()), "names.csv")}
    assert client.post("/privacy/names", data=data, content_type="multipart/form-data").status_code == 400


def test_names_made_with_another_key_are_not_used_and_the_page_says_so(app, client, login, world):
    login(client, world["hr"])
    _import(client, STAFF)
    assert MARAM not in _free_text(client, world)
    app.config["OMTANKE_NAMES_KEY"] = "a key set after the import"
    assert MARAM in _free_text(client, world)
    assert "made with another key" in client.get("/privacy/names").get_data(as_text=True)


def test_the_command_line_imports_and_clears(app, world, tmp_path):
    file = tmp_path / "personal.csv"
    file.write_text(STAFF, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(names_cli, ["import", str(file)])
    assert result.exit_code == 0 and "with the names of 4 people" in result.output
    assert redact_for_display("fråga maram") == "fråga [NAME]"
    file.write_text("namn\nKajsa 2\n", encoding="utf-8")
    refused = runner.invoke(names_cli, ["import", str(file)])
    assert refused.exit_code == 1 and "row 2, name:" in refused.output
    assert known_names.held_list().people == 4
    assert runner.invoke(names_cli, ["clear", "--yes"]).exit_code == 0
    assert redact_for_display("fråga maram") == "fråga maram"


def test_confirming_a_check_that_is_gone_imports_nothing_and_says_why(client, login, world):
    login(client, world["hr"])
    data = {"csrf_token": form_token(client, "/privacy/names"), "token": "0" * 32}
    page = client.post("/privacy/names/import", data=data, follow_redirects=True).get_data(as_text=True)
    assert "The checked file is no longer available" in page
    assert db.session.scalar(select(func.count()).select_from(KnownName)) == 0
