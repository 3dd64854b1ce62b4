"""Indicators as a workbook: every indicator of every unit the actor may see, per period, with its target.

The figures are those of the indicators page, from ``services.indicator_tables`` (computed values win over entered
ones, survey figures only where the group is large enough to be shown, the unit's own target else the
organisation's); the units are the page's (``services.visible_units``, plus the whole organisation for HR and admin).
This module only lays them out as ``exports.workbook`` tables: it never queries and never decides who sees what.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exports.workbook import Column, OnSheet, Sheet, Table, write_workbook
from interventions.indicators import INDICATORS as CATALOGUE
from interventions.indicators import period_label, periods
from survey_app.access import ANY_ROLE
from survey_app.exporting.kinds import ExportKind, Parameters, register
from survey_app.indicators import services
from survey_app.indicators.person_figures import explanations
from survey_app.indicators.table import Row
from survey_app.models import User

Named = tuple[str, str, list[Row]]  # unit name, unit code, the unit's rows


def indicators_workbook(
    actor: User, target, today: date, root: int | None = None, kind: str = "month", on_sheet: OnSheet | None = None
) -> int:
    """The page's table for every unit the actor may see (under ``root`` if given: ``NotAllowedError`` outside the
    actor's scope) over the page's recent months, quarters or years, and every value with where it came from;
    returns the rows written."""
    units = services.visible_units(actor, under=root)
    ids: list[int | None] = [unit.id for unit in units]
    if root is None and services.can_view(actor, None):
        ids.insert(0, None)
    first, last = services.recent_range(kind, today)
    tables = services.indicator_tables(actor, ids, first, last, today, kind)
    names = {unit.id: (unit.name, unit.code) for unit in units} | {None: (_("Whole organisation"), "")}
    named: list[Named] = [(*names[unit_id], tables[unit_id]) for unit_id in ids]
    labels = [period_label(start, end) for start, end in periods(kind, first, last)]
    intro = [_("Indicators"), f"{_('Exported')}: {today.isoformat()}"]
    sheets = [_table_sheet(named, labels, intro), _values_sheet(named, intro)]
    return write_workbook(target, sheets, on_sheet=on_sheet)


def _met(row: Row) -> str:
    return "" if row.met is None else _("met") if row.met else _("not met")


def _better(row: Row) -> str:
    return _("lower is better") if row.better == "lower" else _("higher is better")


def _source(key: str | None) -> str:
    return {"computed": _("computed"), "entered": _("entered")}.get(key or "", "")


def _table_sheet(named: list[Named], labels: list[str], intro: list[str]) -> Sheet:
    """The page's table, one row per unit and indicator: a column per period, then the target and whether it is met."""
    columns = [Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Indicator"), 40), Column(_("Direction"), 16)]
    columns += [Column(label, 10, "number", "General") for label in labels]
    columns += [
        Column(_("Target"), 10, "number", "General"), Column(_("Target date"), 12, "date"),
        Column(_("Target of the whole organisation"), 14), Column(_("Target met"), 10),
        Column(_("Progress"), 10, "percent"), Column(_("Source"), 10),
    ]  # fmt: skip

    def body() -> Iterator[tuple]:
        for name, code, rows in named:
            for row in rows:
                goal = row.target
                yield (
                    name, code, _(row.label), _better(row), *(cell.value for cell in row.cells),
                    goal.value if goal else None, goal.target_on if goal else None,
                    _("Yes") if goal and goal.organisation else "", _met(row),
                    None if row.progress is None else row.progress * 100, _source(row.source),
                )  # fmt: skip

    notes = [*intro, _("Progress is how far the latest value has come from the first value shown towards the target.")]
    notes += [f"{_(CATALOGUE[key].label)}: {text}" for key, text in explanations().items()]
    return Sheet(_("Indicators"), [Table(columns, body())], intro=notes)


def _values_sheet(named: list[Named], intro: list[str]) -> Sheet:
    """Every value shown, one row each, with its period's first and last day and whether it was computed or entered."""
    columns = [
        Column(_("Unit"), 30), Column(_("Code"), 10), Column(_("Indicator"), 40), Column(_("Period"), 10),
        Column(_("First day"), 12, "date"), Column(_("Last day"), 12, "date"),
        Column(_("Value"), 10, "number", "General"), Column(_("Source"), 10),
    ]  # fmt: skip
    values = (
        (name, code, _(row.label), cell.label, cell.start, cell.end, cell.value, _source(cell.source))
        for name, code, rows in named
        for row in rows
        for cell in row.cells
        if cell.value is not None
    )
    return Sheet(_("Values"), [Table(columns, values)], intro=intro)


def indicators_rows(actor: User, parameters: Parameters, today: date) -> int:
    """About the rows ``indicators_workbook`` writes, without computing a figure: a row for every unit shown and
    indicator, and one for each of its values; ``NotAllowedError`` for a unit outside the actor's scope."""
    units = len(services.visible_units(actor, under=parameters.unit)) + 1
    first, last = services.recent_range(parameters.period or "month", today)
    return units * len(CATALOGUE) * (1 + len(periods(parameters.period or "month", first, last)))


INDICATORS = register(
    ExportKind(
        name="indicators",
        label=_l("Indicators"),
        file_word="indicators",
        roles=ANY_ROLE,
        periods=tuple(services.RECENT_PERIODS),  # by month unless asked otherwise
        estimate=indicators_rows,
        write=lambda actor, parameters, target, today, on_sheet: indicators_workbook(
            actor, target, today, parameters.unit, parameters.period, on_sheet
        ),
    )
)
