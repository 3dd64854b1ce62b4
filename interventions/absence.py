"""Sickness absence, one spell and one episode at a time: the rules, the types, unit signals.

The rules and their sources are written down in ``docs/absence-rules.md``; every threshold is a field of
``AbsenceRules`` with its default. Sweden: a spell starting within 5 days of the previous one continues it; calendar
days 1–14 of a sick period are *short-term*; municipal reporting counts spells ≥ 60 days as long and reports sick
hours / working hours by sex and age band; SKR calls 3 spells in a year a warning signal and Botkyrka invites to an
*omtankesamtal* (a care conversation with the manager) at the fourth. Finland: the 30-60-90 rule, sick days per
person-year, early-support talks after 3 short spells in 4 months or 30 days in 12 months. Also the Bradford factor
(spells² × days over 52 weeks); Botkyrka's *Chefsstöd* contacts units whose short-term absence is high.

Dates are inclusive; an open spell (``last_day`` None) runs to ``today``; a day at 50 % extent counts half. Only dates
and extents of pseudonymous employees are handled, never diagnoses.

Computing over a whole organisation's spells (unit months, person signals, the Swedish ratios by sex and age band)
is ``interventions.absence_table``'s work, on columns, with these rules. Plain Python, standard library only: this
module never imports Flask, SQLAlchemy or ``survey_app``, stores nothing and never reads the clock (the caller passes
``today``).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from interventions.absence_rules import FI_COUNTINGS, AbsenceRules

__all__ = [
    "AGE_BANDS", "FI_COUNTINGS", "AbsenceRules", "Episode", "PersonSignal", "Spell", "Staffing", "UnitMonth",
    "UnitSignal", "age_band", "aggregate", "bradford_factor", "episode_length", "merge_episodes", "merge_spells",
    "short_term_days", "sick_days", "unit_signals",
]  # fmt: skip

_DAY = timedelta(days=1)
_EPSILON = 1e-9  # percentages closer than this count as equal, so a value exactly at a threshold does not signal
AGE_BANDS: tuple[str, ...] = ("0-29", "30-49", "50+")  # the Swedish municipal bands ≤29, 30–49, ≥50


@dataclass(frozen=True)
class Spell:
    """One reported sick-leave spell of one employee (pseudonymous id) in one unit (unit code)."""

    employee: str
    unit: str
    first_day: date
    last_day: date | None  # None: still open
    extent: int  # % of working time: 100, 75, 50 or 25

    def __post_init__(self) -> None:
        if self.last_day is not None and self.last_day < self.first_day:
            raise ValueError(f"spell ends {self.last_day} before it starts {self.first_day}")
        if not 0 < self.extent <= 100:
            raise ValueError(f"extent {self.extent} is not a percentage of working time")


@dataclass(frozen=True)
class Episode:
    """Spells joined by the continuation rule: one sick period. Its ``unit`` is the unit of its last segment (where
    the employee is now); ``last_day`` is the last segment's (None while open). Segments never overlap."""

    employee: str
    unit: str
    first_day: date
    last_day: date | None
    segments: tuple[Spell, ...]


# --- spells into episodes ---------------------------------------------------------------------------------------------


def merge_spells(spells: Iterable[Spell], gap_days: int) -> list[Episode]:
    """Join each employee's spells into episodes, sorted by employee and first day.

    A spell joins the previous one when ``first_day - previous.last_day <= gap_days`` (at most ``gap_days - 1`` days
    back at work in between): with the Swedish 5, a spell ending on a Wednesday is continued by one starting on or
    before the following Monday, not by one starting on the Tuesday. Spells on consecutive days always join, even
    with ``gap_days`` 0. Overlapping spells are a data error; where they occur the later-starting spell wins from its
    first day (the earlier one is cut the day before), so no day counts twice.
    """
    by_employee: dict[str, list[Spell]] = defaultdict(list)
    for spell in spells:
        by_employee[spell.employee].append(spell)
    episodes: list[Episode] = []
    for employee in sorted(by_employee):
        current: list[Spell] = []
        for spell in sorted(by_employee[employee], key=lambda s: (s.first_day, s.last_day or date.max)):
            previous, first = (current[-1] if current else None), spell.first_day
            if previous and previous.last_day and (first - previous.last_day).days > max(gap_days, 1):
                episodes.append(_episode(current))
                current = []
            elif previous and (previous.last_day is None or previous.last_day >= first):  # overlap: cut the earlier
                current[-1:] = [replace(previous, last_day=first - _DAY)] if previous.first_day < first else []
            current.append(spell)
        if current:
            episodes.append(_episode(current))
    return episodes


def merge_episodes(spells: Iterable[Spell], rules: AbsenceRules) -> list[Episode]:
    """``merge_spells`` with the configured continuation gap (5 days in Sweden, docs/absence-rules.md)."""
    return merge_spells(spells, rules.continuation_gap_days)


def _episode(segments: list[Spell]) -> Episode:
    first, last = segments[0], segments[-1]
    return Episode(first.employee, last.unit, first.first_day, last.last_day, tuple(segments))


def _segments(item: Episode | Spell) -> tuple[Spell, ...]:
    return item.segments if isinstance(item, Episode) else (item,)


def _end(spell: Spell, today: date) -> date:
    return spell.last_day if spell.last_day is not None else today


def _overlap(first: date, last: date, start: date, end: date) -> int:
    """Number of days in both [first, last] and [start, end]."""
    return max(0, (min(last, end) - max(first, start)).days + 1)


# --- counting days ----------------------------------------------------------------------------------------------------


def sick_days(item: Episode | Spell, start: date, end: date, today: date, weighted: bool = True) -> float:
    """Calendar sick days of an episode or spell inside [start, end]; open spells run to ``today``. With ``weighted``
    each day counts extent/100 (a day at 50 % counts half)."""
    total = 0.0
    for spell in _segments(item):
        days = _overlap(spell.first_day, _end(spell, today), start, end)
        total += days * spell.extent / 100 if weighted else days
    return total


def _length(spell: Spell, today: date) -> int:
    return max(0, (_end(spell, today) - spell.first_day).days + 1)


def episode_length(item: Episode | Spell, today: date) -> int:
    """Sick calendar days of the whole episode to its end (to ``today`` while open), whatever the extent. The days
    back at work between joined spells are not sick days and do not count."""
    return sum(_length(spell, today) for spell in _segments(item))


def _short_term_parts(item: Episode | Spell, today: date, max_day: int) -> list[tuple[Spell, date, date]]:
    """Each segment's stretch that falls on sick days 1..max_day of the episode."""
    parts, remaining = [], max_day
    for spell in _segments(item):
        take = min(remaining, _length(spell, today))
        if take <= 0:
            break
        parts.append((spell, spell.first_day, spell.first_day + timedelta(days=take - 1)))
        remaining -= take
    return parts


def short_term_days(item: Episode | Spell, start: date, end: date, today: date, rules: AbsenceRules) -> float:
    """Extent-weighted days inside [start, end] that are sick days 1..``short_term_max_day`` of the *episode*.

    As in the Swedish sick-pay period (days 1–14, docs/absence-rules.md), the count runs on through a joined spell:
    a 10-day spell continued after 4 days at work contributes days 11–14 from its second part. Days at work in
    between do not count.
    """
    return sum(
        _overlap(first, last, start, end) * spell.extent / 100
        for spell, first, last in _short_term_parts(item, today, rules.short_term_max_day)
    )


# --- unit statistics --------------------------------------------------------------------------------------------------


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


def _month(day: date) -> date:
    return day.replace(day=1)


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _add_months(day: date, months: int) -> date:
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def _months(first: date, last: date) -> list[date]:
    months, month = [], _month(first)
    while month <= _month(last):
        months.append(month)
        month = _add_months(month, 1)
    return months


def _ratios(sick: float, short: float, long: float, employee_days: float) -> tuple[float | None, ...]:
    """Sick %, short-term %, long share % and days per person-year from sums; None where undefined."""
    long_share = long * 100 / sick if sick > 0 else None
    if employee_days <= 0:
        return None, None, long_share, None
    return sick * 100 / employee_days, short * 100 / employee_days, long_share, sick * 365 / employee_days


def aggregate(months: Iterable[UnitMonth], unit: str, start: date, end: date) -> UnitMonth:
    """One unit's months whose first day lies in [start, end] (a quarter, a year) summed, then the same ratios, as a
    ``UnitMonth`` dated ``start``'s month; ``employees`` is the day-weighted mean over the months found."""
    picked = [m for m in months if m.unit == unit and start <= m.month <= end]
    employee_days = sum(m.employees * _month_end(m.month).day for m in picked)
    calendar_days = sum(_month_end(m.month).day for m in picked)
    sick, short, long = (sum(getattr(m, name) for m in picked) for name in _DAY_FIELDS)
    employees = employee_days / calendar_days if calendar_days else 0.0
    ratios = _ratios(sick, short, long, employee_days)
    spells, leave, partial = (sum(getattr(m, name) for m in picked) for name in _COUNTED_FIELDS)
    return UnitMonth(unit, _month(start), employees, sick, short, long, spells, *ratios, leave, partial)


_DAY_FIELDS = ("sick_days", "short_term_days", "long_spell_days")
_COUNTED_FIELDS = ("spells", "leave_days", "partial_days")


# --- unit signals -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSignal:
    """A unit whose short-term absence calls for contact (Botkyrka's Chefsstöd, docs/method.md)."""

    unit: str
    rule: str  # "above_organisation" | "above_level" | "rising"
    month: date
    value: float  # the unit's short-term absence % in ``month``
    reference: float | None  # organisation %, the level, or the % before the rise


def unit_signals(months: list[UnitMonth], rules: AbsenceRules, month: date) -> list[UnitSignal]:
    """Signals for ``month``, every unit but the organisation (unit ""), which is the reference.

    * ``above_organisation``: short-term % exceeds the organisation's by *more than* ``unit_margin_pct_points``;
    * ``above_level``: short-term % *above* ``unit_absolute_pct``;
    * ``rising``: short-term % higher than the month before in each of the last ``unit_rising_months`` months
      (so ``unit_rising_months`` + 1 months with a value are needed).
    """
    month = _month(month)
    pct = {(m.unit, m.month): m.short_term_pct for m in months}
    organisation = pct.get(("", month))
    signals = []
    for unit in sorted({m.unit for m in months} - {""}):
        value = pct.get((unit, month))
        if value is None:
            continue
        if organisation is not None and value - organisation - rules.unit_margin_pct_points > _EPSILON:
            signals.append(UnitSignal(unit, "above_organisation", month, value, organisation))
        if value - rules.unit_absolute_pct > _EPSILON:
            signals.append(UnitSignal(unit, "above_level", month, value, rules.unit_absolute_pct))
        series = [pct.get((unit, _add_months(month, -back))) for back in range(rules.unit_rising_months, -1, -1)]
        if rules.unit_rising_months > 0 and None not in series:
            if all(later - earlier > _EPSILON for earlier, later in pairwise(series)):
                signals.append(UnitSignal(unit, "rising", month, value, series[0]))
    return signals


# --- person signals ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSignal:
    """An employee whose absence calls for attention. ``detail`` is English marked with ``N_``; ``params`` fills its
    ``%(name)s`` placeholders (dates as ``date`` objects for the web layer to format). ``counting`` says how a Finnish
    point's date was counted (one of ``FI_COUNTINGS``, "" for other signals); ``talk`` is False for a signal that asks
    to watch the absence but not yet for a talk (the Swedish warning)."""

    employee: str
    unit: str  # the unit of the employee's latest spell (started by ``today``)
    rule: str  # "spells_warning" | "spells_in_window" | "short_spells_fi" | "days_fi" | "bradford" | "fi_30" | …
    on: date
    value: float
    detail: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    counting: str = ""
    talk: bool = True


def _window_start(today: date, months: int) -> date:
    return _add_months(today, -months) + _DAY


def bradford_factor(episodes: Iterable[Episode], today: date, weeks: int = 52) -> int:
    """Spells² × days over the rolling ``weeks`` ending ``today`` (docs/absence-rules.md), for one employee's
    episodes. A spell counts if any of its days falls in the window; days are calendar days in the window, whatever
    the extent."""
    start = today - timedelta(weeks=weeks) + _DAY
    days = [sick_days(e, start, today, today, weighted=False) for e in episodes]
    spells = sum(1 for d in days if d > 0)
    return int(spells * spells * sum(days))


# --- Swedish mandatory ratios -----------------------------------------------------------------------------------------


def age_band(birth_date: date, on: date) -> str:
    """The Swedish reporting age band (``AGE_BANDS``: ≤29, 30–49, ≥50) of someone born ``birth_date`` on ``on``."""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return AGE_BANDS[0] if age <= 29 else AGE_BANDS[1] if age <= 49 else AGE_BANDS[2]
