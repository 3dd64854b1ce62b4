"""HR's survey pages: rounds, their lifecycle (draft, preview, open, edit, extend, close early, delete),
distribution (links, posters, codes) and response counts."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app import clock
from survey_app.access import roles_required
from survey_app.db import db
from survey_app.downloads import download_name, xlsx_download
from survey_app.forms import caught, flashed, shown_on
from survey_app.importing import ImportRejectedError
from survey_app.models import Role, RoundUnit, SurveyRound
from survey_app.surveys import code_lists, held, lifecycle, services
from survey_app.surveys.content import localized, pages
from survey_app.surveys.forms import CodesForm, ConfirmForm, ExtendForm, RoundForm
from survey_app.surveys.links import answer_url, code_url, codes_csv, short_url
from survey_app.surveys.short_codes import grouped

bp = Blueprint("surveys", __name__, url_prefix="/surveys", template_folder="templates")
hr_only = roles_required(Role.HR, Role.ADMIN)


def _round_input(form: RoundForm) -> services.RoundInput:
    titles = form.titles
    return services.RoundInput(
        title=next(iter(titles.values()), ""),
        titles=titles,
        root_code=form.root_code.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        languages=tuple(form.languages.data or ()),
        anonymity_threshold=form.anonymity_threshold.data,
        comment_threshold=form.comment_threshold.data,
        sections=tuple(form.sections.data or ()),
        own_statements=form.own_statements.data or "",
        own_questions=form.own_questions.data or "",
    )


def _round_unit(survey: SurveyRound, unit_id: int) -> RoundUnit:
    return db.first_or_404(select(RoundUnit).where(RoundUnit.round_id == survey.id, RoundUnit.unit_id == unit_id))


@bp.get("/")
@hr_only
def rounds():
    """Every survey round with its dates, status and responses (HR, administrators)."""
    return render_template("surveys/rounds.html", rows=services.rounds_overview(), today=clock.today())


@bp.route("/new", methods=["GET", "POST"])
@hr_only
def new_round():
    """Create a survey round for the workplaces below a unit, or in the whole organisation (HR, administrators)."""
    form = RoundForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            survey = services.create_round(current_user, _round_input(form), clock.today())
        if outcome.ok:
            flash(
                _(
                    "The survey round has been saved as a draft for %(n)d workplaces: preview it, then open it to "
                    "respondents.",
                    n=len(survey.units),
                ),
                "success",
            )
            return redirect(url_for("surveys.round_detail", round_id=survey.id))
    return render_template("surveys/round_form.html", form=form, survey=None)


@bp.get("/<int:round_id>")
@hr_only
def round_detail(round_id: int):
    """A round's distribution: each workplace's link, poster, codes and responses so far (HR, administrators)."""
    return _round_page(db.get_or_404(SurveyRound, round_id))


def _round_page(survey: SurveyRound, error=None, problems=()):
    today = clock.today()
    return render_template(
        "surveys/round.html",
        survey=survey,
        rows=services.progress(survey),
        today=today,
        rules=lifecycle.round_rules(survey, today),
        extend_form=ExtendForm(),
        codes_form=CodesForm(),
        answer_url=answer_url,
        code_url=code_url,
        short_url=short_url,
        grouped=grouped,
        link_open=held.link_open,
        smallest_linked=held.smallest_linked_headcount(survey),
        error=error,
        problems=problems,
    )


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@hr_only
def edit_round(round_id: int):
    """Change anything about a round until its first answer arrives (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    rules = lifecycle.round_rules(survey, clock.today())
    if not rules.can_edit:
        flash(str(rules.why_not_edit), "error")
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    form = RoundForm.of(survey)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            lifecycle.edit_round(current_user, survey, _round_input(form), clock.today())
        if outcome.ok:
            flash(_("The survey round has been saved."), "success")
            return redirect(url_for("surveys.round_detail", round_id=round_id))
    return render_template("surveys/round_form.html", form=form, survey=survey)


@bp.post("/<int:round_id>/open")
@hr_only
def open_round(round_id: int):
    """Open a draft to respondents: from its first day they can answer (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    with flashed() as outcome:
        status = lifecycle.open_round(current_user, survey, clock.today())
    if outcome.ok:
        when = _("Respondents can answer now.") if status == "open" else _("Respondents can answer from its first day.")
        flash(when, "success")
    return redirect(url_for("surveys.round_detail", round_id=round_id))


@bp.post("/<int:round_id>/extend")
@hr_only
def extend_round(round_id: int):
    """Move a scheduled or open round's closing date later (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    form = ExtendForm()
    closes_on = form.closes_on.data if form.validate_on_submit() else None
    with flashed() as outcome:
        lifecycle.extend_round(current_user, survey, closes_on, clock.today())
    if outcome.ok:
        flash(_("The round now closes on %(day)s.", day=survey.closes_on.isoformat()), "success")
    return redirect(url_for("surveys.round_detail", round_id=round_id))


@bp.get("/<int:round_id>/close")
@hr_only
def confirm_close(round_id: int):
    """Ask before closing an open round early (HR, administrators)."""
    return _confirm_page(round_id, "close")


@bp.post("/<int:round_id>/close")
@hr_only
def close_round(round_id: int):
    """Close an open round today, once confirmed: its results can be read from today (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("surveys/confirm.html", survey=survey, step="close", form=form)
    with flashed() as outcome:
        lifecycle.close_round_early(current_user, survey, clock.today())
    if outcome.ok:
        flash(_("The round has closed: respondents can no longer answer."), "success")
    return redirect(url_for("surveys.round_detail", round_id=round_id))


@bp.get("/<int:round_id>/delete")
@hr_only
def confirm_delete(round_id: int):
    """Ask before deleting a draft round (HR, administrators)."""
    return _confirm_page(round_id, "delete")


@bp.post("/<int:round_id>/delete")
@hr_only
def delete_round(round_id: int):
    """Delete a draft round once confirmed (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("surveys/confirm.html", survey=survey, step="delete", form=form)
    with flashed() as outcome:
        lifecycle.delete_draft(current_user, survey, clock.today())
    if not outcome.ok:
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for("surveys.rounds"))


@bp.get("/<int:round_id>/preview/<int:number>")
@hr_only
def preview(round_id: int, number: int):
    """A page of the questionnaire as respondents see it, in ``?lang=`` (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    questionnaire = pages(survey.content)
    if not 1 <= number <= len(questionnaire):
        return redirect(url_for("surveys.preview", round_id=round_id, number=1))
    language = request.args.get("lang") if request.args.get("lang") in survey.languages else survey.languages[0]
    return render_template(
        "surveys/preview.html",
        survey=survey,
        page=questionnaire[number - 1],
        number=number,
        total=len(questionnaire),
        language=language,
        localized=localized,
    )


@bp.post("/<int:round_id>/code-list")
@hr_only
def codes_from_list(round_id: int):
    """Codes for many workplaces from a code list, handed out once as a workbook; a list with a wrong row makes
    none and lists the problems (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    upload = request.files.get("code_list")
    data = upload.read(code_lists.CODE_LIST_MAX_BYTES + 1) if upload and upload.filename else None
    if data is None:
        flash(_("Choose a code list to upload."), "error")
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    secret, today = current_app.config["SECRET_KEY"], clock.today()
    with caught(ImportRejectedError) as outcome:
        return xlsx_download(
            lambda target: code_lists.create_codes_from_list(
                current_user, survey, data, upload.filename, secret, today, target
            ),
            download_name("codes", today, of_round=survey),
        )
    return _round_page(survey, outcome.error.message, outcome.error.problems), 422  # refused: no file, its rows


@bp.post("/<int:round_id>/units/<int:unit_id>/codes")
@hr_only
def create_codes(round_id: int, unit_id: int):
    """Codes for one workplace, handed out once as CSV; only their hashes are kept (HR, administrators)."""
    survey = db.get_or_404(SurveyRound, round_id)
    round_unit = _round_unit(survey, unit_id)
    form = CodesForm()
    if not form.validate_on_submit():
        flash(_("Ask for 1 to %(n)d codes at a time.", n=services.MAX_CODES), "error")
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    plain = services.create_codes(
        current_user, round_unit, form.count.data, current_app.config["SECRET_KEY"], clock.today()
    )
    filename = download_name("codes", clock.today(), of_round=survey, unit_id=round_unit.unit_id, suffix="csv")
    return Response(
        codes_csv(round_unit, plain),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/<int:round_id>/units/<int:unit_id>/held/accept")
@hr_only
def accept_held(round_id: int, unit_id: int):
    """Count a workplace's held link answers from now on, while the round is open (HR, administrators)."""
    round_unit = _round_unit(db.get_or_404(SurveyRound, round_id), unit_id)
    with flashed() as outcome:
        accepted, still_held = held.accept_held(current_user, round_unit, clock.today())
    if outcome.ok:
        flash(_("%(n)d held answers now count.", n=accepted), "success")
        if still_held:
            flash(_("%(n)d stay held: the workplace cannot count more link answers than its headcount.", n=still_held))
    return redirect(url_for("surveys.round_detail", round_id=round_id))


def _confirm_page(round_id: int, step: str):
    """The page that asks before ``step`` ("close" or "delete"), or the round page with the reason it cannot be."""
    survey = db.get_or_404(SurveyRound, round_id)
    rules = lifecycle.round_rules(survey, clock.today())
    if not getattr(rules, f"can_{step}"):
        flash(str(getattr(rules, f"why_not_{step}")), "error")
        return redirect(url_for("surveys.round_detail", round_id=round_id))
    return render_template("surveys/confirm.html", survey=survey, step=step, form=ConfirmForm())
