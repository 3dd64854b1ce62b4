"""The absence overview's rows: each unit's figures for the period, its short-term trend and its signals, from the
statistics the caller may see (``services.statistics``). Rearranges only: every figure and every withholding
decision is the statistics' own, so a row the statistics leave out (the organisation's total that would give others
away) has no trend either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from interventions.absence import UnitMonth, UnitSignal
from survey_app.absence.services import Statistics

TREND_MONTHS = 6


@dataclass(frozen=True)
class UnitRow:
    """One row of the overview: its place (from 1), the unit ("" the organisation), its figures for the period, its
    short-term absence % in each of the trend's months (None where there is no figure) and the latest month's
    signals."""

    rank: int
    unit: str
    figures: UnitMonth
    trend: tuple[float | None, ...]
    signals: tuple[UnitSignal, ...]


@dataclass(frozen=True)
class Overview:
    """The period's first month, the trend's months, every row in rank order, and the rows with signals."""

    first: date
    months: tuple[date, ...]
    rows: tuple[UnitRow, ...]

    @property
    def signalled(self) -> tuple[UnitRow, ...]:
        """The rows whose unit calls for contact, in rank order: what the page puts first."""
        return tuple(row for row in self.rows if row.signals)


def overview(found: Statistics, period: str) -> Overview:
    """The rows of the period ("month", "quarter", "year"), ranked as ``Statistics.ranked`` ranks them."""
    first, ranked = found.ranked(period)
    months = tuple(sorted({m.month for m in found.months})[-TREND_MONTHS:])
    by_month = {(m.unit, m.month): m.short_term_pct for m in found.months}
    signals: dict[str, list[UnitSignal]] = {}
    for signal in found.signals:
        signals.setdefault(signal.unit, []).append(signal)
    rows = tuple(
        UnitRow(rank, m.unit, m, tuple(by_month.get((m.unit, month)) for month in months), (*signals.get(m.unit, []),))
        for rank, m in enumerate(ranked, start=1)
    )
    return Overview(first, months, rows)
