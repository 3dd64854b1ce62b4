"""Indicators for goals and follow-up, whether a target is met, and the periods indicator values are kept for.

The list follows the Finnish follow-up guidance (docs/method.md, "Indicators": sick absence and partial sick absence,
early-support talks and network meetings held, people in vocational rehabilitation, risk and near-miss reports,
occupational accidents, (partial) disability pensions, the cost of work disability, work-health survey results) and the
absence measures of docs/absence-figures.md (sick absence as a share of working time, short-term absence = days 1–14,
the Finnish municipal standard of sick days per person-year) with sick-leave spells per employee, the frequency the talk
triggers look at (docs/absence-rules.md). Survey indicators are SKR's HME index and its three sub-indices (0–100) and
work ability (0–10), as scored by ``interventions.scoring``.

Each indicator says where its values come from (``source``): computed from imported absence, counted from logged
early-support talks and network meetings, computed from survey results, or entered by HR.

Periods are whole months ("2026-03"), quarters ("2026-Q1") or years ("2026"); ``parse_period`` reads them, raising
``PeriodError`` (``message`` marked with ``N_``, ``params`` for its ``%(name)s`` placeholders) for anything else.

Plain Python, standard library only: this module never imports Flask, SQLAlchemy or ``survey_app`` and never
computes an indicator's value from data (the caller does, and passes plain numbers).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from interventions.i18n import N_

__all__ = [
    "INDICATORS",
    "PERIOD_KINDS",
    "Indicator",
    "PeriodError",
    "parse_period",
    "period_label",
    "periods",
    "progress",
    "target_met",
]

_UNITS = ("percent", "days", "count", "rate", "index", "currency")  # rate: a fraction per person, e.g. 0.15
_DIRECTIONS = ("lower", "higher")
_SOURCES = ("absence", "support_events", "survey", "entered")


@dataclass(frozen=True)
class Indicator:
    """One indicator: its key, English label (marked with ``N_``), unit, which direction is better and its source."""

    key: str
    label: str
    unit: str  # one of _UNITS
    better: str  # "lower" or "higher"
    source: str  # one of _SOURCES


def _indicators(*rows: tuple[str, str, str, str, str]) -> Mapping[str, Indicator]:
    return MappingProxyType({row[0]: Indicator(*row) for row in rows})


INDICATORS: Mapping[str, Indicator] = _indicators(
    ("sick_absence_pct", N_("Sick absence (share of working time)"), "percent", "lower", "absence"),
    ("short_term_absence_pct", N_("Short-term sick absence (share of working time)"), "percent", "lower", "absence"),
    # A higher share of sick days taken as partial leave means more people keep a link to work (Finnish practice).
    ("partial_sick_leave_pct", N_("Partial sick leave (share of sick days)"), "percent", "higher", "absence"),
    ("sick_days_per_person_year", N_("Sick days per person-year"), "days", "lower", "absence"),
    # Frequency, not length: repeated short spells are what the Swedish and Finnish talk triggers look for.
    ("spells_per_employee", N_("Sick-leave spells per employee"), "rate", "lower", "absence"),
    ("early_support_talks", N_("Early-support talks held"), "count", "higher", "support_events"),
    ("network_meetings", N_("Network meetings held"), "count", "higher", "support_events"),
    # Early vocational rehabilitation and active risk reporting are measures taken, so more is better.
    ("vocational_rehabilitation", N_("People in vocational rehabilitation"), "count", "higher", "entered"),
    ("risk_reports", N_("Risk and near-miss reports"), "count", "higher", "entered"),
    ("accidents", N_("Occupational accidents"), "count", "lower", "entered"),
    ("disability_pensions", N_("New (partial) disability pensions"), "count", "lower", "entered"),
    ("work_disability_cost", N_("Cost of work disability"), "currency", "lower", "entered"),
    ("hme_total", N_("HME index (sustainable employee engagement)"), "index", "higher", "survey"),
    ("hme_motivation", N_("HME motivation"), "index", "higher", "survey"),
    ("hme_leadership", N_("HME leadership"), "index", "higher", "survey"),
    ("hme_steering", N_("HME steering"), "index", "higher", "survey"),
    ("work_ability", N_("Work ability (0–10)"), "index", "higher", "survey"),
)


def _check_better(better: str) -> None:
    if better not in _DIRECTIONS:
        raise ValueError(f"better must be 'lower' or 'higher', not {better!r}")


def target_met(value: float, target: float, better: str) -> bool:
    """Whether ``value`` reaches ``target``: at or below it when lower is better, at or above it when higher is
    better. ``ValueError`` for any other ``better``."""
    _check_better(better)
    return value <= target if better == "lower" else value >= target


def progress(baseline: float | None, value: float | None, target: float, better: str) -> float | None:
    """The share of the way from ``baseline`` to ``target`` that ``value`` has come: (value − baseline) /
    (target − baseline). 0 at the baseline, 1 at the target, above 1 beyond it, negative when the value moved away
    from the target. The formula holds for both directions; ``better`` is only checked (``ValueError`` unless
    "lower" or "higher"). ``None`` when the baseline or the value is missing or the baseline equals the target."""
    _check_better(better)
    if baseline is None or value is None or baseline == target:
        return None
    return (value - baseline) / (target - baseline)


# --- periods ----------------------------------------------------------------------------------------------------------

PERIOD_KINDS: tuple[str, ...] = ("month", "quarter", "year")

_BAD_PERIOD = N_('"%(text)s" is not a period. Write a month (2026-03), a quarter (2026-Q1) or a year (2026).')
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-[Qq]([1-4])")
_YEAR = re.compile(r"[0-9]{4}")


class PeriodError(ValueError):
    """Text that is not a month, quarter or year. ``message`` is the untranslated English text (marked with ``N_``),
    ``params`` the values for its placeholders; ``str(error)`` is the filled-in English message."""

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(message % self.params if self.params else message)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span(kind: str, year: int, number: int) -> tuple[date, date]:
    """The first and last day of month or quarter ``number`` of ``year``, or of the whole year."""
    if kind == "month":
        return date(year, number, 1), _month_end(year, number)
    if kind == "quarter":
        return date(year, 3 * number - 2, 1), _month_end(year, 3 * number)
    return date(year, 1, 1), date(year, 12, 31)


def parse_period(text: str) -> tuple[date, date]:
    """The first and last day of a period written as a month ("2026-03"), a quarter ("2026-Q1" or "2026-q1") or a
    year ("2026"); surrounding whitespace is ignored, years run from 0001 to 9999. ``PeriodError`` for anything
    else."""
    stripped = text.strip()
    try:
        if match := _MONTH.fullmatch(stripped):
            return _span("month", int(match[1]), int(match[2]))
        if match := _QUARTER.fullmatch(stripped):
            return _span("quarter", int(match[1]), int(match[2]))
        if _YEAR.fullmatch(stripped):
            return _span("year", int(stripped), 1)
    except ValueError:  # month 00 or 13, year 0000
        pass
    raise PeriodError(_BAD_PERIOD, {"text": text})


def period_label(start: date, end: date) -> str:
    """The period's name: "2026-03" for a whole month, "2026-Q1" for a whole quarter, "2026" for a whole year (the
    inverse of ``parse_period``), otherwise "2026-03-05–2026-04-20" with an en dash. ``ValueError`` if ``end`` is
    before ``start``."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    year, month = start.year, start.month
    if start.day == 1 and end.year == year:
        if (start, end) == _span("year", year, 1):
            return f"{year:04d}"
        if month % 3 == 1 and end == _span("quarter", year, month // 3 + 1)[1]:
            return f"{year:04d}-Q{month // 3 + 1}"
        if end == _month_end(year, month):
            return f"{year:04d}-{month:02d}"
    return f"{start.isoformat()}–{end.isoformat()}"


def _kind_start(kind: str, day: date) -> tuple[int, int]:
    """The (year, number) of the month, quarter or year that contains ``day``."""
    if kind == "month":
        return day.year, day.month
    if kind == "quarter":
        return day.year, (day.month - 1) // 3 + 1
    return day.year, 1


def periods(kind: str, first: date, last: date) -> list[tuple[date, date]]:
    """Consecutive whole months, quarters or years (``kind`` in ``PERIOD_KINDS``) from the one containing ``first``
    to the one containing ``last``, as (first day, last day) pairs. ``ValueError`` for an unknown kind or ``last``
    before ``first``."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind: {kind!r}")
    if last < first:
        raise ValueError("last cannot be before first")
    per_year = {"month": 12, "quarter": 4, "year": 1}[kind]
    year, number = _kind_start(kind, first)
    result = [_span(kind, year, number)]
    while result[-1][1] < last:
        year, number = (year + 1, 1) if number == per_year else (year, number + 1)
        result.append(_span(kind, year, number))
    return result
