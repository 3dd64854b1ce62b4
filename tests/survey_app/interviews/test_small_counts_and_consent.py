"""Nobody is pointed at: a theme's small counts read "fewer than N", and what one interviewee alone raised reaches the
managers only when they agreed (issue 21)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.interviews.services import compilation
from survey_app.models import InterviewNote, InterviewRound
from tests.clock import TODAY
from tests.helpers import post_form
from tests.spreadsheet import sheets_as_csv


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def round_of_five(world, client, login):
    """Centrum's round "Hösten" with the usual threshold 5, HR logged in on ``client``: a focus group of six, then
    two individual interviews."""
    login(client, world["hr"])
    data = {"unit_code": "HT-C", "title": "Hösten", "language": "sv", "anonymity_threshold": "5"}
    assert post_form(client, "/interviews/new", data).status_code == 302
    interview = db.session.scalar(select(InterviewRound))
    for kind, participants in (("group", "6"), ("individual", "1"), ("individual", "1")):
        plan = {"kind": kind, "planned_on": TODAY.isoformat(), "participants": participants, "interviewer_id": ""}
        post_form(client, f"/interviews/{interview.id}", plan, action=f"/interviews/{interview.id}/sessions")
    assert [s.participants for s in interview.sessions] == [6, 1, 1]
    return interview


@pytest.fixture
def released(app, world, login, client, round_of_five, write_note):
    """``released(shareable)``: the round's notes — workload in all three sessions, leadership in the group, and
    victimisation in the first individual interview only, marked shareable or not — released to the managers;
    returns the manager's client."""

    def release(shareable: bool):
        group, first, second = round_of_five.sessions
        write_note(client, group.id, "workload", "Stressigt på morgonen")
        write_note(client, group.id, "leadership", "Chefen syns sällan")
        write_note(client, first.id, "workload", "Restiden räknas inte")
        write_note(client, first.id, "victimisation", "Ett obehagligt möte i korridoren", shareable=shareable)
        write_note(client, second.id, "workload", "För många brukare per pass")
        page, release = f"/interviews/{round_of_five.id}/compilation", f"/interviews/{round_of_five.id}/release"
        assert post_form(client, page, {}, action=release).status_code == 302
        return login(app.test_client(), world["manager"])

    return release


def _themes_sheet(client, round_id: int, tmp_path: Path) -> dict[str, list[str]]:
    response = client.get(f"/interviews/{round_id}/compilation.xlsx")
    assert response.status_code == 200
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.data)
    return {row[0]: row for row in sheets_as_csv(path)["Themes"] if row}


def test_a_theme_one_person_raised_shows_fewer_than_the_threshold_never_its_count(
    client, round_of_five, released, tmp_path
):
    manager = released(shareable=True)
    presentation = _text(manager.get(f"/interviews/{round_of_five.id}/presentation").get_data(as_text=True))
    assert "Kränkande särbehandling Raised in fewer than 5 sessions · fewer than 5 participants" in presentation
    assert "Arbetsbelastning Raised in fewer than 5 sessions · 8 participants" in presentation
    assert "Ledarskap och styrning Raised in fewer than 5 sessions · 6 participants" in presentation
    assert not re.search(r"Raised in [1-4] |\b1 participant", presentation)
    work_group = _text(manager.get(f"/interviews/{round_of_five.id}/work-group").get_data(as_text=True))
    assert "Kränkande särbehandling" not in work_group  # under the threshold: not for the work group at all
    assert "Ledarskap och styrning Raised in fewer than 5 sessions · 6 participants" in work_group
    assert not re.search(r"Raised in [1-4] ", work_group)
    themes = _themes_sheet(manager, round_of_five.id, tmp_path)
    assert themes["Kränkande särbehandling"][1:3] == ["fewer than 5", "fewer than 5"]
    assert themes["Arbetsbelastning"][1:3] == ["fewer than 5", "8"]
    hr_themes = _themes_sheet(client, round_of_five.id, tmp_path)  # HR's workbook leaves Omtanke too
    assert hr_themes["Kränkande särbehandling"][1:4] == ["fewer than 5"] * 3
    hr_page = _text(client.get(f"/interviews/{round_of_five.id}/compilation").get_data(as_text=True))
    assert "Kränkande särbehandling Raised in 1 of 3 sessions · 1 participant" in hr_page  # HR wrote the notes


def test_what_one_interviewee_raised_reaches_the_managers_only_when_they_agreed(
    client, round_of_five, released, tmp_path
):
    manager = released(shareable=False)
    presentation = manager.get(f"/interviews/{round_of_five.id}/presentation").get_data(as_text=True)
    assert "Kränkande särbehandling" not in presentation and "Arbetsbelastning" in presentation
    assert "Kränkande särbehandling" not in _themes_sheet(manager, round_of_five.id, tmp_path)
    work_group = manager.get(f"/interviews/{round_of_five.id}/work-group").get_data(as_text=True)
    assert "Kränkande särbehandling" not in work_group
    assert "1 more theme was raised by too few people to be shown here." in work_group  # counted as before
    hr_page = _text(client.get(f"/interviews/{round_of_five.id}/compilation").get_data(as_text=True))
    assert "Kränkande särbehandling Raised in 1 of 3 sessions" in hr_page
    assert "Not shown to the managers either" in hr_page


def test_a_shareable_note_brings_the_theme_to_the_managers(client, round_of_five, released):
    manager = released(shareable=True)
    presentation = manager.get(f"/interviews/{round_of_five.id}/presentation").get_data(as_text=True)
    assert "Kränkande särbehandling" in presentation
    hr_page = client.get(f"/interviews/{round_of_five.id}/compilation").get_data(as_text=True)
    assert "Not shown to the managers either" not in hr_page and "May be shown to the manager" in hr_page


def test_a_focus_groups_theme_needs_no_consent(client, round_of_five, released):
    manager = released(shareable=False)
    presentation = _text(manager.get(f"/interviews/{round_of_five.id}/presentation").get_data(as_text=True))
    assert "Ledarskap och styrning" in presentation  # one session, but six people


def test_the_note_form_stores_the_participants_consent_and_the_notes_list_shows_it(client, round_of_five, write_note):
    group, first, _ = round_of_five.sessions
    page = f"/interviews/sessions/{first.id}/notes"
    assert "The participant agreed that this may be shown to the manager" in client.get(page).get_data(as_text=True)
    group_page = client.get(f"/interviews/sessions/{group.id}/notes").get_data(as_text=True)
    assert "The participant agreed" not in group_page  # six people: nothing to agree to on their behalf
    write_note(client, first.id, "victimisation", "Ett obehagligt möte", shareable=True)
    write_note(client, first.id, "workload", "Restiden räknas inte")
    notes = db.session.scalars(select(InterviewNote).order_by(InterviewNote.id)).all()
    assert [(note.text, note.shareable) for note in notes] == [
        ("Ett obehagligt möte", True),
        ("Restiden räknas inte", False),
    ]
    listed = _text(client.get(page).get_data(as_text=True))
    assert "May be shown to the manager Ett obehagligt möte" in listed
    assert listed.count("May be shown to the manager") == 1


def test_findings_on_the_presentations_have_names_removed(client, round_of_five, released):
    manager = released(shareable=True)
    page = f"/interviews/{round_of_five.id}/compilation"
    finding = {"kind": "risk", "theme": "workload", "text": "Anna Lindqvist får ta allt ansvar för körlistan"}
    assert post_form(client, page, finding, action=f"/interviews/{round_of_five.id}/findings").status_code == 302
    for path in ("presentation", "work-group"):  # workload: eight people, so the work group sees it too
        html = manager.get(f"/interviews/{round_of_five.id}/{path}").get_data(as_text=True)
        assert "får ta allt ansvar för körlistan" in html and "Lindqvist" not in html, path


def test_proposed_sub_themes_are_titled_in_the_rounds_language_and_gather_three_notes(
    monkeypatch, client, round_of_five, write_note
):
    def theme(number: int, size: int):
        return SimpleNamespace(
            id=number, label=f"etikett {number}", size=size, category="workload", polarity="problem", examples=(),
            title=lambda lang: f"titel {number} ({lang})",
        )  # fmt: skip

    found = SimpleNamespace(themes=(theme(0, 3), theme(1, 2), theme(-1, 1)))
    monkeypatch.setattr(compilation, "themes_of_texts", lambda texts, **_: found)
    group = round_of_five.sessions[0]
    for number in range(6):
        write_note(client, group.id, "workload", f"Anteckning nummer {number} om körlistan")
    page = _text(client.get(f"/interviews/{round_of_five.id}/compilation").get_data(as_text=True))
    assert "Proposed sub-themes: titel 0 (sv) (3)" in page
    assert "titel 1" not in page and "etikett" not in page
