"""Absence follow-up: unit statistics and signals, talks held, retention (imports are ``absence/imports.py``).

Absence is special-category health data: HR (and admin) import and see every unit's statistics, a manager those of
their own units and the organisation's total (``statistics``); a person signal is shown only to HR and the employee's
manager (the manager of the unit the employee's latest spell belongs to); every view of statistics or signals is
audit-logged; spells older than the retention period are deleted on every import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from interventions.absence import (
    AGE_BANDS,
    SEXES,
    AbsenceRules,
    GroupStaffing,
    SpellTable,
    UnitMonth,
    aggregate,
    group_ratios,
    person_signals,
    unit_periods,
    unit_signals,
)
from interventions.absence import Staffing as StaffingFigure
from interventions.absence.spells import Episode, Spell, merge_episodes
from interventions.indicators import periods
from survey_app.absence.allowance_days import finnish_holidays
from survey_app.absence.spell_table import collector_paused, load_spells
from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record, record_read
from survey_app.clock import months_before
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, Role, SignalTalk, Staffing, StaffingGroup, Unit, User

ABSENCE_ROLES = (Role.HR.value, Role.ADMIN.value)


def can_import(actor: User) -> bool:
    """Whether the actor may import absence files: HR and admin."""
    return actor.role in ABSENCE_ROLES


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowedError


def rules() -> AbsenceRules:
    """The absence rules in force: the method's defaults with the OMTANKE_ABSENCE_RULES overrides."""
    overrides = current_app.config.get("OMTANKE_ABSENCE_RULES") or {}
    return AbsenceRules(**overrides)


def retention_months() -> int:
    """OMTANKE_RETAIN_ABSENCE_MONTHS, the setting ``omtanke purge`` uses too; 0 keeps spells for ever."""
    return int(current_app.config["OMTANKE_RETAIN_ABSENCE_MONTHS"])


def delete_past_retention(today: date) -> int:
    """The same cutoff as ``omtanke purge`` (survey_app.privacy.retention): whole calendar months."""
    if not retention_months():
        return 0
    cutoff = months_before(today, retention_months())
    return db.session.execute(
        delete(AbsenceSpell).where(AbsenceSpell.last_day.is_not(None), AbsenceSpell.last_day < cutoff)
    ).rowcount


def purge(actor: User | None, today: date) -> int:
    """Delete spells that ended before the retention period; returns how many."""
    removed = delete_past_retention(today)
    record(actor, "absence.purged", "absence_spell", None, removed=removed)
    db.session.commit()
    return removed


def _load(first: date, units: dict[int, Unit]) -> SpellTable:
    """Spells that end on or after ``first`` as a table joined into episodes by the continuation rule in force."""
    return load_spells(first, units, rules().continuation_gap_days)


def lookback(first: date, current: AbsenceRules) -> date:
    """The earliest last day of a spell that can still change figures from ``first`` on.

    Within one episode at most g = max(continuation gap, 1) days separate two sick days, so an episode that reaches
    back beyond (short-term days + 1) × g days before ``first`` already has more short-term days behind it than there
    are (with the Swedish 5 and 14: 75 days). Leaving out what ended earlier therefore never changes which days in
    the period are short-term. Two months at least, so that a long spell's earlier days are there too."""
    gap = max(current.continuation_gap_days, 1)
    return first - timedelta(days=max(62, (current.short_term_max_day + 1) * gap))


def unit_figures(
    spans: Sequence[tuple[date, date]], today: date, units: Mapping[int, Unit] | None = None
) -> tuple[SpellTable, list[UnitMonth]]:
    """Every unit's absence (the unit and the units below it; "" the organisation) in each period (first day, last
    day): the spells as a table and ``unit_periods``' rows. The one computation of a unit's figures, whether the
    statistics, the indicators or a case's evaluation asks. ``units``: every unit by id, when the caller has them."""
    units = units if units is not None else {unit.id: unit for unit in db.session.scalars(select(Unit))}
    current = rules()
    first, last = min(start for start, _ in spans), max(end for _, end in spans)
    table = _load(lookback(first, current), units)
    held = select(Staffing).where(Staffing.month >= _month_start(first), Staffing.month <= last)
    staffing = [StaffingFigure(units[row.unit_id].code, row.month, row.employees) for row in db.session.scalars(held)]
    rollup = {unit.code: (units[unit.parent_id].code if unit.parent_id in units else None) for unit in units.values()}
    return table, unit_periods(table, staffing, spans, today, current, rollup=rollup)


def _month_start(day: date, back: int = 0) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@dataclass(frozen=True)
class Statistics:
    """The unit statistics the caller may see: months per unit, the latest month's signals, the Swedish ratios."""

    months: list  # UnitMonth for every unit, its ancestors and the organisation ("")
    signals: list  # UnitSignal of the latest full month
    month: date
    names: dict[str, str]
    ids: dict[str, int]
    ratios: dict[str, list]  # the Swedish ratios (GroupRatio) of what the caller sees: latest month, quarter and year
    organisation_wide: bool = True  # False: a manager's units (and the organisation's total row) only
    organisation_total: bool = True  # False: withheld from a manager, as it would give away others' figures

    def ranked(self, period: str) -> tuple[date, list[UnitMonth]]:
        """The period's first month and every unit's figures for it — the latest month, or the last three or twelve
        months summed (``aggregate``) — the organisation first, then by short-term absence, highest first."""
        months = sorted({m.month for m in self.months})
        span = RATIO_PERIODS[period]
        if span == 1 or not months:
            first, found = self.month, [m for m in self.months if m.month == self.month]
        else:
            first = months[-min(span, len(months))]
            found = [aggregate(self.months, code, first, self.month) for code in {m.unit for m in self.months}]
        return first, sorted(found, key=lambda m: (m.unit != "", -(m.short_term_pct or 0), m.unit))


RATIO_PERIODS = {"month": 1, "quarter": 3, "year": 12}


STATISTICS_ROLES = (*ABSENCE_ROLES, Role.MANAGER.value)
MIN_GROUP = 10  # employees: a group of this many or fewer is not shown on its own (the Swedish ratios' rule)


def statistics(actor: User, today: date, months: int = 12) -> Statistics:
    """Unit statistics for the last ``months`` full months and the unit signals of the latest one
    (``_statistics``); the read is audit-logged."""
    found = _statistics(actor, today, months)
    record_read(actor, "absence.statistics_read", "absence", None, months=months)
    return found


def unit_signals_to_count(actor: User, today: date) -> set[tuple[str, str]]:
    """(unit, rule) of the unit signals ``actor`` may see, the same as ``statistics`` gives, for a count the system
    computes into a message that holds only numbers (HR's weekly digest): no read is recorded in ``actor``'s name."""
    return {(signal.unit, signal.rule) for signal in _statistics(actor, today).signals}


@collector_paused()
def _statistics(actor: User, today: date, months: int = 12) -> Statistics:
    """Unit statistics for the last ``months`` full months and the unit signals of the latest one; records no read.

    HR and admin see every unit. A manager, who follows their units' absence in the method, sees the units of their
    scope (``access.unit_scope``: the units assigned to them and everything below them) and the organisation's total
    row, never another unit's row, name or signal; their ratios by sex and age band cover their units only, under the
    same small-group rule as the organisation's (``MIN_GROUP``). The total is withheld from them where subtracting
    their own figures from it would leave one other unit's figures or a group that small (``_gives_others_away``)."""
    _require(actor.role in STATISTICS_ROLES)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    scope = unit_scope(actor)
    visible = None if scope is None else frozenset(units[i].code for i in scope if i in units)
    last_month = _month_start(today, 1)
    first_month = _month_start(today, months)
    current = rules()
    episodes, found = unit_figures(periods("month", first_month, last_month), today, units)
    signals = unit_signals(found, current, last_month)
    tops = {""} if visible is None else {units[i].code for i in scope if i in units and units[i].parent_id not in scope}
    totals: dict[date, float] = defaultdict(float)
    for m in found:
        totals[m.month] += m.employees if m.unit in tops else 0.0
    groups = _group_staffing(first_month, scope) + [GroupStaffing("total", month, n) for month, n in totals.items()]
    counted = episodes if visible is None else _within(episodes, visible)
    ratios = {
        period: group_ratios(counted, groups, _month_start(today, span), last_month, today, current, MIN_GROUP)
        for period, span in RATIO_PERIODS.items()
    }
    total = visible is None or not _gives_others_away(found, totals, units, scope)
    if visible is not None:
        found = [m for m in found if (m.unit == "" and total) or m.unit in visible]
        signals = [s for s in signals if s.unit == "" or s.unit in visible]
        units = {i: unit for i, unit in units.items() if i in scope}
    names, ids = {u.code: u.name for u in units.values()}, {u.code: u.id for u in units.values()}
    return Statistics(found, signals, last_month, names, ids, ratios, visible is None, total)


def _gives_others_away(found: list[UnitMonth], mine: Mapping[date, float], units: dict[int, Unit], scope) -> bool:
    """Whether the organisation's total minus a manager's own units (``mine``: their employees per month) would be one
    other unit's figures, or those of ``MIN_GROUP`` employees or fewer in some month. The others are the units outside
    theirs with staff of their own (a row's employees less its children's: the figures are rolled up the tree)."""
    children = defaultdict(list)
    for unit in units.values():
        children[unit.parent_id].append(unit.code)
    staff = {(m.unit, m.month): m.employees for m in found}
    others = {
        unit.code
        for unit in units.values()
        if unit.id not in scope
        for month in mine
        if staff.get((unit.code, month), 0) - sum(staff.get((c, month), 0) for c in children[unit.id]) > 1e-6
    }
    rest = [staff[("", month)] - employees for month, employees in mine.items() if staff.get(("", month), 0) > 0]
    if not others and all(r <= 1e-6 for r in rest):
        return False  # their units are the whole organisation: the total is their own
    return len(others) < 2 or any(r <= MIN_GROUP for r in rest)


def _within(table: SpellTable, codes: frozenset[str]) -> SpellTable:
    """The table with the days spent in units outside ``codes`` weighing nothing: episodes stay whole, so a spell
    that began in another unit is still long or short by its whole length, but only the days in ``codes`` count."""
    inside = np.array([code in codes for code in table.units], dtype=bool)
    return replace(table, extent=np.where(inside[table.unit], table.extent, 0.0))


def _group_staffing(first_month: date, unit_ids: frozenset[int] | None = None) -> list[GroupStaffing]:
    """Staff per month by sex and by age band, summed over ``unit_ids`` (None: the organisation), from the groups
    given per unit: a unit's women are its ("F", all ages) row where given, else the sum of its ("F", band) rows;
    likewise for each age band."""
    query = select(StaffingGroup).where(StaffingGroup.month >= first_month)
    if unit_ids is not None:
        query = query.where(StaffingGroup.unit_id.in_(unit_ids))
    by_unit_month: dict[tuple[int, date], dict[tuple[str, str], float]] = defaultdict(dict)
    for row in db.session.scalars(query):
        by_unit_month[(row.unit_id, row.month)][(row.sex, row.age_band)] = row.employees
    sums: dict[tuple[str, date], float] = defaultdict(float)
    for (_, month), figures in by_unit_month.items():
        for sex in SEXES:
            crossed = sum(n for (s, band), n in figures.items() if s == sex and band)
            sums[(sex, month)] += figures.get((sex, ""), crossed)
        for band in AGE_BANDS:
            crossed = sum(n for (sex, b), n in figures.items() if b == band and sex)
            sums[(band, month)] += figures.get(("", band), crossed)
    return [GroupStaffing(group, month, employees) for (group, month), employees in sums.items()]


#: How far back a person's spells are read: every window of the person signals and the person track fits in it.
PERSON_LOOKBACK_DAYS = 2 * 366


def person_episodes(today: date) -> list[Episode]:
    """Every employee's sick periods of the last ``PERSON_LOOKBACK_DAYS`` (the spells ``person_signals_for`` reads),
    joined by the continuation rule in force (``merge_episodes``): what the person track's tasks are computed from."""
    first = today - timedelta(days=PERSON_LOOKBACK_DAYS)
    query = (
        select(AbsenceSpell.employee_id, Unit.code, AbsenceSpell.first_day, AbsenceSpell.last_day, AbsenceSpell.extent)
        .join(Unit, Unit.id == AbsenceSpell.unit_id)
        .where(AbsenceSpell.last_day.is_(None) | (AbsenceSpell.last_day >= first))
    )
    return merge_episodes((Spell(*row) for row in db.session.execute(query)), rules())


def _person_signals_in_scope(actor: User, today: date) -> list:
    """Person signals the caller may see: HR and admin all; a manager those of employees in their units. Records
    no read: the public functions below decide whether a person read them."""
    if actor.role not in (*ABSENCE_ROLES, Role.MANAGER.value):
        raise NotAllowedError
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    scope = unit_scope(actor)
    codes_in_scope = None if scope is None else {units[unit_id].code for unit_id in scope if unit_id in units}
    current = rules()
    episodes = _load(today - timedelta(days=PERSON_LOOKBACK_DAYS), units)
    found = person_signals(episodes, current, today, finnish_holidays(today))
    return found if codes_in_scope is None else [signal for signal in found if signal.unit in codes_in_scope]


@collector_paused()
def person_signals_for(actor: User, today: date) -> list:
    """Person signals the caller may see (``_person_signals_in_scope``), each with the day its talk was last held;
    the read is audit-logged."""
    found = _person_signals_in_scope(actor, today)
    talked: dict[tuple[str, str], date] = {}
    for employee, rule, held_on in db.session.execute(select(SignalTalk.employee_id, SignalTalk.rule,
                                                             SignalTalk.held_on)):  # fmt: skip
        if (employee, rule) not in talked or held_on > talked[(employee, rule)]:
            talked[(employee, rule)] = held_on
    record_read(actor, "absence.signals_read", "absence", None, signals=len(found))
    return [(signal, talked.get((signal.employee, signal.rule))) for signal in found]


@collector_paused()
def person_signals_to_count(actor: User, today: date) -> set[tuple[str, str]]:
    """(employee, rule) of the person signals ``actor`` may see, the same as ``person_signals_for`` gives, for a count
    the system computes into a message that holds only numbers (HR's weekly digest). No person reads them, so no read
    is recorded in ``actor``'s name; never use it for a page, an export or the API."""
    return {(signal.employee, signal.rule) for signal in _person_signals_in_scope(actor, today)}


def record_talk(actor: User, employee_id: str, rule: str, held_on: date | None, today: date) -> SignalTalk:
    """That the talk a signal called for was held: the date only. A warning calls for no talk, so none is recorded."""
    visible = {(signal.employee, signal.rule): signal for signal, _ in person_signals_for(actor, today)}
    signal = visible.get((employee_id, rule))
    if signal is None:
        raise DomainError(_l("There is no such signal among those you may see."), "employee")
    if not signal.talk:
        raise DomainError(
            _l("A warning signal asks only that the absence be followed: no talk is recorded for it."), "rule"
        )
    if held_on is None or held_on > today:
        raise DomainError(_l("Give the date the talk was held (not in the future)."), "held_on")
    talk = SignalTalk(employee_id=employee_id, rule=rule, held_on=held_on, recorded_by_id=actor.id)
    db.session.add(talk)
    record(actor, "absence.talk_recorded", "absence_signal", employee_id, rule=rule)
    db.session.commit()
    return talk
