"""Survey results as workbooks: the same figures, suppression and unit scope as the pages, in the reader's language.

Everything here renders what the gate (``services.results_for``: closed rounds only, the reader's scope) and
``report`` already decided — a hidden group stays hidden, free text appears only above its own threshold and
redacted — and converts it into ``exports.workbook`` tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from sqlalchemy import func, select

from exports.workbook import Chart, Column, OnSheet, Sheet, Table, Typed, write_workbook
from survey_app.access import ANY_ROLE
from survey_app.db import db
from survey_app.exporting.kinds import ExportKind, Parameters, register
from survey_app.models import Answer, SurveyResponse, SurveyRound, User
from survey_app.results import heatmap, report
from survey_app.results.figures import ORGANISATION, RoundResults
from survey_app.results.services import previous_results, results_for
from survey_app.results.sums import counted_in

#: Answer categories a question's distribution usually has (the five-point scales), for an export's row estimate.
CATEGORIES_PER_QUESTION = 5
#: Finding an answer's themes takes about as long as writing this many rows (3,000 answers: about 2 s).
THEMES_COST_IN_ROWS = 6


def results_workbook(
    actor: User, survey: SurveyRound, target, today: date, root: int | None = None, on_sheet: OnSheet | None = None
) -> int:
    """A summary, the heatmap and one sheet per unit the actor may see (under ``root`` if given); returns the rows
    written. Results exist only for closed rounds, as on the pages."""
    readable = results_for(actor, survey, today, root)
    results, scope = readable.results, readable.scope
    previous = previous_results(readable, today)
    rows = heatmap.heat_rows(results, scope, root, "", False)
    nodes = ([ORGANISATION] if scope is None and root is None else []) + [row.unit_id for row in rows]
    sheets = [_summary(results, today), _heatmap(results, rows, scope is None and root is None)]
    sheets += [_unit_sheet(results, previous, node) for node in nodes if not results.units[node].suppressed]
    return write_workbook(target, sheets, on_sheet=on_sheet)


def comments_workbook(
    actor: User, survey: SurveyRound, target, today: date, root: int | None = None, on_sheet: OnSheet | None = None
) -> int:
    """Free text of every unit the actor may see whose group reaches the free-text threshold: themes as the report
    shows them (title, category, polarity, size, quotes: ``themes.display``), then every answer by question —
    redacted, never in the order given."""
    readable = results_for(actor, survey, today, root)
    results, scope = readable.results, readable.scope
    rows = heatmap.heat_rows(results, scope, root, "", False)
    nodes = ([ORGANISATION] if scope is None and root is None else []) + [row.unit_id for row in rows]
    found = [(node, report.free_text(results, node)) for node in nodes]
    found = [(node, text) for node, text in found if text is not None and text.total]
    threshold = readable.thresholds.free_text
    intro = [survey.title, _("Free text is shown only for groups with at least %(n)d answers.", n=threshold)]
    themes = Table(
        [Column(_("Unit"), 30), Column(_("Theme"), 40), Column(_("Category"), 24), Column(_("Polarity"), 12),
         Column(_("Answers"), 10, "integer"), Column(_("Quotes"), 80)],
        [(_name(results, node), theme.title, theme.category, theme.polarity_label, theme.size, "\n".join(theme.quotes))
         for node, text in found for theme in text.themes],
        title=_("Themes"),
    )  # fmt: skip
    answers = Table(
        [Column(_("Unit"), 30), Column(_("Question"), 40), Column(_("Answer"), 80)],
        [(_name(results, node), question, answer)
         for node, text in found for question, texts in text.by_question for answer in texts],
        title=_("Every answer"),
    )  # fmt: skip
    return write_workbook(target, [Sheet(_("Free text"), [themes, answers], intro=intro)], on_sheet=on_sheet)


def _name(results: RoundResults, node) -> str:
    return _("Whole organisation") if node == ORGANISATION else results.names[node]


def _summary(results: RoundResults, today: date) -> Sheet:
    survey, thresholds = results.survey, results.thresholds
    organisation = results.units.get(ORGANISATION)
    facts = [
        (_("Survey round"), survey.title),
        (_("Opens"), survey.opens_on),
        (_("Closes"), survey.closes_on),
        (_("Anonymity threshold"), thresholds.anonymity),
        (_("Free-text threshold"), thresholds.free_text),
        (_("Exported"), today),
    ]
    if organisation is not None and not organisation.suppressed:
        facts += [(_("Invited"), organisation.headcount), (_("Answers"), organisation.responses)]
        facts += [(_("Response rate"), Typed(organisation.response_rate, "percent"))]
    intro = [_("Results are shown for groups with at least %(n)d answers.", n=thresholds.anonymity)]
    return Sheet(_("Summary"), [Table([Column(_("What"), 28), Column(_("Value"), 40, "integer")], facts)], intro)


def _heatmap(results: RoundResults, rows, with_organisation: bool) -> Sheet:
    figures = results.figures()
    columns = [Column(_("Unit"), 34), Column(_("Code"), 12), Column(_("Answers"), 9, "integer"),
               Column(_("Response rate"), 10, "percent")]  # fmt: skip
    columns += [Column(report.figure_label(key), 12, "number") for key in figures]
    columns += [Column(pgettext("remark", "Note"), 50)]

    def body() -> Iterator[tuple]:
        if with_organisation:
            yield _heat_row(results, _("Whole organisation"), "", results.units[ORGANISATION], figures)
        for row in rows:
            yield _heat_row(results, "  " * row.depth + row.name, row.code, row.result, figures, row.moved)

    scale = list(range(4, 4 + len(figures)))
    intro = [results.survey.title, _("Scores 0–100: higher is better. Hidden groups have too few answers.")]
    return Sheet(_("Heatmap"), [Table(columns, body(), colour_scale=scale)], intro=intro)


def _heat_row(
    results: RoundResults, name: str, code: str, result, figures: list[str], moved: str | None = None
) -> tuple:
    hidden = report.hidden_message(result, results.thresholds.anonymity) if result.suppressed else None
    note = " ".join(text for text in (hidden, moved) if text)
    scores = [result.score(key) for key in figures]
    return (name, code, result.responses, result.response_rate, *scores, note)


def _unit_sheet(results: RoundResults, previous: RoundResults | None, node) -> Sheet:
    result = results.units[node]
    parent_id = results.parents.get(node) if node != ORGANISATION else None
    parent = results.units.get(parent_id) if parent_id is not None else None
    organisation = results.units[ORGANISATION] if node != ORGANISATION else None
    before = previous.units.get(node) if previous else None
    parent_name = results.names[parent_id] if parent_id is not None else _("Parent unit")
    scores = Table(
        [Column(_("Figure"), 40), Column(_("Score"), 10, "number"),
         Column(pgettext("difference", "Change"), 10, "number"), Column(parent_name, 14, "number"),
         Column(_("Whole organisation"), 14, "number")],
        [(report.figure_label(key), result.score(key),
          _change(result.score(key), before.score(key) if before else None),
          parent.score(key) if parent else None, organisation.score(key) if organisation else None)
         for key in results.figures()],
        title=_("Scores"),
        charts=[Chart(_("Scores 0–100"), 0, (1,), y_max=100)],
    )  # fmt: skip
    questions = Table(
        [Column(_("Section"), 24), Column(_("Question"), 50), Column(_("Answered"), 10, "integer"),
         Column(_("Score"), 10, "number"), Column(_("Answer"), 28), Column(_("Count"), 9, "integer"),
         Column(_("Share"), 9, "percent")],
        [(section.title, item.text, item.answered, item.score, category.label, category.count, category.percent)
         for section in report.item_sections(results, node) for item in section.items
         for category in item.categories],
        title=_("Every question: how the answers were distributed"),
    )  # fmt: skip
    intro = [
        _name(results, node),
        _("%(answers)d answers of %(invited)d invited.", answers=result.responses or 0, invited=result.headcount),
    ]
    return Sheet(_name(results, node), [scores, questions], intro=intro)


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def results_rows(actor: User, parameters: Parameters, today: date) -> int:
    """About the rows ``results_workbook`` writes, without writing it: a heatmap row, and a sheet of figures and
    answer categories for every unit shown; refused as the workbook is."""
    readable = results_for(actor, parameters.of_round, today, parameters.unit, items=False)
    results = readable.results
    rows = heatmap.heat_rows(results, readable.scope, parameters.unit, "", False)
    sheets = 1 + sum(not row.result.suppressed for row in rows)
    return len(rows) + sheets * (len(results.figures()) + CATEGORIES_PER_QUESTION * len(results.scale.items))


def comments_rows(actor: User, parameters: Parameters, today: date) -> int:
    """About the rows ``comments_workbook`` writes, without writing it: every free-text answer of the units shown,
    once for its own unit and once for each level above it, each also clustered into themes there (counted as
    ``THEMES_COST_IN_ROWS`` rows more); refused as the workbook is."""
    readable = results_for(actor, parameters.of_round, today, parameters.unit, items=False)
    rows = heatmap.heat_rows(readable.results, readable.scope, parameters.unit, "", False)
    answers = (
        select(func.count())
        .select_from(Answer)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(counted_in(parameters.of_round.id), Answer.text.is_not(None))
        .where(SurveyResponse.unit_id.in_([row.unit_id for row in rows]))
    )
    levels = 2 + max((row.depth for row in rows), default=0)
    return (db.session.scalar(answers) or 0) * levels * (1 + THEMES_COST_IN_ROWS)


RESULTS = register(
    ExportKind(
        name="results",
        label=_l("Survey results"),
        file_word="results",
        roles=ANY_ROLE,
        round_kind="survey",
        estimate=results_rows,
        write=lambda actor, parameters, target, today, on_sheet: results_workbook(
            actor, parameters.of_round, target, today, parameters.unit, on_sheet
        ),
    )
)
COMMENTS = register(
    ExportKind(
        name="comments",
        label=_l("Free-text answers"),
        file_word="free-text",
        roles=ANY_ROLE,
        round_kind="survey",
        estimate=comments_rows,
        write=lambda actor, parameters, target, today, on_sheet: comments_workbook(
            actor, parameters.of_round, target, today, parameters.unit, on_sheet
        ),
    )
)
