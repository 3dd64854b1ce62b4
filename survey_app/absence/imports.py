"""Absence imports: a file of spells (and one of staffing) checked, previewed and imported, for HR and admin.

**What a file covers.** HR systems often export per administration, so a file speaks only for the units it names.
For each unit with rows in the file, its period is from the earliest to the latest *first day* among that unit's
rows, both included; the import replaces the unit's stored spells whose first day falls in that period and nothing
else. End days do not widen the period: a file of spells that started in March says nothing about a spell that
started in April, however long March's spells lasted (and an open spell has no end). Spells of units the file does
not name are never touched, so per-administration files imported in any order give the database one combined file
would. Only when HR says the file is the whole organisation (``whole_organisation``) does it cover every unit, and
then every unit's period is the file's whole period (its earliest to its latest first day).

Within a unit's period a stored spell is *replaced* when the file has a spell of the same employee with the same first
day, and *removed* when it has none; a file row with no such stored spell is *added*. The preview counts these per
unit, for both choices, before anything is written, and the import records them in the audit log.

A spell moved to another unit in the HR system is replaced only when the file names both units (or is the whole
organisation); otherwise the old unit keeps its copy (but a spell a sick report started goes: ``person.reports``).
Every row is checked before anything is kept: one invalid row and nothing is imported, every problem listed with its
row number. Spells past the retention period are deleted on every import. Files are walked in batches, so memory
stays bounded by the batch and a compact key per spell.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, select, tuple_

from survey_app.absence.importing import (
    REQUIRED_SPELL_FIELDS,
    SPELL_FIELDS,
    STAFFING_FIELDS,
    RowProblem,
    SpellRow,
    check_spells,
    check_staffing,
)
from survey_app.absence.reported import drop_reported_copies
from survey_app.absence.services import can_import, delete_past_retention
from survey_app.access import NotAllowedError
from survey_app.audit import record
from survey_app.db import db
from survey_app.importing import MAX_PROBLEMS_SHOWN, ImportRejectedError, batches, nothing_imported, open_rows
from survey_app.models import AbsenceImport, AbsenceSpell, Staffing, StaffingGroup, Unit, User

SPELL_FILE_MAX_BYTES = 200 * 1024 * 1024  # a municipality's two years of spells as CSV is far below this
INSERT_BATCH = 10_000
STAFFING_REQUIRED = ("unit_code", "month", "employees")


@dataclass(frozen=True)
class UnitChange:
    """What an import does to one unit's stored spells (see the module docstring for the rule)."""

    unit: str  # the unit's code
    name: str
    named: bool  # the file has rows of this unit
    period_start: date | None  # the unit's period in the file (None when the file does not name it)
    period_end: date | None
    added: int
    replaced: int
    removed: int
    removed_if_whole_organisation: int  # removed when the file is declared to be the whole organisation


@dataclass(frozen=True)
class Preview:
    """What an import would do, before anything is written: the columns found, the first rows, the counts, the file's
    period, every problem and each unit's changes."""

    headers: tuple[str, ...]
    mapping: dict[str, int | None]
    sample: list  # the first checked spell rows
    spells: int
    staffing: int
    period_start: date | None
    period_end: date | None
    problems: list[RowProblem]
    changes: tuple[UnitChange, ...] = ()  # the named units first, then those only the wider scope would touch


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the spells stored and how many were added, replaced and removed, their period, the staffing
    figures and the spells purged past retention."""

    spells: int
    added: int
    replaced: int
    removed: int
    period_start: date | None
    period_end: date | None
    staffing: int
    purged: int
    changes: tuple[UnitChange, ...] = ()
    whole_organisation: bool = False


def preview(spells_data, spells_name, staffing_data, staffing_name, today: date) -> Preview:
    """What an import would do, without writing: columns found, the first rows, counts per unit and every problem.
    Walks the files the same way the import does, so memory stays bounded here too."""
    codes = _unit_codes()
    headers, mapping, sample, problems = (), {}, [], []
    spells = staffing = 0
    coverage = _Coverage(codes)
    if spells_data is not None:
        headers, mapping, _ = open_rows(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, SPELL_FILE_MAX_BYTES
        )
        for checked in _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, check_spells, codes, today
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            spells += len(checked.rows)
            sample += checked.rows[: 10 - len(sample)]
            coverage.add(checked.rows)
    if staffing_data is not None:
        for checked in _checked_batches(
            staffing_data, staffing_name, STAFFING_FIELDS, STAFFING_REQUIRED, check_staffing, codes
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            staffing += len(checked.rows)
    changes = () if problems else _changes(coverage, None)
    return Preview(headers, mapping, sample, spells, staffing, *coverage.period(), problems, changes)


def import_absence(
    actor: User | None,
    spells_data: bytes | None,
    spells_name: str,
    staffing_data: bytes | None,
    staffing_name: str,
    today: date,
    whole_organisation: bool = False,
) -> ImportResult:
    """One streaming pass inside one transaction: rows are checked and inserted in batches under a new import id; if
    any row is wrong the transaction is rolled back (nothing imported) and every problem is reported; otherwise the
    stored spells the file covers (module docstring) are deleted. Memory stays bounded by the batch."""
    if actor is not None and not can_import(actor):
        raise NotAllowedError
    codes = _unit_codes()
    staffing: list = []
    problems: list[RowProblem] = []
    if staffing_data is not None:
        for checked in _checked_batches(
            staffing_data, staffing_name, STAFFING_FIELDS, STAFFING_REQUIRED, check_staffing, codes
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            staffing += checked.rows
    coverage, batch = _Coverage(codes), None
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
        for checked in _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, check_spells, codes, today
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            if problems:
                continue  # keep checking the rest of the file, but write nothing more
            coverage.add(checked.rows)
            _insert_spells(checked.rows, codes, batch.id)
    if problems:
        db.session.rollback()
        raise nothing_imported(problems)
    if not coverage.rows and not staffing:
        db.session.rollback()
        raise ImportRejectedError(_l("The file holds no rows."), [])
    changes: tuple[UnitChange, ...] = ()
    if coverage.rows:
        changes = _changes(coverage, batch.id)
        _replace_covered(coverage, batch.id, whole_organisation)
        drop_reported_copies(coverage)
        batch.period_start, batch.period_end = coverage.period()
        batch.rows = coverage.rows
    elif batch is not None:
        db.session.delete(batch)
    _store_staffing(staffing, codes)
    purged = delete_past_retention(today)
    result = _result(coverage, changes, whole_organisation, len(staffing), purged)
    _audit(actor, batch.id if coverage.rows else None, result)
    db.session.commit()
    return result


def _result(coverage, changes, whole_organisation: bool, staffing: int, purged: int) -> ImportResult:
    removed = sum(c.removed_if_whole_organisation if whole_organisation else c.removed for c in changes)
    added, replaced = sum(c.added for c in changes), sum(c.replaced for c in changes)
    return ImportResult(
        coverage.rows, added, replaced, removed, *coverage.period(), staffing, purged, changes, whole_organisation
    )


def _audit(actor: User | None, import_id: int | None, result: ImportResult) -> None:
    """The import, and the wider scope as an entry of its own: it deletes spells of units the file does not name."""
    named = [change.unit for change in result.changes if change.named]
    record(actor, "absence.imported", "absence_import", import_id, spells=result.spells, added=result.added,
           replaced=result.replaced, removed=result.removed, staffing=result.staffing, units=named,
           whole_organisation=result.whole_organisation)  # fmt: skip
    if result.whole_organisation and result.spells:
        removed = {c.unit: c.removed_if_whole_organisation for c in result.changes if c.removed_if_whole_organisation}
        record(actor, "absence.whole_organisation_replaced", "absence_import", import_id,
               period_start=result.period_start.isoformat(), period_end=result.period_end.isoformat(),
               removed=removed)  # fmt: skip


def _unit_codes() -> dict[str, int]:
    return {code.upper(): unit_id for unit_id, code in db.session.execute(select(Unit.id, Unit.code))}


def _checked_batches(data, filename, fields, required, check, *args):
    """Checked rows in batches, with the problems of each batch: a file is walked without holding it as rows."""
    _, mapping, rows = open_rows(data, filename, fields, required, SPELL_FILE_MAX_BYTES)
    for batch in batches(rows, INSERT_BATCH):
        yield check(batch, mapping, *args)


class _Coverage:
    """What the file's spells cover, unit by unit: the first and last first day, and a key per row. A key is one
    64-bit integer — the employee's number in this import, then the first day's ordinal in the low 20 bits — so a
    million rows take 8 MB, and comparing them with the stored spells is numpy's work."""

    def __init__(self, codes: Mapping[str, int]):
        self.codes = codes
        self.rows = 0
        self.spans: dict[int, tuple[date, date]] = {}
        self.keys: dict[int, array] = defaultdict(lambda: array("q"))
        self.employees: dict[str, int] = {}

    def key(self, employee: str, first_day: date) -> int:
        return self.employees.setdefault(employee, len(self.employees)) << 20 | first_day.toordinal()

    def add(self, rows: Iterable[SpellRow]) -> None:
        for row in rows:
            unit_id = self.codes[row.unit_code]
            self.keys[unit_id].append(self.key(row.employee_id, row.first_day))
            span = self.spans.get(unit_id)
            if span is None:
                self.spans[unit_id] = (row.first_day, row.first_day)
            elif not span[0] <= row.first_day <= span[1]:
                self.spans[unit_id] = (min(span[0], row.first_day), max(span[1], row.first_day))
            self.rows += 1

    def period(self) -> tuple[date | None, date | None]:
        """The file's whole period: its earliest and latest first day."""
        if not self.spans:
            return None, None
        return min(first for first, _ in self.spans.values()), max(last for _, last in self.spans.values())


def _changes(coverage: _Coverage, import_id: int | None) -> tuple[UnitChange, ...]:
    """Added, replaced and removed per unit, against the stored spells that start in the file's period (those of
    this import, ``import_id``, left out)."""
    first, last = coverage.period()
    if first is None:
        return ()
    in_file_period: Counter[int] = Counter()
    in_unit_period: dict[int, array] = defaultdict(lambda: array("q"))
    for unit_id, employee, first_day in _stored_spells(first, last, import_id):
        in_file_period[unit_id] += 1
        span = coverage.spans.get(unit_id)
        if span is not None and span[0] <= first_day <= span[1]:
            known = employee in coverage.employees  # an employee the file does not name matches no row
            in_unit_period[unit_id].append(coverage.key(employee, first_day) if known else -1)
    touched = set(in_file_period) | set(coverage.spans)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(touched)))}
    changes = []
    for unit_id, (start, end) in coverage.spans.items():
        rows = np.asarray(coverage.keys[unit_id], dtype=np.int64)
        stored = np.asarray(in_unit_period[unit_id], dtype=np.int64)
        replaced = int(np.isin(rows, stored).sum())
        kept = int(np.isin(stored, rows).sum())  # stored spells the file gives again
        unit = units[unit_id]
        changes.append(UnitChange(unit.code, unit.name, True, start, end, len(rows) - replaced, replaced,
                                  len(stored) - kept, in_file_period[unit_id] - kept))  # fmt: skip
    for unit_id, count in in_file_period.items():
        if unit_id not in coverage.spans:
            changes.append(UnitChange(units[unit_id].code, units[unit_id].name, False, None, None, 0, 0, 0, count))
    return tuple(sorted(changes, key=lambda change: (not change.named, change.unit)))


_STORED_SPELLS = (
    "SELECT unit_id, employee_id, first_day FROM absence_spells WHERE first_day BETWEEN ? AND ? "
    "AND (import_id IS NULL OR import_id <> ?)"
)  # with the driver's own placeholders, like _INSERT_SPELL


def _stored_spells(first: date, last: date, import_id: int | None) -> Iterator[tuple[int, str, date]]:
    """(unit id, employee, first day) of the stored spells that start from ``first`` to ``last``, read in batches
    with the driver's own cursor: SQLAlchemy's work per row took most of the time of a re-import's counts."""
    connection = db.session.connection()
    sql = _STORED_SPELLS if connection.dialect.paramstyle == "qmark" else _STORED_SPELLS.replace("?", "%s")
    iso = connection.dialect.name == "sqlite"  # dates are ISO text there, both ways
    params = (first.isoformat(), last.isoformat()) if iso else (first, last)
    days: dict = {}
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (*params, import_id or 0))  # import ids start at 1
        while rows := cursor.fetchmany(INSERT_BATCH):
            for unit_id, employee, day in rows:
                if day not in days:
                    days[day] = date.fromisoformat(day) if isinstance(day, str) else day
                yield unit_id, employee, days[day]
    finally:
        cursor.close()


def _replace_covered(coverage: _Coverage, import_id: int, whole_organisation: bool) -> None:
    """Delete the stored spells the file covers: per named unit those starting in its period, or, for the whole
    organisation, every spell starting in the file's period. One statement whatever the number of units."""
    first, last = coverage.period()
    earlier = AbsenceSpell.import_id.is_(None) | (AbsenceSpell.import_id != import_id)
    covered = [AbsenceSpell.first_day.between(first, last), earlier]
    if not whole_organisation:
        spans = coverage.spans
        covered += [
            AbsenceSpell.unit_id.in_(spans),
            AbsenceSpell.first_day >= case({unit: span[0] for unit, span in spans.items()}, value=AbsenceSpell.unit_id),
            AbsenceSpell.first_day <= case({unit: span[1] for unit, span in spans.items()}, value=AbsenceSpell.unit_id),
        ]
    db.session.execute(delete(AbsenceSpell).where(*covered))


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
