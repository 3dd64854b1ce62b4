"""Survey results for people who act on them: the rounds, the HR heatmap and a unit's report.

Every figure comes from ``services.round_results`` (the one query layer shared with the API and the exports), so the
anonymity rules are applied once. Results appear only once a round has closed: figures that change while people are
still answering would let a reader tell one person's answers apart by comparing two visits.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from survey_app import clock
from survey_app.access import ANY_ROLE, not_found_when_not_allowed, roles_required, unit_or_404, unit_scope
from survey_app.db import db
from survey_app.downloads import download_name, xlsx_download
from survey_app.jobs.views import start_in_background
from survey_app.models import RoundUnit, SurveyRound
from survey_app.results import report, workbooks
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.services import previous_round, round_results

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates")


@bp.context_processor
def formatting() -> dict:
    return {"number": report.number, "signed": report.signed}


def _visible_rounds() -> list[SurveyRound]:
    query = select(SurveyRound).order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
    scope = unit_scope(current_user)
    if scope is not None:
        query = query.where(SurveyRound.id.in_(select(RoundUnit.round_id).where(RoundUnit.unit_id.in_(scope))))
    return list(db.session.scalars(query))


def _round_or_404(round_id: int) -> SurveyRound:
    survey = db.session.get(SurveyRound, round_id)
    if survey is None:
        abort(404)
    scope = unit_scope(current_user)
    if scope is not None:
        touches = select(RoundUnit.id).where(RoundUnit.round_id == round_id, RoundUnit.unit_id.in_(scope)).limit(1)
        if db.session.scalar(touches) is None:
            abort(404)
    return survey


@bp.get("/")
@roles_required(*ANY_ROLE)
def rounds():
    today = clock.today()
    return render_template("results/rounds.html", rounds=_visible_rounds(), today=today)


@bp.get("/<int:round_id>")
@roles_required(*ANY_ROLE)
def overview(round_id: int):
    survey = _round_or_404(round_id)
    if survey.status_on(clock.today()) != "closed":
        return render_template("results/not_yet.html", survey=survey)
    scope = unit_scope(current_user)
    root = request.args.get("unit", type=int)
    if root is not None:
        unit_or_404(current_user, root)
    results = round_results(survey, items=False)
    sort = request.args.get("sort", "")
    if sort not in (*report.SORTABLE, *results.figures()):
        sort = ""
    descending = request.args.get("order") == "desc"
    rows = report.heat_rows(results, scope, root, sort, descending)
    trail = _trail(results, root, scope)
    return render_template(
        "results/overview.html",
        survey=survey,
        results=results,
        figures=[(key, report.figure_label(key)) for key in results.figures()],
        rows=rows,
        organisation=report.organisation_row(results),
        root=root,
        trail=trail,
        sort=sort,
        descending=descending,
        legend=report.heat_legend(),
    )


def _trail(results, root: int | None, scope) -> list[tuple[int, str]]:
    """The drill-down path from the top to ``root``, only through units the reader may see."""
    trail = []
    node = root
    while node is not None:
        if scope is None or node in scope:
            trail.append((node, results.names[node]))
        node = results.parents.get(node)
    return list(reversed(trail))


@bp.get("/<int:round_id>/results.xlsx")
@roles_required(*ANY_ROLE)
@not_found_when_not_allowed
def export_results(round_id: int):
    return _download(round_id, workbooks.results_workbook, "results")


@bp.get("/<int:round_id>/comments.xlsx")
@roles_required(*ANY_ROLE)
@not_found_when_not_allowed
def export_comments(round_id: int):
    return _download(round_id, workbooks.comments_workbook, "free-text")


@bp.post("/<int:round_id>/results.xlsx/prepare")
@roles_required(*ANY_ROLE)
def prepare_results(round_id: int):
    return _prepare(round_id, "results")


@bp.post("/<int:round_id>/comments.xlsx/prepare")
@roles_required(*ANY_ROLE)
def prepare_comments(round_id: int):
    return _prepare(round_id, "comments")


def _prepare(round_id: int, kind: str):
    """The same workbook as the download, prepared in the background (the job applies the reader's scope again)."""
    survey = _round_or_404(round_id)
    if survey.status_on(clock.today()) != "closed":
        return render_template("results/not_yet.html", survey=survey)
    return start_in_background(kind, round_id=survey.id, unit=request.args.get("unit", type=int))


def _download(round_id: int, workbook, name: str):
    """A round's workbook for the reader's scope (``?unit=`` narrows it to a subtree); nothing before it closes."""
    survey = _round_or_404(round_id)
    root = request.args.get("unit", type=int)
    today = clock.today()
    if survey.status_on(today) != "closed":
        return render_template("results/not_yet.html", survey=survey)
    return xlsx_download(
        lambda target: workbook(current_user, survey, target, today, root),
        download_name(name, today, of_round=survey, unit_id=root),
    )


@bp.get("/<int:round_id>/organisation")
@roles_required(*ANY_ROLE)
def organisation_report(round_id: int):
    if unit_scope(current_user) is not None:
        abort(404)
    return _report(round_id, ORGANISATION)


@bp.get("/<int:round_id>/units/<int:unit_id>")
@roles_required(*ANY_ROLE)
def unit_report(round_id: int, unit_id: int):
    unit_or_404(current_user, unit_id)
    return _report(round_id, unit_id)


def _report(round_id: int, node):
    survey = _round_or_404(round_id)
    if survey.status_on(clock.today()) != "closed":
        return render_template("results/not_yet.html", survey=survey)
    results = round_results(survey)
    if node not in results.units:
        abort(404)
    earlier = previous_round(survey)
    previous = round_results(earlier, items=False) if earlier else None
    result = results.units[node]
    scope = unit_scope(current_user)
    parent_id = results.parents.get(node) if node != ORGANISATION else None
    parent_label = results.names[parent_id] if parent_id is not None else None
    children = sorted(
        (
            (unit_id, results.names[unit_id], results.units[unit_id])
            for unit_id, parent in results.parents.items()
            if parent == (None if node == ORGANISATION else node)
            and (scope is None or unit_id in scope)
            and results.units[unit_id].headcount
        ),
        key=lambda entry: entry[1].casefold(),
    )
    strengths, risks = report.highlight_rows(results, node) if not result.suppressed else ([], [])
    return render_template(
        "results/report.html",
        survey=survey,
        results=results,
        node=node,
        name=results.names[node] if node != ORGANISATION else _("Whole organisation"),
        result=result,
        previous=earlier,
        parent_id=parent_id if parent_id is not None and (scope is None or parent_id in scope) else None,
        parent_label=parent_label,
        groups=report.figure_groups(results, node, previous, parent_label) if not result.suppressed else [],
        sections=report.item_sections(results, node),
        strengths=strengths,
        risks=risks,
        free_text=report.free_text(results, node, in_page=True) if not result.suppressed else None,
        comments_hidden=report.comments_hidden_message(results, node),
        children=children,
        hidden=report.hidden_message(result, survey.anonymity_threshold) if result.suppressed else None,
    )
