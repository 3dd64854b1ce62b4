"""An interview round's compilation as a workbook, opened in LibreOffice: the pages' counts, the pages' hiding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent
from tests.helpers import post_form
from tests.spreadsheet import sheets_as_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url: str, tmp_path: Path) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.data)
    return sheets_as_csv(path)


def _text(sheets: dict[str, list[list[str]]]) -> str:
    return "\n".join(",".join(row) for rows in sheets.values() for row in rows)


def _table(rows: list[list[str]], first_heading: str) -> dict[str, list[str]]:
    """The table whose heading row starts with ``first_heading``, by its first cell, up to the next blank row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_heading)
    found = {first_heading: rows[start]}
    for row in rows[start + 1 :]:
        if not any(row):
            break
        found[row[0]] = row
    return found


@pytest.fixture
def with_formula_like_text(client, interview, fill_interview, write_note):
    """The round's notes, one more typed like a formula, and a finding typed like one."""
    fill_interview(client, interview)
    group = interview.sessions[0]
    write_note(client, group.id, "workload", "@SUM(A1)", quote=True)
    page = f"/interviews/{interview.id}/compilation"
    finding = {"kind": "risk", "theme": "workload", "text": "=1+1"}
    assert post_form(client, page, finding, action=f"/interviews/{interview.id}/findings").status_code == 302


def test_hr_gets_the_pages_counts_findings_kept_as_text_and_no_raw_notes(
    client, interview, with_formula_like_text, tmp_path
):
    url = f"/interviews/{interview.id}/compilation"
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'compilation\.xlsx">', html)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    before = db.session.scalar(select(func.count()).where(AuditEvent.action == "interviews.compilation_read"))
    sheets = _download(client, f"/interviews/{interview.id}/compilation.xlsx", tmp_path)
    themes = _table(sheets["Themes"], "Theme")
    assert themes["Theme"][:4] == ["Theme", "Sessions", "Participants", "Notes"]
    for title, (sessions, written) in {
        "Arbetsbelastning": (3, ["3", "8"]),
        "Ledarskap och styrning": (1, ["fewer than 3", "6"]),
        "Kränkande särbehandling": (1, ["fewer than 3", "fewer than 3"]),
    }.items():
        # the workbook leaves Omtanke: a count under the threshold (3) is "fewer than 3", even in HR's
        assert themes[title][1:3] == written, title
        assert f"{title} Raised in {sessions} of 3 sessions" in page  # HR's own page keeps the exact counts
    assert themes["Arbetsbelastning"][3] == "4" and themes["Arbetsbelastning"][-1] == "Yes"
    assert themes["Kränkande särbehandling"][-1] == "No"
    findings = _table(sheets["Key findings"], "Theme")
    assert findings["Arbetsbelastning"][1:3] == ["Risk", "=1+1"]  # text, not the formula's result 2
    said = {row[2] for row in sheets["Key findings"] if len(row) > 2 and row[1] in ("Quote", "Suggestion")}
    assert {"@SUM(A1)", "Jag vet aldrig vem jag ska ringa, säger [NAME]"} <= said
    text = _text(sheets)
    assert "Stressigt på morgonen" not in text and "Restiden räknas inte" not in text  # raw notes stay in Omtanke
    assert "Lindqvist" not in text and "obehagligt" not in text and "Fasta larmtider" not in text  # narrow themes
    after = db.session.scalar(select(func.count()).where(AuditEvent.action == "interviews.compilation_read"))
    assert after == before + 1


def test_a_manager_gets_the_presentation_once_released_and_others_are_refused(
    app,
    world,
    login,
    client,
    interview,
    with_formula_like_text,
    tmp_path,
):
    url = f"/interviews/{interview.id}/compilation.xlsx"
    manager = login(app.test_client(), world["manager"])
    assert manager.get(url).status_code == 404  # not released yet, as the presentation page
    release = f"/interviews/{interview.id}/release"
    assert post_form(client, f"/interviews/{interview.id}/compilation", {}, action=release).status_code == 302
    page = manager.get(f"/interviews/{interview.id}/presentation").get_data(as_text=True)
    assert re.search(r'compilation\.xlsx">', page)
    sheets = _download(manager, url, tmp_path)
    themes = _table(sheets["Themes"], "Theme")
    assert themes["Theme"][1:3] == ["Sessions", "Participants"] and "Notes" not in themes["Theme"]
    assert themes["Arbetsbelastning"][1:3] == ["3", "8"] and themes["Ledarskap och styrning"][1:3] == [
        "fewer than 3",
        "6",
    ]
    assert "Kränkande särbehandling" not in themes  # one interviewee, who was not asked: not for the managers
    text = _text(sheets)
    assert "=1+1" in text and "@SUM(A1)" in text
    assert "Stressigt på morgonen" not in text and "obehagligt" not in text and "Fasta larmtider" not in text
    assert "Proposed sub-themes" not in text and "reflections" not in text  # HR's own parts of the compilation
    ohs = login(app.test_client(), world["ohs"])
    assert ohs.get(url).status_code == 200
    assert login(app.test_client(), world["other_manager"]).get(url).status_code == 404
    assert login(app.test_client(), world["admin"]).get(url).status_code == 403
    assert "/login" in app.test_client().get(url).location
