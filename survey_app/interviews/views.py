"""Interview pages, in the order HR works: plan a round, take notes in each session, compile, release to the
managers, present to the work group and record what it says."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interventions.interviews import shown_count
from survey_app import clock
from survey_app.access import roles_required
from survey_app.db import db
from survey_app.exporting.delivery import deliver_export
from survey_app.forms import flashed, shown_on
from survey_app.interviews import decks, pages, services, workbooks
from survey_app.interviews.forms import FindingForm, GuideForm, ReflectionForm
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
    """``theme_title`` for every interview template."""
    return {"theme_title": pages.theme_title}


@bp.app_template_filter("shown_count")
def shown_count_filter(count: int, threshold: int) -> int | None:
    """``count | shown_count(threshold)``: the count, or None for "fewer than" (``interventions``' one rule)."""
    return shown_count(count, threshold)


@bp.get("/")
@readers
def rounds():
    """The interview rounds one may open, marking those one interviews in and those whose presentation one may
    see (HR, managers, occupational health)."""
    rounds = services.rounds_for(current_user)
    return render_template(
        "interviews/rounds.html",
        rounds=rounds,
        interviewing=services.rounds_interviewed_by(current_user),
        presentable={r.id for r in rounds if services.can_see_presentation(current_user, r)},
    )


@bp.route("/new", methods=["GET", "POST"])
@hr_only
def new_round():
    """Plan an interview round for a unit (HR)."""
    form = pages.round_form()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            interview = services.create_round(current_user, pages.round_input(form))
        if outcome.ok:
            flash(_("The interview round has been created. Plan its sessions next."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return render_template("interviews/round_form.html", form=form)


@bp.get("/<int:round_id>")
@note_takers
def round_detail(round_id: int):
    """A round's sessions: HR sees them all and plans more, an interviewer sees their own (HR, occupational
    health)."""
    interview = _round(round_id)
    sessions = [s for s in interview.sessions if services.can_take_notes(current_user, s)]
    if not services.is_hr(current_user) and not sessions:
        abort(404)
    return pages.round_page(interview, sessions, pages.session_form(formdata=None), services.is_hr(current_user))


@bp.route("/<int:round_id>/guide", methods=["GET", "POST"])
@hr_only
def edit_guide(round_id: int):
    """Adapt the round's interview guide for its unit (HR)."""
    from interventions.interviews import guide_to_text

    interview = _round(round_id)
    form = GuideForm()
    if request.method == "GET":
        form.guide.data = guide_to_text(services.guide_of(interview))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.update_guide(current_user, interview, form.guide.data)
        if outcome.ok:
            flash(_("The guide has been saved."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return render_template("interviews/guide_form.html", interview=interview, form=form)


@bp.post("/<int:round_id>/sessions")
@hr_only
def add_session(round_id: int):
    """Plan a session of the round (HR)."""
    interview = _round(round_id)
    form = pages.session_form()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.add_session(current_user, interview, pages.session_input(form))
        if outcome.ok:
            flash(_("The session has been planned."), "success")
            return redirect(url_for("interviews.round_detail", round_id=interview.id))
    return pages.round_page(interview, interview.sessions, form, is_hr=True)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@note_takers
def edit_session(session_id: int):
    """Change a session's plan or mark it held (HR, or the session's interviewer)."""
    session = _session(session_id)
    form = pages.session_form(obj=session)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.update_session(current_user, session, pages.session_input(form), form.held.data)
        if outcome.ok:
            flash(_("The session has been saved."), "success")
            return redirect(url_for("interviews.round_detail", round_id=session.round_id))
    return render_template("interviews/session_form.html", session=session, form=form)


@bp.route("/sessions/<int:session_id>/notes", methods=["GET", "POST"])
@note_takers
def notes(session_id: int):
    """A session's notes and the form for the next, theme by theme; the page's script gets JSON answers (HR, or
    the session's interviewer)."""
    session, saved = _session(session_id), None
    wants_json = request.accept_mimetypes.best == "application/json"
    form = pages.note_form(session)
    if request.method != "POST":
        form.theme.data = request.args.get("theme") or form.theme.choices[0][0]
    elif form.validate_on_submit():
        with shown_on(form) as outcome:
            saved = services.add_note(current_user, session, pages.note_input(form))
        if wants_json:
            return pages.note_answer(outcome.error, saved)
        if outcome.ok:
            flash(_("The note has been saved."), "success")
            return redirect(url_for("interviews.notes", session_id=session.id, theme=saved[0].theme))
    elif wants_json:
        return pages.invalid_note_answer(form)
    if not form.client_key.data or request.method == "GET" or not form.errors:
        form.client_key.data = services.new_client_key()
    return pages.notes_page(session, form)


@bp.route("/notes/<int:note_id>/delete", methods=["GET", "POST"])
@note_takers
def delete_note(note_id: int):
    """Delete a note once it is confirmed (HR, or the session's interviewer). "Delete" on the notes page opens a page
    showing the note with a button that confirms; only that button (``confirmed=yes``) deletes. A confirmation, not
    an undo: it works without JavaScript, and an undo would mean keeping notes about people after they were deleted."""
    note = db.get_or_404(InterviewNote, note_id)
    if not services.can_take_notes(current_user, note.session):
        abort(404)
    if request.method == "GET" or request.form.get("confirmed") != "yes":
        titles = {theme.key: theme.title for theme in services.guide_of(note.session.round).themes}
        return render_template("interviews/delete_note.html", note=note, title=pages.theme_title(note.theme, titles))
    session_id = note.session_id
    services.delete_note(current_user, note)
    flash(_("The note has been deleted."), "success")
    return redirect(url_for("interviews.notes", session_id=session_id))


@bp.get("/<int:round_id>/compilation")
@hr_only
def compilation(round_id: int):
    """The round's compilation with every raw note, to draw findings from (HR; each reading is audit-logged)."""
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
def add_finding(round_id: int):
    """Add a key finding under a theme of the compilation (HR)."""
    interview = _round(round_id)
    form = FindingForm()
    if form.validate_on_submit():
        with flashed() as outcome:
            services.add_finding(
                current_user, interview, form.kind.data, form.theme.data, form.text.data, form.notes.data or []
            )
        if outcome.ok:
            flash(_("The key finding has been added."), "success")
    else:
        flash(_("Write the finding and choose strength or risk."), "error")
    return redirect(url_for("interviews.compilation", round_id=interview.id, _anchor=f"theme-{form.theme.data}"))


@bp.post("/findings/<int:finding_id>/delete")
@hr_only
def delete_finding(finding_id: int):
    """Remove a key finding (HR)."""
    finding = db.get_or_404(Finding, finding_id)
    round_id = finding.round_id
    services.delete_finding(current_user, finding)
    flash(_("The key finding has been removed."), "success")
    return redirect(url_for("interviews.compilation", round_id=round_id))


@bp.post("/<int:round_id>/release")
@hr_only
def release(round_id: int):
    """Release the compilation to the unit's managers and occupational health (HR)."""
    interview = _round(round_id)
    services.release(current_user, interview, clock.today())
    flash(_("The compilation is now visible to the unit's managers."), "success")
    return redirect(url_for("interviews.compilation", round_id=interview.id))


@bp.get("/<int:round_id>/presentation")
@readers
def presentation(round_id: int):
    """The compilation without raw notes: themes, counts, findings and redacted quotes (HR; once released, the
    unit's managers and occupational health)."""
    interview = _round(round_id)
    found = services.compile_round(current_user, interview, with_notes=False, today=clock.today())
    return render_template("interviews/presentation.html", compilation=found, interview=interview)


@bp.get("/<int:round_id>/compilation.xlsx")
@roles_required(*workbooks.INTERVIEWS.roles)
def export_compilation(round_id: int):
    """The compilation as a workbook (HR; once released, the unit's managers and occupational health)."""
    interview = _round(round_id)
    return deliver_export(current_user, workbooks.INTERVIEWS, clock.today(), round_id=interview.id)


@bp.get("/<int:round_id>/deck-managers.pptx")
@roles_required(*decks.DECK_MANAGERS.roles)
def export_managers_deck(round_id: int):
    """The managers' meeting as a PowerPoint deck, in the round's language (whoever may see the presentation)."""
    interview = _round(round_id)
    return deliver_export(current_user, decks.DECK_MANAGERS, clock.today(), round_id=interview.id)


@bp.get("/<int:round_id>/work-group")
@readers
def work_group(round_id: int):
    """The work-group meeting's slides: the themes raised widely enough to show (whoever may see the
    presentation)."""
    interview = _round(round_id)
    found = services.compile_round(current_user, interview, with_notes=False, today=clock.today())
    return render_template("interviews/work_group.html", compilation=found, interview=interview)


@bp.get("/<int:round_id>/deck-work-group.pptx")
@roles_required(*decks.DECK_WORK_GROUP.roles)
def export_work_group_deck(round_id: int):
    """The work-group meeting as a PowerPoint deck, in the round's language (whoever may see the presentation)."""
    interview = _round(round_id)
    return deliver_export(current_user, decks.DECK_WORK_GROUP, clock.today(), round_id=interview.id)


@bp.post("/<int:round_id>/reflections")
@hr_only
def add_reflection(round_id: int):
    """Record what the work group said: a reflection or a suggestion (HR)."""
    interview = _round(round_id)
    form = ReflectionForm()
    if form.validate_on_submit():
        with flashed() as outcome:
            services.add_reflection(current_user, interview, form.kind.data, form.text.data)
        if outcome.ok:
            flash(_("Saved."), "success")
    else:
        flash(_("Write what the group said."), "error")
    return redirect(url_for("interviews.compilation", round_id=interview.id, _anchor="reflections"))


@bp.post("/reflections/<int:reflection_id>/propose")
@hr_only
def propose_step(reflection_id: int):
    """Turn what the work group said into a proposed step of the unit's action plan (HR)."""
    reflection = db.get_or_404(Reflection, reflection_id)
    services.propose_step(current_user, reflection)
    flash(_("Added to the unit's action plan as a proposed step."), "success")
    return redirect(url_for("interviews.compilation", round_id=reflection.round_id, _anchor="reflections"))
