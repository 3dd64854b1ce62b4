"""Sickness absence: spells joined into episodes, unit statistics per month, and unit and person signals.

The rules come from ``../shared/domain.md`` §3; every threshold is a field of ``AbsenceRules`` with its default.
Sweden: a spell starting within 5 days of the previous one continues it; calendar days 1–14 of a sick period are
*short-term*; municipal reporting counts spells ≥ 60 days as long and reports sick hours / working hours by sex and
age band. Finland: the 30-60-90 rule, sick days per person-year, early-support talks after 3 short spells in 4 months
or 30 days in 12 months. Triggers in use: ≥ 4 spells in 12 months → *omtankesamtal* (a care conversation with the
manager), the Bradford factor (spells² × days over 52 weeks); Botkyrka's *Chefsstöd* contacts units whose short-term
absence is high (§1).

Dates are inclusive; an open spell (``last_day`` None) runs to ``today``; a day at 50 % extent counts half. As §4
requires, only dates and extents of pseudonymous employees are handled, never diagnoses.

Plain Python, standard library only: this module never imports Flask, SQLAlchemy or ``survey_app``, stores nothing
and never reads the clock (the caller passes ``today``).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from interventions.i18n import N_

__all__ = [
    "AGE_BANDS", "AbsenceRules", "Episode", "PersonSignal", "Spell", "Staffing", "UnitMonth", "UnitSignal",
    "age_band", "aggregate", "bradford_factor", "episode_length", "merge_episodes", "merge_spells",
    "person_signals", "short_term_days", "sick_days", "swedish_ratios", "unit_months", "unit_signals",
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


@dataclass(frozen=True)
class AbsenceRules:
    """Every configurable threshold, with the defaults of ``../shared/domain.md`` §3."""

    continuation_gap_days: int = 5  # SE: a new spell starting within 5 days of the previous one continues it
    short_term_max_day: int = 14  # days 1–14 of a sick period are "short-term" (SE); FI configurable
    long_spell_min_days: int = 60
    # unit signals
    unit_margin_pct_points: float = 2.0  # above the organisation's short-term absence % by more than this margin
    unit_absolute_pct: float = 5.0  # short-term absence % above this
    unit_rising_months: int = 3  # short-term % rising this many months in a row
    # individual signals
    spells_in_window: int = 4  # omtankesamtal (SE)
    spells_window_months: int = 12
    short_spells_fi: int = 3  # FI early-support talk
    short_spells_fi_months: int = 4
    days_fi: int = 30
    days_fi_months: int = 12
    bradford_threshold: int = 250
    bradford_weeks: int = 52
    fi_points: tuple[int, ...] = (30, 60, 90)  # FI 30/60/90: notify OH, apply for allowance, OH statement
    fi_points_months: int = 24  # ... counted over 2 years


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
    """``merge_spells`` with the configured continuation gap (5 days in Sweden, §3)."""
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

    As in the Swedish sick-pay period (§3: days 1–14), the count runs on through a joined spell: a 10-day spell
    continued after 4 days at work contributes days 11–14 from its second part. Days at work in between do not count.
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


def unit_months(
    episodes: Iterable[Episode],
    staffing: Iterable[Staffing],
    first_month: date,
    last_month: date,
    today: date,
    rules: AbsenceRules,
    rollup: Mapping[str, str | None] | None = None,
) -> list[UnitMonth]:
    """Absence per unit code and month from ``first_month`` to ``last_month``, sorted by unit and month.

    A sick day goes to the unit of its segment (where the employee was), an episode's start to its first segment's
    unit. An episode is long by its length as known ``today``, so an open one's past months turn long once it passes
    ``long_spell_min_days``. Staffing rows for one unit and month add up. With ``rollup`` (unit → parent, None at the
    top; units not in it are top-level) a unit's row covers every unit below it too, and unit "" is the organisation
    (pass {} for a flat organisation).
    """
    months = _months(first_month, last_month)
    if not months:
        return []
    lo, hi = months[0], _month_end(months[-1])
    sums: dict[tuple[str, date], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
    for episode in episodes:
        long = episode_length(episode, today) >= rules.long_spell_min_days
        short_parts = _short_term_parts(episode, today, rules.short_term_max_day)
        if lo <= episode.first_day <= hi:
            sums[(episode.segments[0].unit, _month(episode.first_day))][3] += 1
        for spell in episode.segments:
            first, last = max(spell.first_day, lo), min(_end(spell, today), hi)
            for month in _months(first, last) if first <= last else []:
                row, month_end = sums[(spell.unit, month)], _month_end(month)
                days = sick_days(spell, month, month_end, today)
                row[0] += days
                row[1] += sum(_overlap(a, b, month, month_end) * spell.extent / 100 for s, a, b in short_parts
                              if s is spell)  # fmt: skip
                row[2] += days if long else 0.0
    for staff in staffing:
        if lo <= _month(staff.month) <= hi:
            sums[(staff.unit, _month(staff.month))][4] += staff.employees
    units = {unit for unit, _ in sums}
    if rollup is not None:
        units |= {"", *rollup, *(parent for parent in rollup.values() if parent is not None)}
        for (unit, month), row in [(key, list(row)) for key, row in sums.items()]:
            for target in [*_ancestors(unit, rollup), ""]:
                sums[(target, month)] = [a + b for a, b in zip(sums[(target, month)], row, strict=True)]
    result = []
    for unit in sorted(units):
        for month in months:
            sick, short, long_days, spells, employees = sums.get((unit, month), (0.0, 0.0, 0.0, 0.0, 0.0))
            ratios = _ratios(sick, short, long_days, employees * _month_end(month).day)
            result.append(UnitMonth(unit, month, employees, sick, short, long_days, int(spells), *ratios))
    return result


def _ancestors(unit: str, rollup: Mapping[str, str | None]) -> list[str]:
    chain, parent = [], rollup.get(unit)
    while parent is not None:
        if parent == unit or parent in chain:
            raise ValueError(f"unit {unit!r} is its own ancestor")
        chain.append(parent)
        parent = rollup.get(parent)
    return chain


def aggregate(months: Iterable[UnitMonth], unit: str, start: date, end: date) -> UnitMonth:
    """One unit's months whose first day lies in [start, end] (a quarter, a year) summed, then the same ratios, as a
    ``UnitMonth`` dated ``start``'s month; ``employees`` is the day-weighted mean over the months found."""
    picked = [m for m in months if m.unit == unit and start <= m.month <= end]
    employee_days = sum(m.employees * _month_end(m.month).day for m in picked)
    calendar_days = sum(_month_end(m.month).day for m in picked)
    sick, short, long = (sum(getattr(m, name) for m in picked) for name in _DAY_FIELDS)
    employees = employee_days / calendar_days if calendar_days else 0.0
    ratios = _ratios(sick, short, long, employee_days)
    return UnitMonth(unit, _month(start), employees, sick, short, long, sum(m.spells for m in picked), *ratios)


_DAY_FIELDS = ("sick_days", "short_term_days", "long_spell_days")


# --- unit signals -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSignal:
    """A unit whose short-term absence calls for contact (Botkyrka's Chefsstöd, §1 and §3)."""

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
    """An employee whose absence calls for a talk. ``detail`` is English marked with ``N_``; ``params`` fills its
    ``%(name)s`` placeholders (dates as ``date`` objects for the web layer to format)."""

    employee: str
    unit: str  # the unit of the employee's latest spell (started by ``today``)
    rule: str  # "spells_in_window" | "short_spells_fi" | "days_fi" | "bradford" | "fi_30" | "fi_60" | "fi_90"
    on: date
    value: float
    detail: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


_SPELLS_MESSAGE = N_("%(count)d sick-leave spells started in the last %(months)d months: time for a care conversation.")
_SHORT_MESSAGE = N_("%(count)d short sick-leave spells in the last %(months)d months: time for an early-support talk.")
_DAYS_MESSAGE = N_("%(days)d sick days in the last %(months)d months: time for an early-support talk.")
_BRADFORD_MESSAGE = N_("Bradford factor %(factor)d (spells² × days) over the last %(weeks)d weeks.")
_FI_MESSAGES = (
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: notify occupational health."),
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: the sickness allowance must be applied for."),
    N_("%(days)d sick days in %(months)d months, reached on %(date)s: an OH statement on work ability is due."),
)
_FI_OTHER_MESSAGE = N_("%(days)d sick days in %(months)d months, reached on %(date)s.")


def _is_short(episode: Episode, today: date, max_length: int) -> bool:
    return episode_length(episode, today) <= max_length


def _window_start(today: date, months: int) -> date:
    return _add_months(today, -months) + _DAY


def bradford_factor(episodes: Iterable[Episode], today: date, weeks: int = 52) -> int:
    """Spells² × days over the rolling ``weeks`` ending ``today`` (§3), for one employee's episodes. A spell counts if
    any of its days falls in the window; days are calendar days in the window, whatever the extent."""
    start = today - timedelta(weeks=weeks) + _DAY
    days = [sick_days(e, start, today, today, weighted=False) for e in episodes]
    spells = sum(1 for d in days if d > 0)
    return int(spells * spells * sum(days))


def person_signals(episodes: Iterable[Episode], rules: AbsenceRules, today: date) -> list[PersonSignal]:
    """Signals as of ``today``, by employee. A window of N months runs from the day after the same date N months
    earlier to ``today``; thresholds are "at least".

    * ``spells_in_window``, ``short_spells_fi``: episodes starting in the window (for the latter only those of at most
      ``short_term_max_day`` sick days, open ones as they stand); ``on`` is the latest one's first day.
    * ``days_fi`` (calendar sick days, whatever the extent), ``bradford``: ``on`` is ``today``.
    * ``fi_30``/``fi_60``/``fi_90`` (``fi_points``): calendar sick days over the last ``fi_points_months`` (2 years;
      approximating Kela's paid days) reaching the point; ``on`` is the day it was reached.
    """
    by_employee: dict[str, list[Episode]] = defaultdict(list)
    for episode in episodes:
        if episode.first_day <= today:
            by_employee[episode.employee].append(episode)
    signals: list[PersonSignal] = []
    for employee in sorted(by_employee):
        own = sorted(by_employee[employee], key=lambda e: e.first_day)
        unit = max((s for e in own for s in e.segments if s.first_day <= today), key=lambda s: s.first_day).unit
        found: list[tuple[str, date, float, str, dict[str, Any]]] = []
        counted = (
            ("spells_in_window", rules.spells_in_window, rules.spells_window_months, _SPELLS_MESSAGE, None),
            ("short_spells_fi", rules.short_spells_fi, rules.short_spells_fi_months, _SHORT_MESSAGE,
             rules.short_term_max_day),
        )  # fmt: skip
        for rule, threshold, months, message, max_length in counted:
            start = _window_start(today, months)
            hits = [e for e in own if e.first_day >= start and (max_length is None or _is_short(e, today, max_length))]
            if hits and len(hits) >= threshold:
                found.append((rule, hits[-1].first_day, len(hits), message, {"count": len(hits), "months": months}))
        start = _window_start(today, rules.days_fi_months)
        days = sum(sick_days(e, start, today, today, weighted=False) for e in own)
        if days > 0 and days >= rules.days_fi:
            params = {"days": int(days), "months": rules.days_fi_months}
            found.append(("days_fi", today, days, _DAYS_MESSAGE, params))
        factor = bradford_factor(own, today, rules.bradford_weeks)
        if factor > 0 and factor >= rules.bradford_threshold:
            params = {"factor": factor, "weeks": rules.bradford_weeks}
            found.append(("bradford", today, factor, _BRADFORD_MESSAGE, params))
        for index, point in enumerate(sorted(rules.fi_points)):
            reached = _day_reached(own, _window_start(today, rules.fi_points_months), today, point)
            if reached is not None:
                message = _FI_MESSAGES[index] if index < len(_FI_MESSAGES) else _FI_OTHER_MESSAGE
                params = {"days": point, "months": rules.fi_points_months, "date": reached}
                found.append((f"fi_{point}", reached, point, message, params))
        signals.extend(PersonSignal(employee, unit, *row) for row in found)
    return signals


def _day_reached(episodes: list[Episode], start: date, end: date, count: int) -> date | None:
    """The calendar day in [start, end] on which the ``count``-th sick day falls (segments never overlap)."""
    total = 0
    spells = sorted((s for e in episodes for s in e.segments), key=lambda s: s.first_day)
    for spell in spells:
        first = max(spell.first_day, start)
        days = _overlap(spell.first_day, _end(spell, end), start, end)
        if count > 0 and total + days >= count:
            return first + timedelta(days=count - total - 1)
        total += days
    return None


# --- Swedish mandatory ratios -----------------------------------------------------------------------------------------


def age_band(birth_date: date, on: date) -> str:
    """The Swedish reporting age band (``AGE_BANDS``: ≤29, 30–49, ≥50) of someone born ``birth_date`` on ``on``."""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return AGE_BANDS[0] if age <= 29 else AGE_BANDS[1] if age <= 49 else AGE_BANDS[2]


def _weekdays(first: date, last: date) -> int:
    days = (last - first).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)


def swedish_ratios(
    episodes: Iterable[Episode],
    person_info: Mapping[str, tuple[str | None, str | None]],
    scheduled_hours: Mapping[str, float],
    start: date,
    end: date,
    today: date,
    rules: AbsenceRules | None = None,
) -> dict[str, float | None]:
    """The Swedish municipal ratios (§3) for [start, end]: sick hours / ordinary working hours × 100, in total, by
    sex ("F", "M") and by age band (``AGE_BANDS``), and "long_share", the % of sick hours in episodes of at least
    ``long_spell_min_days``. ``person_info`` maps an employee to (sex, age band); ``scheduled_hours`` to ordinary
    hours in the period. Empty inputs give {}; a group without scheduled hours gives None.

    Approximation: no schedules are known, so a person's scheduled hours are spread evenly over the weekdays
    (Monday–Friday) of the period, and sick hours = scheduled hours × extent-weighted sick weekdays / weekdays.
    Employees without scheduled hours are left out.
    """
    rules = rules or AbsenceRules()
    weekdays = _weekdays(start, end)
    if not person_info or not scheduled_hours or weekdays == 0:
        return {}
    sick: dict[str, float] = defaultdict(float)
    long: dict[str, float] = defaultdict(float)
    for episode in episodes:
        hours = scheduled_hours.get(episode.employee, 0.0)
        is_long = episode_length(episode, today) >= rules.long_spell_min_days
        for spell in episode.segments:
            first, last = max(spell.first_day, start), min(_end(spell, today), end)
            share = _weekdays(first, last) * spell.extent / 100 / weekdays
            sick[episode.employee] += hours * share
            long[episode.employee] += hours * share if is_long else 0.0
    planned: dict[str, float] = {key: 0.0 for key in ("total", "F", "M", *AGE_BANDS)}
    hours_sick: dict[str, float] = dict.fromkeys(planned, 0.0)
    for employee, hours in scheduled_hours.items():
        for key in ("total", *person_info.get(employee, (None, None))):
            if key in planned and hours > 0:
                planned[key] += hours
                hours_sick[key] += sick[employee]
    result = {key: hours_sick[key] * 100 / planned[key] if planned[key] > 0 else None for key in planned}
    in_long = sum(long[e] for e, hours in scheduled_hours.items() if hours > 0)
    result["long_share"] = in_long * 100 / hours_sick["total"] if hours_sick["total"] > 0 else None
    return result
