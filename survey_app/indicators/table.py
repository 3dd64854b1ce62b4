"""The indicators page's table laid out from plain values: a cell per period, a row per indicator.

Pure: no query, no Flask. ``services.indicator_table`` loads the values and calls ``cell`` and ``row``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from interventions.indicators import Indicator, period_label, progress, target_met

#: Units whose values add up over a period (a quarter's talks are its months' talks); the others take the latest.
SUMMED_UNITS = ("count", "currency")


@dataclass(frozen=True)
class Entered:
    """A value HR entered, for a month, a quarter or a year."""

    period_start: date
    period_end: date
    value: float


@dataclass(frozen=True)
class Cell:
    """One indicator's value for one period."""

    start: date
    end: date
    label: str  # "2026-03", "2026-Q1", "2026"
    value: float | None
    source: str | None  # "computed", "entered", or None without a value


@dataclass(frozen=True)
class Target:
    """Where the indicator should be, and by when."""

    value: float
    target_on: date
    organisation: bool  # the organisation's target, standing in for a unit without its own


@dataclass(frozen=True)
class Row:
    """One indicator on the page."""

    key: str
    label: str  # English, marked with N_: translate at the edge
    unit: str
    better: str
    source: str  # where the latest value came from: "computed" or "entered"
    cells: tuple[Cell, ...]
    latest: Cell | None
    previous: float | None  # the value one period before the latest
    target: Target | None
    met: bool | None  # None without a value or a target
    progress: float | None  # from the first value shown towards the target; None with fewer than two values


def combined(indicator: Indicator, values: list[tuple[date, float]]) -> float:
    """Several values inside one period: their sum for counts and money, else the latest (a rate or an index)."""
    if indicator.unit in SUMMED_UNITS:
        return sum(value for _, value in values)
    return max(values, key=lambda pair: pair[0])[1]


def cell(indicator: Indicator, span: tuple[date, date], computed: Mapping[date, float], entered: list[Entered]) -> Cell:
    """One period's value: computed (months added up or the latest), else entered for exactly the period, else
    entered for periods inside it; a count of talks or meetings is 0 when none was logged."""
    start, end = span
    label = period_label(start, end)
    inside = [(month, value) for month, value in computed.items() if start <= month <= end]
    if inside:
        return Cell(start, end, label, combined(indicator, inside), "computed")
    if indicator.source == "support_events":  # counted: no talk logged in the period is zero talks
        return Cell(start, end, label, 0.0, "computed")
    exact = [entry.value for entry in entered if (entry.period_start, entry.period_end) == span]
    if exact:
        return Cell(start, end, label, exact[-1], "entered")
    within = [(e.period_start, e.value) for e in entered if start <= e.period_start and e.period_end <= end]
    if within:
        return Cell(start, end, label, combined(indicator, within), "entered")
    return Cell(start, end, label, None, None)


def row(indicator: Indicator, cells: tuple[Cell, ...], target: Target | None) -> Row:
    """An indicator's row: the latest value and the one a period before it, whether the target is met, and the
    progress from the first value shown towards the target."""
    shown = [index for index, item in enumerate(cells) if item.value is not None]
    latest = cells[shown[-1]] if shown else None
    previous = cells[shown[-1] - 1].value if shown and shown[-1] > 0 else None
    baseline = cells[shown[0]].value if shown else None
    met = progressed = None
    if latest is not None and target is not None:
        met = target_met(latest.value, target.value, indicator.better)  # type: ignore[arg-type]
        if len(shown) > 1:  # one value alone has not moved anywhere yet
            progressed = progress(baseline, latest.value, target.value, indicator.better)
    computed_kind = "computed" if indicator.source in ("support_events", "person_track", "survey") else "entered"
    source = latest.source if latest is not None and latest.source else computed_kind
    found = (indicator.key, indicator.label, indicator.unit, indicator.better, source)
    return Row(*found, cells, latest, previous, target, met, progressed)
