"""Survey results for people who act on them: the rounds, the HR heatmap and a unit's report.

Every figure comes through the gate in ``services`` (``results_for``, shared with the API and the exports), which
refuses a round or unit outside the reader's scope (404) and a round that has not closed (the "not yet" page), and
returns figures whose small groups are already hidden.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required, unit_or_404, unit_scope
from survey_app.db import db
from survey_app.exporting.delivery import deliver_export
from survey_app.exporting.kinds import ExportKind
from survey_app.models import SurveyRound
from survey_app.results import heatmap, report, workbooks
from survey_app.results.figures import ORGANISATION
from survey_app.results.services import (
    RoundNotClosedError,
    previous_results,
    readable_rounds,
    results_for,
)

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates")


@bp.context_processor
def formatting() -> dict:
    """Number formatting for every results template: ``number``, ``percent`` and ``signed``."""
    return {"number": report.number, "signed": report.signed, "percent": report.percent}


@bp.errorhandler(RoundNotClosedError)
def not_yet(refusal: RoundNotClosedError):
    """A round that has not closed has no figures yet: every results page and download says when they come."""
    survey = refusal.survey
    return render_template("results/not_yet.html", survey=survey, status=survey.status_on(clock.today()))


def _round_or_404(round_id: int) -> SurveyRound:
    survey = db.session.get(SurveyRound, round_id)
    if survey is None:
        abort(404)
    return survey


@bp.get("/")
@roles_required(*ANY_ROLE)
def rounds():
    """The rounds the reader may open, newest first, whether closed yet or not (every role, their units' rounds)."""
    today = clock.today()
    return render_template("results/rounds.html", rounds=readable_rounds(current_user), today=today)


@bp.get("/<int:round_id>")
@roles_required(*ANY_ROLE)
def overview(round_id: int):
    """A round's heatmap of the units in the reader's scope, drilled down with ``?unit=`` and sorted by any
    figure (every role)."""
    root = request.args.get("unit", type=int)
    readable = results_for(current_user, _round_or_404(round_id), clock.today(), root, items=False)
    results = readable.results
    sort = request.args.get("sort", "")
    if sort not in (*heatmap.SORTABLE, *results.figures()):
        sort = ""
    descending = request.args.get("order") == "desc"
    return render_template(
        "results/overview.html",
        survey=results.survey,
        results=results,
        measures=heatmap.measures(results),
        rows=heatmap.heat_rows(results, readable.scope, root, sort, descending),
        organisation=heatmap.organisation_row(results),
        root=root,
        trail=_trail(results, root, readable.scope),
        sort=sort,
        descending=descending,
        legend=heatmap.heat_legend(),
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
@roles_required(*workbooks.RESULTS.roles)
def export_results(round_id: int):
    """A round's results as a workbook, for the reader's scope or the subtree of ``?unit=`` (every role)."""
    return _download(round_id, workbooks.RESULTS)


@bp.get("/<int:round_id>/comments.xlsx")
@roles_required(*workbooks.COMMENTS.roles)
def export_comments(round_id: int):
    """A round's free-text answers as a workbook, for the reader's scope or the subtree of ``?unit=`` (every role)."""
    return _download(round_id, workbooks.COMMENTS)


def _download(round_id: int, kind: ExportKind):
    """A round's workbook for the reader's scope (``?unit=`` narrows it to a subtree); nothing before it closes."""
    survey = _round_or_404(round_id)
    root = request.args.get("unit", type=int)
    return deliver_export(current_user, kind, clock.today(), round_id=survey.id, unit=root)


@bp.get("/<int:round_id>/organisation")
@roles_required(*ANY_ROLE)
def organisation_report(round_id: int):
    """The whole organisation's report (admin and HR; anyone else gets 404)."""
    if unit_scope(current_user) is not None:
        abort(404)
    return _report(round_id, ORGANISATION)


@bp.get("/<int:round_id>/units/<int:unit_id>")
@roles_required(*ANY_ROLE)
def unit_report(round_id: int, unit_id: int):
    """A unit's report: its figures beside its parent's and the organisation's, every question, strengths and
    risks, free text and the units below (every role, units in their scope)."""
    unit_or_404(current_user, unit_id)
    return _report(round_id, unit_id)


def _report(round_id: int, node):
    today = clock.today()
    readable = results_for(current_user, _round_or_404(round_id), today, None if node == ORGANISATION else node)
    results, scope = readable.results, readable.scope
    previous = previous_results(readable, today)
    result = results.units[node]
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
        survey=results.survey,
        results=results,
        node=node,
        name=results.names[node] if node != ORGANISATION else _("Whole organisation"),
        result=result,
        previous=previous.survey if previous else None,
        parent_id=parent_id if parent_id is not None and (scope is None or parent_id in scope) else None,
        parent_label=parent_label,
        groups=report.figure_groups(results, node, previous, parent_label) if not result.suppressed else [],
        sections=report.item_sections(results, node),
        strengths=strengths,
        risks=risks,
        free_text=report.free_text(results, node, in_page=True) if not result.suppressed else None,
        comments_hidden=report.comments_hidden_message(results, node),
        children=children,
        moved=report.moved_note(results, node),
        hidden=report.hidden_message(result, readable.thresholds.anonymity) if result.suppressed else None,
    )
