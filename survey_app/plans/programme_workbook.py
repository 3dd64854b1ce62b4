"""The programme as a whole as a workbook (export kind "programme"): every case with its estimates, and the totals
and comparisons with the sentence saying how each was computed, the same figures as the page (``plans.programme``).

Everything comes from ``programme.programme`` (which refuses anyone but HR and admin); this module only lays it out
as ``exports.workbook`` tables, whose text cells can never become formulas.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exports.workbook import Column, OnSheet, Sheet, Table, Typed, write_workbook
from interventions.effect import MEASURES
from interventions.plans import STAGE_LABELS
from survey_app.exporting.kinds import ExportKind, register
from survey_app.models import Role, User
from survey_app.plans import programme as figures
from survey_app.plans.effect import MEASURE_LABELS, verdict_text
from survey_app.plans.effect_survey import index_verdict_text
from survey_app.results.report import HME_TOTAL_LABEL

ROLES = (Role.HR, Role.ADMIN)


def programme_workbook(actor: User, target, today: date, on_sheet: OnSheet | None = None) -> int:
    """A sheet of the programme's figures with how each was computed and a sheet of every case; returns the rows."""
    found = figures.programme(actor, today)
    summary = figures.summary(found)
    intro = [_("The programme as a whole"), f"{_('Exported')}: {today.isoformat()}"]
    totals = Table(
        [Column(_("Figure"), 50), Column(_("Value"), 14, "number", "#,##0.0"), Column(_("Unit"), 24),
         Column(_("How it was computed"), 90)],
        [(f.what, None if f.value is None else Typed(f.value, f.kind), f.unit, f.how) for f in summary],
    )  # fmt: skip
    return write_workbook(
        target,
        [Sheet(_("Programme"), [totals], intro=intro), _cases_sheet(found, intro)],
        on_sheet=on_sheet,
    )


def _stage(key: str) -> str:
    return _(STAGE_LABELS[key]) if key in STAGE_LABELS else key


def _cases_sheet(found: figures.Programme, intro: list[str]) -> Sheet:
    columns = [
        Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Case"), 8, "integer"), Column(_("Stage"), 20),
        Column(_("Opened"), 12, "date"), Column(_("Closed"), 12, "date"), Column(_("Effect counted from"), 12, "date"),
        Column(_("Steps done"), 8, "integer"), Column(_("Steps"), 8, "integer"),
        Column(_("Steps all followed up"), 10),
    ]  # fmt: skip
    numbers = (
        (_("change per employee and year"), 14, "0.0"), (_("interval from"), 12, "0.0"),
        (_("interval to"), 12, "0.0"), (_("days"), 12, "0"), (_("money"), 14, "#,##0"),
    )  # fmt: skip
    why = _("why the data cannot say")
    for measure in MEASURES:
        label = str(MEASURE_LABELS[measure])
        columns += [Column(f"{label}: {heading}", width, "number", form) for heading, width, form in numbers]
        columns.append(Column(f"{label}: {why}", 50))
    hme = str(HME_TOTAL_LABEL)
    columns += [
        Column(f"{hme}: {heading}", 12, "number", "0.0")
        for heading in (_("change in points"), _("interval from"), _("interval to"))
    ]
    columns.append(Column(f"{hme}: {why}", 50))

    def body() -> Iterator[tuple]:
        for row in found.cases:
            case = row.case
            values: list[object] = [
                case.unit.name, case.unit.code, case.id, _stage(case.stage), case.opened_on, case.closed_on,
                row.start, row.progress.done, row.progress.total, _("Yes") if row.followed_up else _("No"),
            ]  # fmt: skip
            for measure in MEASURES:
                e = row.estimates[measure]
                values += [e.change_per_employee_year, e.low, e.high, e.days, e.cost, verdict_text(e)]
            hme = row.survey
            values += [hme.change, hme.low, hme.high, index_verdict_text(hme)]
            yield tuple(values)

    intro = [*intro, str(figures.HOW["case"]), str(figures.HOW["intervals"])]
    return Sheet(_("Cases"), [Table(columns, body())], intro=intro)


PROGRAMME = register(
    ExportKind(
        name="programme",
        label=_l("The programme as a whole"),
        file_word="programme",
        roles=ROLES,
        by_unit=False,
        write=lambda actor, parameters, target, today, on_sheet: programme_workbook(actor, target, today, on_sheet),
    )
)
