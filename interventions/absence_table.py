"""Absence computed over columns: a million spells become unit months and the Swedish ratios in seconds, with
exactly the rules ``interventions.absence`` documents for single spells and episodes (person signals over the same
columns: ``interventions.absence_signals``).

``SpellTable`` holds spells as numpy columns sorted by employee and first day, already joined into episodes by the
continuation rule. Days are integers (days since 1970-01-01); an open spell's last day is ``OPEN`` and runs to the
``today`` each computation is given. Plain numpy: never Flask, SQLAlchemy or ``survey_app``, never the clock.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from interventions.absence import (
    AGE_BANDS,
    AbsenceRules,
    Episode,
    Spell,
    Staffing,
    UnitMonth,
    _month,
    _month_end,
    _months,
    _ratios,
)

__all__ = ["OPEN", "GroupRatio", "GroupStaffing", "SpellTable", "group_ratios", "unit_months", "unit_periods"]

_EPOCH = date(1970, 1, 1)
OPEN = 1 << 40  # the last day of an open spell: later than any real day
SEXES: tuple[str, ...] = ("F", "M")


def day_number(day: date) -> int:
    """A date as the table's day number (days since 1970-01-01)."""
    return (day - _EPOCH).days


@functools.lru_cache(maxsize=4096)
def day_of(number: int) -> date:
    """A day number back as a date."""
    return _EPOCH + timedelta(days=number)


def _days(values: Sequence[date | str | None]) -> np.ndarray:
    """Dates (or ISO strings, as SQLite returns them) as day numbers; None becomes ``OPEN``."""
    parsed = np.array(values, dtype="datetime64[D]")
    numbers = parsed.astype(np.int64)
    numbers[np.isnat(parsed)] = OPEN
    return numbers


def _codes(values: Sequence[str | None], known: Sequence[str] | None = None) -> tuple[tuple, np.ndarray]:
    """(sorted distinct texts, each value's index in them); with ``known`` the index into ``known`` (-1 if absent).
    None counts as "". Sorting happens in numpy on fixed-width text, in code-point order like Python's ``sorted``."""
    texts = np.asarray(values) if len(values) else np.zeros(0, dtype=str)
    if texts.dtype.kind not in "U":
        texts = np.array(["" if value is None else str(value) for value in values], dtype=str)
    distinct, inverse = np.unique(texts, return_inverse=True)
    if known is None:
        return tuple(distinct.tolist()), inverse.astype(np.int64)
    position = {value: i for i, value in enumerate(known)}
    remap = np.array([position.get(value, -1) for value in distinct.tolist()], dtype=np.int64)
    return tuple(known), remap[inverse] if len(inverse) else inverse.astype(np.int64)


@dataclass(frozen=True, eq=False)
class SpellTable:
    """Spells as columns, sorted by employee, first day and last day, joined into episodes.

    ``employee``/``unit`` index ``employees``/``units`` (sorted, so employee order is the ids' order); ``sex`` indexes
    ("", "F", "M") and ``band`` ("", *AGE_BANDS), 0 where unknown. ``episode`` numbers each segment's episode and
    ``starts`` is the first segment of each episode.
    """

    employees: tuple[str, ...]
    units: tuple[str, ...]
    employee: np.ndarray
    unit: np.ndarray
    first: np.ndarray
    last: np.ndarray
    extent: np.ndarray  # share of working time: 1.0, 0.75, 0.5, 0.25
    sex: np.ndarray
    band: np.ndarray
    episode: np.ndarray
    starts: np.ndarray

    @classmethod
    def from_columns(
        cls,
        employees: Sequence[str],
        units: Sequence[str],
        first_days: Sequence[date | str],
        last_days: Sequence[date | str | None],
        extents: Sequence[int],
        gap_days: int,
        sexes: Sequence[str | None] | None = None,
        bands: Sequence[str | None] | None = None,
    ) -> SpellTable:
        """Spells given column by column, joined with ``gap_days`` exactly as ``merge_spells`` joins them: a spell
        continues the previous one when it starts at most ``max(gap_days, 1)`` days after that one's last day, and
        of overlapping spells the later-starting one wins from its first day."""
        names, unit_names, (employee, unit, first, last, extent, sex, band) = _sorted_columns(
            employees, units, first_days, last_days, extents, sexes, bands
        )
        n = len(employee)
        same = employee[1:] == employee[:-1]
        new = np.ones(n, dtype=bool)
        new[1:] = ~same | ((last[:-1] != OPEN) & (first[1:] - last[:-1] > max(gap_days, 1)))
        overlap = np.zeros(n, dtype=bool)
        overlap[:-1] = same & (first[1:] <= last[:-1])
        cut = last.copy()
        cut[:-1][overlap[:-1]] = first[1:][overlap[:-1]] - 1
        keep = cut >= first  # a spell cut to nothing (the next one starts the same day) is dropped
        episode = np.cumsum(new) - 1
        kept = [column[keep] for column in (employee, unit, first, cut, extent, sex, band, episode)]
        _, kept[-1] = np.unique(kept[-1], return_inverse=True)  # renumber: every episode keeps a segment
        starts = np.flatnonzero(np.r_[True, kept[-1][1:] != kept[-1][:-1]]) if keep.any() else np.zeros(0, np.int64)
        return cls(names, unit_names, *kept, starts)

    @classmethod
    def from_spells(cls, spells: Iterable[Spell], gap_days: int) -> SpellTable:
        rows = list(spells)
        columns = [[getattr(s, name) for s in rows] for name in ("employee", "unit", "first_day", "last_day", "extent")]
        return cls.from_columns(*columns, gap_days)

    @classmethod
    def from_episodes(cls, episodes: Iterable[Episode]) -> SpellTable:
        """Episodes exactly as they were joined (their segments never overlap)."""
        segments = [(number, s) for number, e in enumerate(episodes) for s in e.segments]
        names = ("employee", "unit", "first_day", "last_day", "extent")
        columns = ([getattr(s, name) for _, s in segments] for name in names)
        given = np.array([number for number, _ in segments], dtype=np.int64)
        employees, units, sorted_columns = _sorted_columns(*columns, None, None, given)
        *columns, given = sorted_columns
        # an employee's episodes follow one another, so after sorting each episode is one run of segments
        episode = np.cumsum(np.r_[False, given[1:] != given[:-1]]) if len(given) else given
        starts = np.flatnonzero(np.r_[True, episode[1:] != episode[:-1]]) if len(given) else given
        return cls(employees, units, *columns, episode, starts)

    def end(self, today: date) -> np.ndarray:
        """Each segment's last day, open ones running to ``today``."""
        return np.where(self.last == OPEN, day_number(today), self.last)

    def lengths(self, today: date) -> tuple[np.ndarray, np.ndarray]:
        """(each segment's sick days, each episode's sick days), to ``today`` for open spells."""
        length = np.maximum(self.end(today) - self.first + 1, 0)
        return length, np.bincount(self.episode, weights=length, minlength=len(self.starts))

    def short_term_end(self, today: date, max_day: int) -> np.ndarray:
        """Each segment's last day that is among sick days 1..``max_day`` of its episode (before ``first`` if none)."""
        length, _ = self.lengths(today)
        before = np.cumsum(length) - length
        before -= before[self.starts][self.episode]
        return self.first + np.clip(max_day - before, 0, length) - 1


def _sorted_columns(employees, units, first_days, last_days, extents, sexes, bands, *extra):
    """Checked and encoded columns sorted by employee, first day and last day, with the employee and unit names."""
    n = len(employees)
    first, last = _days(first_days), _days(last_days)
    extent = np.asarray(extents, dtype=np.float64)
    if n and (last < first).any():
        raise ValueError("a spell ends before it starts")
    if n and ((extent <= 0) | (extent > 100)).any():
        raise ValueError("an extent is not a percentage of working time")
    names, employee = _codes(employees)
    unit_names, unit = _codes(units)
    sex = np.maximum(_codes(sexes, ("", *SEXES))[1], 0) if sexes is not None else np.zeros(n, dtype=np.int64)
    band = np.maximum(_codes(bands, ("", *AGE_BANDS))[1], 0) if bands is not None else np.zeros(n, dtype=np.int64)
    order = np.lexsort((last, first, employee))
    columns = (employee, unit, first, last, extent / 100, sex, band, *extra)
    return tuple(names), tuple(unit_names), tuple(column[order] for column in columns)


def as_table(data: SpellTable | Iterable[Episode]) -> SpellTable:
    """A table as it is, or episodes exactly as they were joined."""
    return data if isinstance(data, SpellTable) else SpellTable.from_episodes(data)


def overlap_days(first: np.ndarray, last: np.ndarray, start: int, end: int) -> np.ndarray:
    """Days of each [first, last] inside [start, end] (0 where they do not meet)."""
    return np.maximum(np.minimum(last, end) - np.maximum(first, start) + 1, 0)


# --- unit statistics --------------------------------------------------------------------------------------------------


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
    months = _months(first_month, last_month)
    return unit_periods(data, staffing, [(month, _month_end(month)) for month in months], today, rules, rollup)


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
            ratios = _ratios(sick, short, long_days, employees * ((end - start).days + 1))
            row = UnitMonth(unit, start, employees, sick, short, long_days, int(spells), *ratios, leave, partial)
            result.append(row)
    return result


def _add_staffing(sums, staffing: Iterable[Staffing], spans: Sequence[tuple[date, date]]) -> None:
    """Each period's employees: every month's staffing times the share of the period's days in that month."""
    shares: dict[date, list[tuple[date, float]]] = defaultdict(list)
    for start, end in spans:
        length = (end - start).days + 1
        for month in _months(start, end):
            days = (min(end, _month_end(month)) - max(start, month)).days + 1
            shares[month].append((start, 1.0 if days == length else days / length))
    for staff in staffing:
        for start, share in shares.get(_month(staff.month), ()):
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


# --- Swedish mandatory ratios -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStaffing:
    """Employees (headcount or FTE) of one reporting group — "total", "F", "M" or an age band — in one month,
    summed over the organisation's units."""

    group: str
    month: date
    employees: float


@dataclass(frozen=True)
class GroupRatio:
    """One reporting group's sick absence in a period. ``sick_pct`` is None when it may not or cannot be given:
    ``reason`` says why ("few" – at most ``min_employees`` on average, "no_staffing", "unknown" – spells without the
    attribute)."""

    group: str
    employees: float
    sick_days: float
    sick_pct: float | None
    long_share_pct: float | None
    reason: str = ""


def group_ratios(
    data: SpellTable,
    staffing: Iterable[GroupStaffing],
    first_month: date,
    last_month: date,
    today: date,
    rules: AbsenceRules,
    min_employees: int = 10,
) -> list[GroupRatio]:
    """The Swedish municipal ratios (docs/absence-figures.md) for the months ``first_month``..``last_month``: sick time
    as a % of ordinary working time in total, by sex and by age band, each with the share of sick time in episodes of at
    least ``long_spell_min_days`` days. Working time is taken as spread evenly over the month's calendar days, so sick
    hours / ordinary hours = extent-weighted sick days / (employees × days), the unit statistics' measure. As the
    Swedish annual-report rules require, a group of ``min_employees`` or fewer is not given."""
    months = _months(first_month, last_month)
    start, stop = day_number(months[0]), day_number(_month_end(months[-1]))
    _, episode_length = data.lengths(today)
    days = overlap_days(data.first, data.end(today), start, stop) * data.extent
    long = days * (episode_length >= rules.long_spell_min_days)[data.episode]
    employee_days: dict[str, float] = defaultdict(float)
    for row in staffing:
        if months[0] <= _month(row.month) <= months[-1]:
            employee_days[row.group] += row.employees * _month_end(row.month).day
    calendar_days = sum(_month_end(month).day for month in months)
    total = employee_days["total"]
    covered = {  # a dimension's groups must cover the organisation's staff, or their ratios would be too high
        None: total > 0,
        "sex": total > 0 and sum(employee_days[g] for g in SEXES) >= 0.99 * total,
        "band": total > 0 and sum(employee_days[g] for g in AGE_BANDS) >= 0.99 * total,
    }
    groups = [("total", None, 0), *((sex, "sex", i + 1) for i, sex in enumerate(SEXES)),
              *((band, "band", i + 1) for i, band in enumerate(AGE_BANDS))]  # fmt: skip
    result = []
    for group, dimension, code in groups:
        column = {"sex": data.sex, "band": data.band}.get(dimension)
        mine = np.ones(len(days), dtype=bool) if column is None else column == code
        sick, in_long = float(days[mine].sum()), float(long[mine].sum())
        employees = employee_days[group] / calendar_days
        reason = ""
        if column is not None and days[column == 0].sum() > 0:
            reason = "unknown"
        elif not covered[dimension]:
            reason = "no_staffing"
        elif employees <= min_employees:
            reason = "few"
        if reason:
            result.append(GroupRatio(group, employees, sick, None, None, reason))
        else:
            long_share = in_long * 100 / sick if sick > 0 else None
            result.append(GroupRatio(group, employees, sick, sick * 100 / employee_days[group], long_share))
    return result
