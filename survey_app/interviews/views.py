"""Interview pages, in the order HR works: plan a round, take notes in each session, compile, release to the
managers, present to the work group and record what it says."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app import clock
from survey_app.access import not_found_when_not_allowed, roles_required
from survey_app.db import db
from survey_app.downloads import download_name, xlsx_download
from survey_app.errors import DomainError, shown_again_when_expired
from survey_app.forms import show_domain_error
from survey_app.interviews import services, workbooks
from survey_app.interviews.forms import FindingForm, GuideForm, NoteForm, ReflectionForm, RoundForm, SessionForm
from survey_app.jobs.views import start_in_background
from survey_app.models import Finding, InterviewNote, InterviewRound, InterviewSession, Reflection, Role

bp = Blueprint("interviews", __name__, url_prefix="/interviews", template_folder="templates")
hr_only = roles_required(Role.HR)
note_takers = roles_required(Role.HR, Role.OHS)
readers = roles_required(Role.HR, Role.MANAGER, Role.OHS)


def _round(round_id: int) -> InterviewRound:
    return db.get_or_404(InterviewRound, round_id)


def _session(session_id: int) -> InterviewSession:
    session = db.get_or_404(InterviewSession, session_id)
    if not services.can_take_notes(current_user, session):
        abort(404)
    return session


@bp.context_processor
def helpers() -> dict:
    return {"theme_title": _theme_title}


def _theme_title(block_or_key, titles: dict | None = None) -> str:
    key = getattr(block_or_key, "key", block_or_key)
    title = getattr(block_or_key, "title", None) or (titles or {}).get(key)
    return title or _("Other")


# --- rounds ------------------------------------------------------------------------------------------------------


@bp.get("/")
@readers
def rounds():
    rounds = services.rounds_for(current_user)
    return render_template(
        "interviews/rounds.html",
        rounds=rounds,
        interviewing=services.rounds_interviewed_by(current_user),
        presentable={r.id for r in rounds if services.can_see_presentation(current_user, r)},
    )


@bp.route("/new", methods=["GET", "POST"])
@hr_only
@not_found_when_not_allowed
def new_round():
    form = RoundForm()
    others = db.session.scalars(select(InterviewRound).order_by(InterviewRound.id.desc())).all()
    form.copy_from.choices = [(None, _("The standard guide in the chosen language"))] + [
        (other.id, _("Copy the guide of %(title)s (%(unit)s)", title=other.title, unit=other.unit.name))
        for other in others
    ]
    if form.validate_on_submit():
        data = services.RoundInput(
            unit_code=form.unit_code.data,
            title=form.title.data,
            language=form.language.data,
            staff_count=form.staff_count.data,
            anonymity_threshold=form.anonymity_threshold.data,
            copy_from=form.copy_from.data,
        )
        try:
            interview = services.create_round(current_user, data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The interview round has been created. Plan its sessions next."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return render_template("interviews/round_form.html", form=form)


@bp.get("/<int:round_id>")
@note_takers
def round_detail(round_id: int):
    interview = _round(round_id)
    sessions = [s for s in interview.sessions if services.can_take_notes(current_user, s)]
    if not services.is_hr(current_user) and not sessions:
        abort(404)
    form = SessionForm(formdata=None)
    form.interviewer_id.choices = _interviewer_choices()
    return render_template(
        "interviews/round.html",
        interview=interview,
        sessions=sessions,
        coverage=services.coverage_of(interview),
        guide=services.guide_of(interview),
        form=form,
        is_hr=services.is_hr(current_user),
    )


def _interviewer_choices() -> list:
    return [(None, _("Not decided"))] + [(user.id, user.name) for user in services.interviewers()]


@bp.route("/<int:round_id>/guide", methods=["GET", "POST"])
@hr_only
@not_found_when_not_allowed
def edit_guide(round_id: int):
    from interventions.interviews import guide_to_text

    interview = _round(round_id)
    form = GuideForm()
    if request.method == "GET":
        form.guide.data = guide_to_text(services.guide_of(interview))
    if form.validate_on_submit():
        try:
            services.update_guide(current_user, interview, form.guide.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The guide has been saved."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return render_template("interviews/guide_form.html", interview=interview, form=form)


@bp.post("/<int:round_id>/sessions")
@hr_only
@not_found_when_not_allowed
def add_session(round_id: int):
    interview = _round(round_id)
    form = SessionForm()
    form.interviewer_id.choices = _interviewer_choices()
    if form.validate_on_submit():
        try:
            services.add_session(current_user, interview, _session_input(form))
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The session has been planned."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return render_template(
        "interviews/round.html",
        interview=interview,
        sessions=interview.sessions,
        coverage=services.coverage_of(interview),
        guide=services.guide_of(interview),
        form=form,
        is_hr=True,
    )


def _session_input(form: SessionForm) -> services.SessionInput:
    return services.SessionInput(
        kind=form.kind.data,
        planned_on=form.planned_on.data,
        interviewer_id=form.interviewer_id.data,
        participants=form.participants.data,
    )


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@note_takers
@not_found_when_not_allowed
def edit_session(session_id: int):
    session = _session(session_id)
    form = SessionForm(obj=session)
    form.interviewer_id.choices = _interviewer_choices()
    if form.validate_on_submit():
        try:
            services.update_session(current_user, session, _session_input(form), form.held.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("The session has been saved."), "success")
            return redirect(url_for("interviews.round_detail", round_id=session.round_id))
    return render_template("interviews/session_form.html", session=session, form=form)


# --- notes -------------------------------------------------------------------------------------------------------


def _note_form(session: InterviewSession, formdata=None) -> NoteForm:
    form = NoteForm(formdata=formdata) if formdata is not None else NoteForm()
    guide = services.guide_of(session.round)
    form.theme.choices = [(theme.key, theme.title) for theme in guide.themes] + [("other", _("Other"))]
    return form


@bp.route("/sessions/<int:session_id>/notes", methods=["GET", "POST"])
@note_takers
@not_found_when_not_allowed
def notes(session_id: int):
    session = _session(session_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    form = _note_form(session)
    if request.method == "POST":
        if form.validate_on_submit():
            data = services.NoteInput(
                theme=form.theme.data,
                text=form.text.data,
                quote=form.quote.data,
                suggestion=form.suggestion.data,
                client_key=form.client_key.data,
            )
            try:
                note, created = services.add_note(current_user, session, data)
            except DomainError as error:
                db.session.rollback()
                if wants_json:
                    return jsonify({"error": str(error.message)}), 400
                show_domain_error(form, error)
            else:
                if wants_json:
                    return jsonify({"id": note.id, "created": created, "client_key": note.client_key}), (
                        201 if created else 200
                    )
                flash(_("The note has been saved."), "success")
                return redirect(url_for("interviews.notes", session_id=session.id, theme=note.theme))
        elif wants_json:
            return jsonify({"error": _("The note could not be saved."), "fields": form.errors}), 400
    else:
        form.theme.data = request.args.get("theme") or form.theme.choices[0][0]
    if not form.client_key.data or request.method == "GET" or not form.errors:
        form.client_key.data = services.new_client_key()
    saved = services.read_session_notes(current_user, session)
    titles = dict(form.theme.choices)
    return render_template("interviews/notes.html", session=session, form=form, saved=saved, titles=titles)


@shown_again_when_expired("interviews.notes")
def notes_with_an_expired_form():
    """The page was open longer than a form token lives: show the note again, unsaved, with a fresh token."""
    if not current_user.is_authenticated or request.accept_mimetypes.best == "application/json":
        return None
    session = db.session.get(InterviewSession, (request.view_args or {}).get("session_id", 0))
    if session is None or not services.can_take_notes(current_user, session):
        return None
    form = _note_form(session, formdata=request.form)
    form.client_key.data = request.form.get("client_key") or services.new_client_key()
    form.form_errors.append(_("The page had been open a long time, so the note was not saved yet. Send it again."))
    saved = services.read_session_notes(current_user, session)
    titles = dict(form.theme.choices)
    return render_template("interviews/notes.html", session=session, form=form, saved=saved, titles=titles), 400


@bp.post("/notes/<int:note_id>/delete")
@note_takers
@not_found_when_not_allowed
def delete_note(note_id: int):
    note = db.get_or_404(InterviewNote, note_id)
    session_id = note.session_id
    services.delete_note(current_user, note)
    flash(_("The note has been deleted."), "success")
    return redirect(url_for("interviews.notes", session_id=session_id))


# --- compilation and presentations ---------------------------------------------------------------------------------


@bp.get("/<int:round_id>/compilation")
@hr_only
@not_found_when_not_allowed
def compilation(round_id: int):
    interview = _round(round_id)
    found = services.compile_round(current_user, interview, with_notes=True, today=clock.today())
    return render_template(
        "interviews/compilation.html",
        compilation=found,
        interview=interview,
        finding_form=FindingForm(formdata=None),
        reflection_form=ReflectionForm(formdata=None),
    )


@bp.post("/<int:round_id>/findings")
@hr_only
@not_found_when_not_allowed
def add_finding(round_id: int):
    interview = _round(round_id)
    form = FindingForm()
    if form.validate_on_submit():
        try:
            services.add_finding(
                current_user, interview, form.kind.data, form.theme.data, form.text.data, form.notes.data or []
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("The key finding has been added."), "success")
    else:
        flash(_("Write the finding and choose strength or risk."), "error")
    return redirect(url_for("interviews.compilation", round_id=interview.id, _anchor=f"theme-{form.theme.data}"))


@bp.post("/findings/<int:finding_id>/delete")
@hr_only
@not_found_when_not_allowed
def delete_finding(finding_id: int):
    finding = db.get_or_404(Finding, finding_id)
    round_id = finding.round_id
    services.delete_finding(current_user, finding)
    flash(_("The key finding has been removed."), "success")
    return redirect(url_for("interviews.compilation", round_id=round_id))


@bp.post("/<int:round_id>/release")
@hr_only
@not_found_when_not_allowed
def release(round_id: int):
    interview = _round(round_id)
    services.release(current_user, interview, clock.today())
    flash(_("The compilation is now visible to the unit's managers."), "success")
    return redirect(url_for("interviews.compilation", round_id=interview.id))


@bp.get("/<int:round_id>/presentation")
@readers
@not_found_when_not_allowed
def presentation(round_id: int):
    interview = _round(round_id)
    found = services.compile_round(current_user, interview, with_notes=False, today=clock.today())
    return render_template("interviews/presentation.html", compilation=found, interview=interview)


@bp.get("/<int:round_id>/compilation.xlsx")
@readers
@not_found_when_not_allowed
def export_compilation(round_id: int):
    interview = _round(round_id)
    today = clock.today()
    return xlsx_download(
        lambda target: workbooks.interviews_workbook(current_user, interview, target, today),
        download_name("interviews", today, of_round=interview),
    )


@bp.post("/<int:round_id>/compilation.xlsx/prepare")
@readers
def prepare_compilation(round_id: int):
    interview = _round(round_id)
    if not services.can_see_presentation(current_user, interview):
        abort(404)  # whom the download's workbook refuses
    return start_in_background("interviews", round_id=interview.id)


@bp.get("/<int:round_id>/work-group")
@readers
@not_found_when_not_allowed
def work_group(round_id: int):
    interview = _round(round_id)
    found = services.compile_round(current_user, interview, with_notes=False, today=clock.today())
    return render_template("interviews/work_group.html", compilation=found, interview=interview)


@bp.post("/<int:round_id>/reflections")
@hr_only
@not_found_when_not_allowed
def add_reflection(round_id: int):
    interview = _round(round_id)
    form = ReflectionForm()
    if form.validate_on_submit():
        try:
            services.add_reflection(current_user, interview, form.kind.data, form.text.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            flash(_("Saved."), "success")
    else:
        flash(_("Write what the group said."), "error")
    return redirect(url_for("interviews.compilation", round_id=interview.id, _anchor="reflections"))


@bp.post("/reflections/<int:reflection_id>/propose")
@hr_only
@not_found_when_not_allowed
def propose_step(reflection_id: int):
    reflection = db.get_or_404(Reflection, reflection_id)
    services.propose_step(current_user, reflection)
    flash(_("Added to the unit's action plan as a proposed step."), "success")
    return redirect(url_for("interviews.compilation", round_id=reflection.round_id, _anchor="reflections"))
