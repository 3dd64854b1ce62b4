"""Absence statistics and signals as a workbook: the overview's and the signals page's figures, scoped as they are.

Everything comes from ``services.statistics`` and ``services.person_signals_for`` (the same thresholds, periods and
ratios as the pages, and their audit entries); this module only converts them into ``exports.workbook`` tables. Person
signals carry the pseudonymous employee id, the rule, the date and when the talk was held — never a diagnosis, which
Omtanke does not hold. A manager's workbook holds what their pages show: their own units and the organisation's total.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

from exports.workbook import Chart, Column, OnSheet, Sheet, Table, write_workbook
from survey_app.absence.labels import (
    COUNTING_LABELS,
    GROUP_LABELS,
    SIGNAL_LABELS,
    UNIT_SIGNAL_LABELS,
    WITHHELD_REASONS,
    label,
)
from survey_app.absence.services import RATIO_PERIODS, Statistics, person_signals_for, statistics
from survey_app.access import NotAllowedError, can_see_unit, descendant_ids
from survey_app.audit import record_read
from survey_app.exporting.kinds import ExportKind, register
from survey_app.models import Role, User


def absence_workbook(actor: User, target, today: date, root: int | None = None, on_sheet: OnSheet | None = None) -> int:
    """Unit statistics for the latest month, quarter and year, the months one by one, the organisation's ratios by sex
    and age band, unit signals and person signals (under ``root`` if given); returns the rows written."""
    found = statistics(actor, today)  # a manager's holds their own units and the organisation's total only
    codes = _codes_under(actor, found, root)
    signals = [(signal, talked) for signal, talked in person_signals_for(actor, today) if _in(codes, signal.unit)]
    periods = {period: found.ranked(period) for period in RATIO_PERIODS}  # (first month, units ranked)
    sheets = [
        _units(found, periods, codes),
        _months(found, codes, root),
        _ratios(found, periods),
        _unit_signals(found, codes),
        _person_signals(found, signals),
    ]
    written = write_workbook(target, sheets, on_sheet=on_sheet)
    record_read(actor, "absence.exported", "absence", None, unit=root, rows=written)
    return written


def _codes_under(actor: User, found: Statistics, root: int | None) -> frozenset[str] | None:
    """The codes of ``root`` and the units below it (None: every unit); a unit that is not there is refused."""
    if root is None:
        return None
    if root not in found.ids.values() or not can_see_unit(actor, root):
        raise NotAllowedError
    below = descendant_ids([root])
    return frozenset(code for code, unit_id in found.ids.items() if unit_id in below)


def _in(codes: frozenset[str] | None, code: str) -> bool:
    return codes is None or code in codes


def _name(found: Statistics, code: str) -> str:
    return found.names.get(code, code) if code else _("Whole organisation")


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def _figure_columns() -> list[Column]:
    return [
        Column(_("Employees (average)"), 12, "number"),
        Column(_("Short-term absence"), 12, "percent"),
        Column(_("Sick absence"), 12, "percent"),
        Column(_("Sick days per person-year"), 14, "number"),
        Column(_("Share in long spells (60+ days)"), 14, "percent"),
    ]


def _figures(month) -> tuple:
    return (month.employees, month.short_term_pct, month.sick_pct, month.days_per_person_year, month.long_share_pct)


def _units(found: Statistics, periods: dict, codes: frozenset[str] | None) -> Sheet:
    signals = defaultdict(list)
    for signal in found.signals:
        signals[signal.unit].append(label(UNIT_SIGNAL_LABELS, signal.rule))
    columns = [Column(_("Unit"), 34), Column(_("Code"), 12), *_figure_columns(), Column(_("Signals"), 40)]
    tables = []
    for first, ranked in periods.values():
        rows = [(_name(found, m.unit), m.unit, *_figures(m), ", ".join(signals.get(m.unit, [])))
                for m in ranked if m.unit == "" or _in(codes, m.unit)]  # fmt: skip
        title = _("Absence per unit, %(first)s – %(last)s", first=_month(first), last=_month(found.month))
        tables.append(Table(columns, rows, title=title, colour_scale=[3], reverse_scale=True))
    intro = [
        _(
            "Units ranked by short-term absence in %(month)s (days 1–14 of each spell, as a share of working time). "
            "Special-category data: every view is logged.",
            month=_month(found.month),
        )
    ]
    return Sheet(_("Unit statistics"), tables, intro=intro)


def _months(found: Statistics, codes: frozenset[str] | None, root: int | None) -> Sheet:
    months = sorted({m.month for m in found.months})
    short = {(m.unit, m.month): m.short_term_pct for m in found.months}
    series = [""] if found.organisation_total else []  # a manager may be shown their units without the total
    if root is not None:
        series.insert(0, next(code for code, unit_id in found.ids.items() if unit_id == root))
    trend = Table(
        [Column(_("Month"), 10), *(Column(_name(found, code), 16, "percent") for code in series)],
        [(_month(month), *(short.get((code, month)) for code in series)) for month in months],
        title=_("Short-term absence month by month"),
        charts=[Chart(_("Short-term absence"), 0, tuple(range(1, len(series) + 1)), kind="line", y_title="%")],
    )
    every = Table(
        [Column(_("Unit"), 34), Column(_("Code"), 12), Column(_("Month"), 10), *_figure_columns()],
        [(_name(found, m.unit), m.unit, _month(m.month), *_figures(m))
         for m in sorted(found.months, key=lambda m: (m.unit != "", _name(found, m.unit).casefold(), m.month))
         if m.unit == "" or _in(codes, m.unit)],
        title=_("Every unit, month by month"),
    )  # fmt: skip
    return Sheet(_("Months"), [trend, every] if series else [every])


def _ratios(found: Statistics, periods: dict) -> Sheet:
    columns = [
        Column(_("Group"), 24),
        Column(_("Employees (average)"), 12, "integer"),
        Column(_("Sick absence"), 12, "percent"),
        Column(_("Share in long spells (60+ days)"), 14, "percent"),
        Column(pgettext("remark", "Note"), 60),
    ]
    tables = []
    for period, (first, _ranked) in periods.items():
        rows = [(label(GROUP_LABELS, r.group), r.employees or None, r.sick_pct, r.long_share_pct,
                 label(WITHHELD_REASONS, r.reason) if r.sick_pct is None else "")
                for r in found.ratios[period]]  # fmt: skip
        dates = {"first": _month(first), "last": _month(found.month)}
        if found.organisation_wide:
            title = _("Whole organisation, %(first)s – %(last)s", **dates)
        else:
            title = _("Your units, %(first)s – %(last)s", **dates)
        tables.append(Table(columns, rows, title=title))
    intro = [
        _(
            "The ratios a Swedish municipality reports in its annual accounts: sick time as a share of ordinary "
            "working time, for the whole organisation. A group of ten employees or fewer is not shown."
        )
        if found.organisation_wide
        else _(
            "The ratios a Swedish municipality reports in its annual accounts: sick time as a share of ordinary "
            "working time, here for your units only. A group of ten employees or fewer is not shown."
        )
    ]
    return Sheet(_("Sex and age band"), tables, intro=intro)


def _unit_signals(found: Statistics, codes: frozenset[str] | None) -> Sheet:
    table = Table(
        [Column(_("Unit"), 34), Column(_("Code"), 12), Column(_("Signal"), 30), Column(_("Month"), 10),
         Column(_("Short-term absence"), 12, "percent"),
         Column(pgettext("reference value", "Compared with"), 12, "percent")],
        [(_name(found, s.unit), s.unit, label(UNIT_SIGNAL_LABELS, s.rule), _month(s.month), s.value, s.reference)
         for s in found.signals if _in(codes, s.unit)],
    )  # fmt: skip
    return Sheet(_("Unit signals"), [table])


def _person_signals(found: Statistics, signals: list) -> Sheet:
    table = Table(
        [Column(_("Employee"), 14), Column(_("Unit"), 34), Column(_("Code"), 12), Column(_("Signal"), 50),
         Column(_("Date"), 12, "date"), Column(_("Counted in"), 30), Column(_("Value"), 10, "number", "General"),
         Column(_("Talk held on"), 14, "date")],
        [(s.employee, _name(found, s.unit), s.unit, label(SIGNAL_LABELS, s.rule), s.on,
          label(COUNTING_LABELS, s.counting) if s.counting else "", s.value, talked)
         for s, talked in sorted(signals, key=lambda entry: (entry[0].unit, entry[0].employee, entry[0].on))],
    )  # fmt: skip
    intro = [
        _(
            "Employees whose absence calls for a talk, by pseudonymous id. Shown only to HR and the employee’s "
            "manager; every view is logged. Record only that the talk was held — no health details."
        ),
        _("A warning signal asks only that the absence be followed: no talk is recorded for it."),
    ]
    return Sheet(_("Person signals"), [table], intro=intro)


ABSENCE = register(
    ExportKind(
        name="absence",
        label=_l("Sickness absence statistics and signals"),
        file_word="absence",
        roles=(Role.HR, Role.ADMIN, Role.MANAGER),
        write=lambda actor, parameters, target, today, on_sheet: absence_workbook(
            actor, target, today, parameters.unit, on_sheet
        ),
    )
)
