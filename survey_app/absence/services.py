"""Absence follow-up: import spells and staffing, compute unit statistics and signals, record talks held.

Absence is special-category health data: HR (and admin) import and see unit statistics; a person signal is shown
only to HR and the employee's manager (the manager of the unit the employee's latest spell belongs to); every view of
statistics or signals is audit-logged; spells older than the retention period are deleted on every import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, tuple_

from interventions.absence import AGE_BANDS, AbsenceRules, UnitMonth, aggregate, unit_signals
from interventions.absence import Staffing as StaffingFigure
from interventions.absence_signals import person_signals
from interventions.absence_table import SEXES, GroupStaffing, SpellTable, group_ratios, unit_months
from survey_app.absence.importing import (
    REQUIRED_SPELL_FIELDS,
    SPELL_FIELDS,
    STAFFING_FIELDS,
    RowProblem,
    check_spells,
    check_staffing,
)
from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.importing import MAX_PROBLEMS_SHOWN, ImportRejectedError, batches, nothing_imported, open_rows
from survey_app.models import AbsenceImport, AbsenceSpell, Role, SignalTalk, Staffing, StaffingGroup, Unit, User
from survey_app.privacy.retention import months_before

ABSENCE_ROLES = (Role.HR.value, Role.ADMIN.value)


def can_import(actor: User) -> bool:
    return actor.role in ABSENCE_ROLES


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowedError


def rules() -> AbsenceRules:
    overrides = current_app.config.get("OMTANKE_ABSENCE_RULES") or {}
    return AbsenceRules(**overrides)


def retention_months() -> int:
    """OMTANKE_RETAIN_ABSENCE_MONTHS, the setting ``omtanke purge`` uses too; 0 keeps spells for ever."""
    return int(current_app.config["OMTANKE_RETAIN_ABSENCE_MONTHS"])


def _unit_codes() -> dict[str, int]:
    return {code.upper(): unit_id for unit_id, code in db.session.execute(select(Unit.id, Unit.code))}


@dataclass(frozen=True)
class Preview:
    headers: tuple[str, ...]
    mapping: dict[str, int | None]
    sample: list  # the first checked spell rows
    spells: int
    staffing: int
    period_start: date | None
    period_end: date | None
    problems: list[RowProblem]


def preview(spells_data, spells_name, staffing_data, staffing_name, today: date) -> Preview:
    """What an import would do, without writing: columns found, the first rows, counts and every problem. Walks the
    files the same way the import does, so memory stays bounded here too."""
    codes = _unit_codes()
    headers, mapping, sample, problems = (), {}, [], []
    spells = staffing = 0
    first = last = None
    if spells_data is not None:
        headers, mapping, _ = open_rows(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, SPELL_FILE_MAX_BYTES
        )
        checked_batches = _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, check_spells, codes, today
        )
        for checked in checked_batches:
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            spells += len(checked.rows)
            sample += checked.rows[: 10 - len(sample)]
            first, last = _period(checked.rows, first, last)
    if staffing_data is not None:
        for checked in _checked_batches(
            staffing_data, staffing_name, STAFFING_FIELDS, ("unit_code", "month", "employees"), check_staffing, codes
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            staffing += len(checked.rows)
    return Preview(headers, mapping, sample, spells, staffing, first, last, problems)


def _period(rows, first: date | None, last: date | None) -> tuple[date | None, date | None]:
    """The first and last start day so far, widened by these rows."""
    for row in rows:
        first = row.first_day if first is None or row.first_day < first else first
        last = row.first_day if last is None or row.first_day > last else last
    return first, last


@dataclass(frozen=True)
class ImportResult:
    spells: int
    replaced: int
    period_start: date | None
    period_end: date | None
    staffing: int
    purged: int


SPELL_FILE_MAX_BYTES = 200 * 1024 * 1024  # a municipality's two years of spells as CSV is far below this
INSERT_BATCH = 10_000


def _checked_batches(data, filename, fields, required, check, *args):
    """Checked rows in batches, with the problems of each batch: a file is walked without holding it as rows."""
    _, mapping, rows = open_rows(data, filename, fields, required, SPELL_FILE_MAX_BYTES)
    for batch in batches(rows, INSERT_BATCH):
        yield check(batch, mapping, *args)


def import_absence(
    actor: User | None,
    spells_data: bytes | None,
    spells_name: str,
    staffing_data: bytes | None,
    staffing_name: str,
    today: date,
) -> ImportResult:
    """One streaming pass inside one transaction: rows are checked and inserted in batches under a new import id; if
    any row is wrong the transaction is rolled back (nothing imported) and every problem is reported; otherwise the
    spells held before that start in the period the file covers are deleted. Memory stays bounded by the batch."""
    if actor is not None:
        _require(can_import(actor))
    codes = _unit_codes()
    staffing: list = []
    problems: list[RowProblem] = []
    if staffing_data is not None:
        for checked in _checked_batches(
            staffing_data, staffing_name, STAFFING_FIELDS, ("unit_code", "month", "employees"), check_staffing, codes
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            staffing += checked.rows
    counted, first, last, batch = 0, None, None, None
    if spells_data is not None:
        batch = AbsenceImport(
            filename=spells_name[:255] or "spells",
            period_start=today,
            period_end=today,
            rows=0,
            imported_by_id=actor.id if actor else None,
        )
        db.session.add(batch)
        db.session.flush()
        batches = _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, check_spells, codes, today
        )
        for checked in batches:
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            if problems:
                continue  # keep checking the rest of the file, but write nothing more
            first, last = _period(checked.rows, first, last)
            counted += len(checked.rows)
            _insert_spells(checked.rows, codes, batch.id)
    if problems:
        db.session.rollback()
        raise nothing_imported(problems)
    if not counted and not staffing:
        db.session.rollback()
        raise ImportRejectedError(_l("The file holds no rows."), [])
    replaced = 0
    if counted:
        replaced = db.session.execute(
            delete(AbsenceSpell).where(
                AbsenceSpell.first_day.between(first, last),
                (AbsenceSpell.import_id.is_(None)) | (AbsenceSpell.import_id != batch.id),
            )
        ).rowcount
        batch.period_start, batch.period_end, batch.rows = first, last, counted
    elif batch is not None:
        db.session.delete(batch)
    _store_staffing(staffing, codes)
    purged = _purge(today)
    record(actor, "absence.imported", "absence_import", None, spells=counted, replaced=replaced, staffing=len(staffing))
    db.session.commit()
    return ImportResult(counted, replaced, first, last, len(staffing), purged)


def _store_staffing(rows, codes: Mapping[str, int]) -> None:
    """Staffing figures replace those held for the same unit and month. Group rows (a sex and/or an age band)
    replace the unit-month's groups; a unit-month given only by groups gets its total from them: the sum of the rows
    with both a sex and an age band, else of those by sex, else of those by age band."""
    totals: dict[tuple[int, date], tuple[float, float | None]] = {}
    groups: dict[tuple[int, date], dict[tuple[str, str], float]] = defaultdict(dict)
    for row in rows:
        key = (codes[row.unit_code], row.month)
        if row.sex or row.age_band:
            groups[key][(row.sex, row.age_band)] = row.employees
        else:
            totals[key] = (row.employees, row.scheduled_hours)
    if groups:
        db.session.execute(delete(StaffingGroup).where(tuple_(StaffingGroup.unit_id, StaffingGroup.month).in_(groups)))
    for key, by_group in groups.items():
        if key not in totals:
            for kind in ("both", "sex", "age_band"):
                picked = [n for (sex, band), n in by_group.items() if _group_kind(sex, band) == kind]
                if picked:
                    totals[key] = (sum(picked), None)
                    break
        db.session.add_all(
            StaffingGroup(unit_id=key[0], month=key[1], sex=sex, age_band=band, employees=employees)
            for (sex, band), employees in by_group.items()
        )
    held = {(s.unit_id, s.month): s for s in db.session.scalars(select(Staffing))} if totals else {}
    for (unit_id, month), (employees, hours) in totals.items():
        existing = held.get((unit_id, month))
        if existing is None:
            db.session.add(Staffing(unit_id=unit_id, month=month, employees=employees, scheduled_hours=hours))
        else:
            existing.employees, existing.scheduled_hours = employees, hours


def _group_kind(sex: str, band: str) -> str:
    return "both" if sex and band else "sex" if sex else "age_band"


_INSERT_SPELL = (
    "INSERT INTO absence_spells (employee_id, unit_id, first_day, last_day, extent, sex, age_band, import_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)  # written with the driver's own placeholders: ? for sqlite3, %s for psycopg


def _insert_spells(rows, codes: Mapping[str, int], import_id: int) -> None:
    """A batch of checked spells in one driver-level executemany of plain tuples, without the ORM's or SQLAlchemy's
    per-row work (a million rows take seconds, not minutes). On SQLite dates are written as ISO text, exactly as
    SQLAlchemy's Date type writes them."""
    connection = db.session.connection()
    sql = _INSERT_SPELL if connection.dialect.paramstyle == "qmark" else _INSERT_SPELL.replace("?", "%s")
    iso = connection.dialect.name == "sqlite"
    text_of = {}
    if iso:
        for day in {day for spell in rows for day in (spell.first_day, spell.last_day)}:
            text_of[day] = day.isoformat() if day is not None else None
    values = [
        (s.employee_id, codes[s.unit_code], text_of[s.first_day], text_of[s.last_day], s.extent, s.sex, s.age_band,
         import_id) if iso else (*s[:1], codes[s.unit_code], *s[2:], import_id)
        for s in rows
    ]  # fmt: skip
    connection.exec_driver_sql(sql, values)


def _purge(today: date) -> int:
    """The same cutoff as ``omtanke purge`` (survey_app.privacy.retention): whole calendar months."""
    if not retention_months():
        return 0
    cutoff = months_before(today, retention_months())
    return db.session.execute(
        delete(AbsenceSpell).where(AbsenceSpell.last_day.is_not(None), AbsenceSpell.last_day < cutoff)
    ).rowcount


def purge(actor: User | None, today: date) -> int:
    """Delete spells that ended before the retention period; returns how many."""
    removed = _purge(today)
    record(actor, "absence.purged", "absence_spell", None, removed=removed)
    db.session.commit()
    return removed


# --- statistics and signals -----------------------------------------------------------------------------------------


_SPELL_COLUMNS = (
    "SELECT employee_id, unit_id, first_day, last_day, extent, COALESCE(sex, ''), COALESCE(age_band, '') "
    "FROM absence_spells WHERE last_day IS NULL OR last_day >= ?"
)  # with the driver's own placeholder (? for sqlite3, %s for psycopg), like _INSERT_SPELL


def _load(first: date, units: dict[int, Unit]) -> SpellTable:
    """Spells that end on or after ``first`` as a table joined into episodes. The driver's own cursor hands rows and
    dates over as they are (ISO text on SQLite) and numpy parses and sorts them all at once: a million spells load in
    a few seconds, where building a Python object per spell took half a minute."""
    connection = db.session.connection()
    qmark = connection.dialect.paramstyle == "qmark"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_SPELL_COLUMNS if qmark else _SPELL_COLUMNS.replace("?", "%s"), (first.isoformat(),))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    employees, unit_ids, first_days, last_days, extents, sexes, bands = zip(*rows, strict=True) if rows else [()] * 7
    known = sorted(units)
    codes = np.array([units[unit_id].code for unit_id in known], dtype=str)
    unit_codes = codes[np.searchsorted(known, np.asarray(unit_ids, dtype=np.int64))] if rows else []
    return SpellTable.from_columns(
        employees, unit_codes, first_days, last_days, extents, rules().continuation_gap_days, sexes, bands
    )


def _month_start(day: date, back: int = 0) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@dataclass(frozen=True)
class Statistics:
    months: list  # UnitMonth for every unit, its ancestors and the organisation ("")
    signals: list  # UnitSignal of the latest full month
    month: date
    names: dict[str, str]
    ids: dict[str, int]
    ratios: dict[str, list]  # the organisation's Swedish ratios (GroupRatio) for the latest month, quarter and year

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


def statistics(actor: User, today: date, months: int = 12) -> Statistics:
    """Unit statistics for the last ``months`` full months and the unit signals of the latest one (HR and admin)."""
    _require(actor.role in ABSENCE_ROLES)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    last_month = _month_start(today, 1)
    first_month = _month_start(today, months)
    current = rules()
    # spells that ended more than two months before the first month cannot change its figures (a longer chain of
    # continued spells is the exception, and only moves days between "short" and "long")
    episodes = _load(first_month - timedelta(days=62), units)
    staffing = [
        StaffingFigure(units[row.unit_id].code, row.month, row.employees)
        for row in db.session.scalars(select(Staffing).where(Staffing.month >= first_month))
    ]
    rollup = {unit.code: (units[unit.parent_id].code if unit.parent_id in units else None) for unit in units.values()}
    found = unit_months(episodes, staffing, first_month, last_month, today, current, rollup=rollup)
    signals = unit_signals(found, current, last_month)
    groups = _group_staffing(first_month) + [
        GroupStaffing("total", m.month, m.employees) for m in found if m.unit == ""
    ]  # fmt: skip
    ratios = {
        period: group_ratios(episodes, groups, _month_start(today, span), last_month, today, current)
        for period, span in RATIO_PERIODS.items()
    }
    record_read(actor, "absence.statistics_read", "absence", None, months=months)
    names, ids = {u.code: u.name for u in units.values()}, {u.code: u.id for u in units.values()}
    return Statistics(found, signals, last_month, names, ids, ratios)


def _group_staffing(first_month: date) -> list[GroupStaffing]:
    """The organisation's staff per month by sex and by age band, from the groups given per unit: a unit's women are
    its ("F", all ages) row where given, else the sum of its ("F", band) rows; likewise for each age band."""
    by_unit_month: dict[tuple[int, date], dict[tuple[str, str], float]] = defaultdict(dict)
    for row in db.session.scalars(select(StaffingGroup).where(StaffingGroup.month >= first_month)):
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


def person_signals_for(actor: User, today: date) -> list:
    """Person signals the caller may see: HR and admin all; a manager those of employees in their units."""
    if actor.role not in (*ABSENCE_ROLES, Role.MANAGER.value):
        raise NotAllowedError
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    scope = unit_scope(actor)
    codes_in_scope = None if scope is None else {units[unit_id].code for unit_id in scope if unit_id in units}
    current = rules()
    episodes = _load(today - timedelta(days=2 * 366), units)
    found = [
        signal
        for signal in person_signals(episodes, current, today)
        if codes_in_scope is None or signal.unit in codes_in_scope
    ]
    talks = defaultdict(list)
    for talk in db.session.scalars(select(SignalTalk)):
        talks[(talk.employee_id, talk.rule)].append(talk.held_on)
    record_read(actor, "absence.signals_read", "absence", None, signals=len(found))
    return [(signal, max(talks.get((signal.employee, signal.rule), []), default=None)) for signal in found]


def record_talk(actor: User, employee_id: str, rule: str, held_on: date | None, today: date) -> SignalTalk:
    """That the talk a signal called for was held: the date only."""
    visible = {(signal.employee, signal.rule) for signal, _ in person_signals_for(actor, today)}
    if (employee_id, rule) not in visible:
        raise DomainError(_l("There is no such signal among those you may see."), "employee")
    if held_on is None or held_on > today:
        raise DomainError(_l("Give the date the talk was held (not in the future)."), "held_on")
    talk = SignalTalk(employee_id=employee_id, rule=rule, held_on=held_on, recorded_by_id=actor.id)
    db.session.add(talk)
    record(actor, "absence.talk_recorded", "absence_signal", employee_id, rule=rule)
    db.session.commit()
    return talk
