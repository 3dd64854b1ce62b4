"""What the interview pages are built from, besides their routes (``views.py``): the forms' choices, the services'
typed inputs, the pages drawn again with a refused form, and the notes page's JSON answers for its script.

Reads only: every write goes through ``services`` from a route. The notes page drawn again after its form token
expired lives here too, registered with ``errors.CSRF_RECOVERY``.
"""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app.db import db
from survey_app.errors import DomainError, shown_again_when_expired
from survey_app.interviews import services
from survey_app.interviews.forms import NoteForm, RoundForm, SessionForm
from survey_app.models import InterviewNote, InterviewRound, InterviewSession


def theme_title(block_or_key, titles: dict | None = None) -> str:
    """A theme's title: the block's own, the guide's, or "Other"."""
    key = getattr(block_or_key, "key", block_or_key)
    title = getattr(block_or_key, "title", None) or (titles or {}).get(key)
    return title or _("Other")


def round_form() -> RoundForm:
    """The new round's form, offering every earlier round's guide to copy."""
    form = RoundForm()
    others = db.session.scalars(select(InterviewRound).order_by(InterviewRound.id.desc())).all()
    form.copy_from.choices = [(None, _("The standard guide in the chosen language"))] + [
        (other.id, _("Copy the guide of %(title)s (%(unit)s)", title=other.title, unit=other.unit.name))
        for other in others
    ]
    return form


def round_input(form: RoundForm) -> services.RoundInput:
    """The new round as the service takes it."""
    return services.RoundInput(
        unit_code=form.unit_code.data,
        title=form.title.data,
        language=form.language.data,
        staff_count=form.staff_count.data,
        anonymity_threshold=form.anonymity_threshold.data,
        copy_from=form.copy_from.data,
    )


def session_form(**kwargs) -> SessionForm:
    """A session's form, with the people who may interview as choices."""
    form = SessionForm(**kwargs)
    people = [(user.id, user.name) for user in services.interviewers()]
    form.interviewer_id.choices = [(None, _("Not decided")), *people]
    return form


def session_input(form: SessionForm) -> services.SessionInput:
    """The session as the service takes it."""
    return services.SessionInput(
        kind=form.kind.data,
        planned_on=form.planned_on.data,
        interviewer_id=form.interviewer_id.data,
        participants=form.participants.data,
    )


def round_page(interview: InterviewRound, sessions: list[InterviewSession], form: SessionForm, is_hr: bool):
    """The round's page: its sessions, coverage and guide, and the form to plan a session."""
    return render_template(
        "interviews/round.html",
        interview=interview,
        sessions=sessions,
        coverage=services.coverage_of(interview),
        guide=services.guide_of(interview),
        form=form,
        is_hr=is_hr,
    )


def note_form(session: InterviewSession, formdata=None) -> NoteForm:
    """The note form, offering the themes of the session's guide and "Other"."""
    form = NoteForm(formdata=formdata) if formdata is not None else NoteForm()
    guide = services.guide_of(session.round)
    form.theme.choices = [(theme.key, theme.title) for theme in guide.themes] + [("other", _("Other"))]
    return form


def note_input(form: NoteForm) -> services.NoteInput:
    """The note as the service takes it."""
    return services.NoteInput(
        theme=form.theme.data,
        text=form.text.data,
        quote=form.quote.data,
        suggestion=form.suggestion.data,
        client_key=form.client_key.data,
        shareable=form.shareable.data,
    )


def notes_page(session: InterviewSession, form: NoteForm):
    """The session's notes page: the saved notes and the note form as it stands."""
    saved = services.read_session_notes(current_user, session)
    titles = dict(form.theme.choices)
    return render_template("interviews/notes.html", session=session, form=form, saved=saved, titles=titles)


def note_answer(error: DomainError | None, saved: tuple[InterviewNote, bool] | None):
    """The notes script's answer to a valid form: the stored note (201 when new), or why it was not stored."""
    if error is not None:
        return jsonify({"error": str(error.message)}), 400
    note, created = saved
    return jsonify({"id": note.id, "created": created, "client_key": note.client_key}), (201 if created else 200)


def invalid_note_answer(form: NoteForm):
    """The notes script's answer to a form that did not validate: each field's errors."""
    return jsonify({"error": _("The note could not be saved."), "fields": form.errors}), 400


@shown_again_when_expired("interviews.notes")
def notes_with_an_expired_form():
    """The page was open longer than a form token lives: show the note again, unsaved, with a fresh token."""
    if not current_user.is_authenticated or request.accept_mimetypes.best == "application/json":
        return None
    session = db.session.get(InterviewSession, (request.view_args or {}).get("session_id", 0))
    if session is None or not services.can_take_notes(current_user, session):
        return None
    form = note_form(session, formdata=request.form)
    form.client_key.data = request.form.get("client_key") or services.new_client_key()
    form.form_errors.append(_("The page had been open a long time, so the note was not saved yet. Send it again."))
    return notes_page(session, form), 400
