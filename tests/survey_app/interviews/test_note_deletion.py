"""Deleting an interview note asks first: "Delete" opens a page showing the note, and only its button deletes."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import AuditEvent, InterviewNote
from tests.helpers import page_text, post_form


def _note(world, client, interview, write_note) -> InterviewNote:
    session = interview.sessions[1]
    response, _ = write_note(client, session.id, "workload", "För få vikarier på helgerna")
    assert response.status_code == 302
    return db.session.scalar(select(InterviewNote))


def test_delete_on_the_notes_page_opens_a_confirmation_and_deletes_nothing(world, client, interview, write_note):
    note = _note(world, client, interview, write_note)
    notes_page = client.get(f"/interviews/sessions/{note.session_id}/notes").get_data(as_text=True)
    assert (
        f'href="/interviews/notes/{note.id}/delete"' in notes_page
    )  # a link to the question, not a button that deletes

    asked = client.get(f"/interviews/notes/{note.id}/delete")
    assert asked.status_code == 200
    assert "Delete the note?" in page_text(asked) and "För få vikarier på helgerna" in page_text(asked)
    assert 'name="confirmed" value="yes"' in asked.get_data(as_text=True)
    assert db.session.get(InterviewNote, note.id) is not None


def test_a_post_without_the_confirmation_only_asks_again(world, client, interview, write_note):
    note = _note(world, client, interview, write_note)
    response = post_form(
        client, f"/interviews/sessions/{note.session_id}/notes", {}, f"/interviews/notes/{note.id}/delete"
    )
    assert response.status_code == 200 and "Delete the note?" in page_text(response)
    db.session.expire_all()
    assert db.session.get(InterviewNote, note.id) is not None


def test_the_confirmed_deletion_deletes_the_note_and_is_logged(world, client, interview, write_note):
    note = _note(world, client, interview, write_note)
    page, notes_page = f"/interviews/notes/{note.id}/delete", f"/interviews/sessions/{note.session_id}/notes"
    response = post_form(client, page, {"confirmed": "yes"})
    assert response.status_code == 302 and response.location.endswith(notes_page)
    db.session.expire_all()
    assert db.session.scalar(select(InterviewNote)) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "interviews.note_deleted")) is not None


def test_someone_elses_note_cannot_even_be_asked_about(world, client, app, login, interview, write_note):
    group = interview.sessions[0]  # occupational health's session
    note = _note(world, client, interview, write_note)
    ohs = login(app.test_client(), world["ohs"])
    assert group.id != note.session_id
    assert ohs.get(f"/interviews/notes/{note.id}/delete").status_code == 404
    db.session.expire_all()
    assert db.session.get(InterviewNote, note.id) is not None
