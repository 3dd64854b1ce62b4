"""Notes taken in a session: stored exactly once, read by HR and the session's interviewer only, every read
audit-logged."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interventions.interviews import OTHER
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.interviews.services.permissions import can_take_notes, require
from survey_app.interviews.services.planning import guide_of
from survey_app.models import InterviewNote, InterviewSession, User

NOTE_MAX = 2000


def new_client_key() -> str:
    """A fresh key for a note form, so that sending it twice stores the note once."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class NoteInput:
    """What the interviewer types for one note."""

    theme: str
    text: str
    quote: bool
    suggestion: bool
    client_key: str
    shareable: bool = False  # the participant agreed that this may be shown to the manager


def add_note(actor: User, session: InterviewSession, data: NoteInput) -> tuple[InterviewNote, bool]:
    """Store a note once: a note sent again with the same client key (a double tap, a retry after a lost
    connection) returns the stored one. Returns (note, created)."""
    require(can_take_notes(actor, session))
    key = (data.client_key or "").strip()
    if not 16 <= len(key) <= 64 or not key.replace("-", "").isalnum():
        raise DomainError(_l("The note could not be matched to its form. Reload the page and try again."), "text")
    existing = db.session.scalar(
        select(InterviewNote).where(InterviewNote.session_id == session.id, InterviewNote.client_key == key)
    )
    if existing is not None:
        return existing, False
    text = (data.text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise DomainError(_l("Write the note first."), "text")
    if len(text) > NOTE_MAX:
        raise DomainError(_l("Keep a note to at most %(n)d characters.", n=NOTE_MAX), "text")
    themes = set(guide_of(session.round).keys()) | {OTHER}
    if data.theme not in themes:
        raise DomainError(_l("Choose a theme from the guide."), "theme")
    note = InterviewNote(
        session=session,
        theme=data.theme,
        text=text,
        quote=data.quote,
        suggestion=data.suggestion,
        shareable=bool(data.shareable),
        client_key=key,
    )
    db.session.add(note)
    db.session.flush()
    record(actor, "interviews.note_added", "interview_note", note.id, session=session.id)
    db.session.commit()
    return note, True


def delete_note(actor: User, note: InterviewNote) -> None:
    """Delete a note (HR or the session's interviewer); the deletion is audit-logged."""
    require(can_take_notes(actor, note.session))
    record(actor, "interviews.note_deleted", "interview_note", note.id, session=note.session_id)
    db.session.delete(note)
    db.session.commit()


def read_session_notes(actor: User, session: InterviewSession) -> list[InterviewNote]:
    """A session's raw notes, for HR or its interviewer; the read is audit-logged."""
    require(can_take_notes(actor, session))
    record_read(actor, "interviews.notes_read", "interview_session", session.id, notes=len(session.notes))
    return list(session.notes)
