"""A unit's absence month by month or over any period: sick days, short-term days, days of long episodes, episodes
started and the ratios of them, computed from the spell table and summed up the organisation's tree of units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from interventions.absence.months import month_end, month_of, months_spanned
from interventions.absence.rules import AbsenceRules
from interventions.absence.spells import Episode
from interventions.absence.table import SpellTable, as_table, day_number, overlap_days


@dataclass(frozen=True)
class Staffing:
    """Employees (headcount or FTE) of one unit in one month (its first day)."""

    unit: str
    month: date
    employees: float


@dataclass(frozen=True)
class UnitMonth:
    """One unit's absence in one month. Day counts are extent-weighted; ``long_spell_days`` are days of episodes of at
    least ``long_spell_min_days`` sick days; ``spells`` counts episodes starting in the month. Ratios are None
    without employees (or, for ``long_share_pct``, without sick days)."""

    unit: str
    month: date
    employees: float
    sick_days: float
    short_term_days: float
    long_spell_days: float
    spells: int
    sick_pct: float | None  # sick_days / (employees × days in month) × 100
    short_term_pct: float | None
    long_share_pct: float | None  # share of sick days in long episodes
    days_per_person_year: float | None  # sick_days / employees × 365 / days in month (the Finnish measure)
    leave_days: float = 0.0  # calendar sick days, whatever the extent
    partial_days: float = 0.0  # calendar sick days at an extent under 100 % (partial sick leave)

    @property
    def partial_share_pct(self) -> float | None:
        """The share of calendar sick days on partial sick leave (Finnish follow-up guidance, docs/method.md); None
        without sick days."""
        return self.partial_days * 100 / self.leave_days if self.leave_days > 0 else None

    @property
    def spells_per_employee(self) -> float | None:
        """Episodes started in the period per employee (its average staffing); None without employees."""
        return self.spells / self.employees if self.employees > 0 else None


def absence_ratios(sick: float, short: float, long: float, employee_days: float) -> tuple[float | None, ...]:
    """Sick %, short-term %, long share % and days per person-year from sums; None where undefined."""
    long_share = long * 100 / sick if sick > 0 else None
    if employee_days <= 0:
        return None, None, long_share, None
    return sick * 100 / employee_days, short * 100 / employee_days, long_share, sick * 365 / employee_days


def aggregate(months: Iterable[UnitMonth], unit: str, start: date, end: date) -> UnitMonth:
    """One unit's months whose first day lies in [start, end] (a quarter, a year) summed, then the same ratios, as a
    ``UnitMonth`` dated ``start``'s month; ``employees`` is the day-weighted mean over the months found."""
    picked = [m for m in months if m.unit == unit and start <= m.month <= end]
    employee_days = sum(m.employees * month_end(m.month).day for m in picked)
    calendar_days = sum(month_end(m.month).day for m in picked)
    sick, short, long = (sum(getattr(m, name) for m in picked) for name in _DAY_FIELDS)
    employees = employee_days / calendar_days if calendar_days else 0.0
    ratios = absence_ratios(sick, short, long, employee_days)
    spells, leave, partial = (sum(getattr(m, name) for m in picked) for name in _COUNTED_FIELDS)
    return UnitMonth(unit, month_of(start), employees, sick, short, long, spells, *ratios, leave, partial)


_DAY_FIELDS = ("sick_days", "short_term_days", "long_spell_days")
_COUNTED_FIELDS = ("spells", "leave_days", "partial_days")


def unit_months(
    data: SpellTable | Iterable[Episode],
    staffing: Iterable[Staffing],
    first_month: date,
    last_month: date,
    today: date,
    rules: AbsenceRules,
    rollup: Mapping[str, str | None] | None = None,
) -> list[UnitMonth]:
    """Absence per unit code and month from ``first_month`` to ``last_month``, sorted by unit and month:
    ``unit_periods`` with one period per month."""
    months = months_spanned(first_month, last_month)
    return unit_periods(data, staffing, [(month, month_end(month)) for month in months], today, rules, rollup)


def unit_periods(
    data: SpellTable | Iterable[Episode],
    staffing: Iterable[Staffing],
    spans: Sequence[tuple[date, date]],
    today: date,
    rules: AbsenceRules,
    rollup: Mapping[str, str | None] | None = None,
) -> list[UnitMonth]:
    """Absence per unit code and period (first day, last day, both included), sorted by unit and first day; each
    row is dated its period's first day. The one computation behind the statistics, the indicators and a case's
    evaluation, whatever the period.

    A sick day goes to the unit of its segment (where the employee was), an episode's start to its first segment's
    unit. A day is short-term when it is among sick days 1..``short_term_max_day`` of its *episode*, however long
    before the period the episode began (so ``data`` must hold the spells before the period that an episode can
    reach back to). An episode is long by its length as known ``today``, so an open one's past months turn long once
    it passes ``long_spell_min_days``. A period's employees are the staffing of each month it touches, weighted by
    the days of that month it covers (a whole month: the month's figure); staffing rows for one unit and month add
    up. With ``rollup`` (unit → parent, None at the top; units not in it are top-level) a unit's row covers every
    unit below it too, and unit "" is the organisation (pass {} for a flat organisation).
    """
    spans = sorted(set(spans))
    if not spans:
        return []
    table = as_table(data)
    sums: dict[tuple[str, date], list[float]] = defaultdict(lambda: [0.0] * 7)
    if len(table.first):
        _add_spell_sums(sums, table, spans, today, rules)
    _add_staffing(sums, staffing, spans)
    units = {unit for unit, _ in sums}
    if rollup is not None:
        units |= {"", *rollup, *(parent for parent in rollup.values() if parent is not None)}
        for (unit, start), row in [(key, list(row)) for key, row in sums.items()]:
            for target in [*_ancestors(unit, rollup), ""]:
                sums[(target, start)] = [a + b for a, b in zip(sums[(target, start)], row, strict=True)]
    result = []
    for unit in sorted(units):
        for start, end in spans:
            sick, short, long_days, spells, employees, leave, partial = sums.get((unit, start), (0.0,) * 7)
            ratios = absence_ratios(sick, short, long_days, employees * ((end - start).days + 1))
            row = UnitMonth(unit, start, employees, sick, short, long_days, int(spells), *ratios, leave, partial)
            result.append(row)
    return result


def _add_staffing(sums, staffing: Iterable[Staffing], spans: Sequence[tuple[date, date]]) -> None:
    """Each period's employees: every month's staffing times the share of the period's days in that month."""
    shares: dict[date, list[tuple[date, float]]] = defaultdict(list)
    for start, end in spans:
        length = (end - start).days + 1
        for month in months_spanned(start, end):
            days = (min(end, month_end(month)) - max(start, month)).days + 1
            shares[month].append((start, 1.0 if days == length else days / length))
    for staff in staffing:
        for start, share in shares.get(month_of(staff.month), ()):
            sums[(staff.unit, start)][4] += staff.employees * share


def _ancestors(unit: str, rollup: Mapping[str, str | None]) -> list[str]:
    chain, parent = [], rollup.get(unit)
    while parent is not None:
        if parent == unit or parent in chain:
            raise ValueError(f"unit {unit!r} is its own ancestor")
        chain.append(parent)
        parent = rollup.get(parent)
    return chain


def _add_spell_sums(sums, table: SpellTable, spans, today: date, rules: AbsenceRules) -> None:
    """Sick, short-term and long-episode days, episodes started, and calendar days on (partial) leave per unit and
    period, added into ``sums``."""
    end = table.end(today)
    _, episode_length = table.lengths(today)
    long = (episode_length >= rules.long_spell_min_days)[table.episode]
    short_end = table.short_term_end(today, rules.short_term_max_day)
    lo, hi = min(day_number(start) for start, _ in spans), max(day_number(stop) for _, stop in spans)
    seen = (table.first <= hi) & (end >= lo)
    unit, first, end, short_end = table.unit[seen], table.first[seen], end[seen], short_end[seen]
    extent, long = table.extent[seen], long[seen]
    partial = extent < 1
    count = len(table.units)
    episode_first, episode_unit = table.first[table.starts], table.unit[table.starts]
    for period, stop_day in spans:
        start, stop = day_number(period), day_number(stop_day)
        calendar_days = overlap_days(first, end, start, stop)
        days = calendar_days * extent
        sick = np.bincount(unit, weights=days, minlength=count)
        short = np.bincount(unit, weights=overlap_days(first, short_end, start, stop) * extent, minlength=count)
        in_long = np.bincount(unit, weights=days * long, minlength=count)
        leave = np.bincount(unit, weights=calendar_days, minlength=count)
        on_partial = np.bincount(unit, weights=calendar_days * partial, minlength=count)
        started = (episode_first >= start) & (episode_first <= stop)
        spells = np.bincount(episode_unit[started], minlength=count)
        for index in np.flatnonzero(leave + spells):
            row = sums[(table.units[index], period)]
            row[0] += sick[index]
            row[1] += short[index]
            row[2] += in_long[index]
            row[3] += spells[index]
            row[5] += leave[index]
            row[6] += on_partial[index]
