"""The periods indicator values are kept for: whole months ("2026-03"), quarters ("2026-Q1") and years ("2026")."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from interventions.i18n import N_

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
