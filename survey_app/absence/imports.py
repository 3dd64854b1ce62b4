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

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import repeat

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, select, tuple_

from survey_app.absence.coverage import Coverage, split_by, stored_spells
from survey_app.absence.importing import (
    REQUIRED_SPELL_FIELDS,
    SPELL_FIELDS,
    STAFFING_FIELDS,
    Memo,
    RowProblem,
    SpellCheck,
    SpellColumns,
    check_staffing,
)
from survey_app.absence.reported import drop_reported_copies
from survey_app.absence.services import can_import, delete_past_retention
from survey_app.absence.spell_table import collector_paused
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


@collector_paused()
def preview(spells_data, spells_name, staffing_data, staffing_name, today: date) -> Preview:
    """What an import would do, without writing: columns found, the first rows, counts per unit and every problem.
    Walks the files the same way the import does, so memory stays bounded here too."""
    codes = _unit_codes()
    headers, mapping, sample, problems = (), {}, [], []
    spells = staffing = 0
    coverage = Coverage(codes)
    if spells_data is not None:
        headers, mapping, _ = open_rows(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, SPELL_FILE_MAX_BYTES
        )
        for checked in _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, SpellCheck(codes, today)
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            spells += len(checked)
            sample += checked.rows(10 - len(sample))
            coverage.add(checked)
    if staffing_data is not None:
        for checked in _checked_batches(
            staffing_data, staffing_name, STAFFING_FIELDS, STAFFING_REQUIRED, check_staffing, codes
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            staffing += len(checked.rows)
    changes = () if problems else _changes(coverage, None)
    return Preview(headers, mapping, sample, spells, staffing, *coverage.period(), problems, changes)


@collector_paused()
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
    coverage, batch = Coverage(codes), None
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
        before = _last_spell_before()
        for checked in _checked_batches(
            spells_data, spells_name, SPELL_FIELDS, REQUIRED_SPELL_FIELDS, SpellCheck(codes, today)
        ):
            problems += checked.problems[: MAX_PROBLEMS_SHOWN - len(problems)]
            if problems:
                continue  # keep checking the rest of the file, but write nothing more
            coverage.add(checked)
            _insert_spells(checked, batch.id)
    if problems:
        db.session.rollback()
        raise nothing_imported(problems)
    if not coverage.rows and not staffing:
        db.session.rollback()
        raise ImportRejectedError(_l("The file holds no rows."), [])
    changes: tuple[UnitChange, ...] = ()
    if coverage.rows:
        changes = _changes(coverage, batch.id, before)
        _replace_covered(coverage, batch.id, whole_organisation, before)
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


def _last_spell_before() -> int | None:
    """On SQLite, the largest spell id before the import's first row, or None. The import holds SQLite's one write
    lock from its first write on, so every spell above this id is its own: the scans that count and replace what the
    file covers read the ids up to it (a range SQLite reads directly) and skip the million rows just written. On
    PostgreSQL, where other transactions may add spells meanwhile, the import's id alone tells them apart."""
    if db.session.connection().dialect.name != "sqlite":
        return None
    return db.session.scalar(select(func.max(AbsenceSpell.id))) or 0  # before any row of the import is written


def _changes(coverage: Coverage, import_id: int | None, before: int | None = None) -> tuple[UnitChange, ...]:
    """Added, replaced and removed per unit, against the stored spells that start in the file's period (those of
    this import, ``import_id``, left out)."""
    first, last = coverage.period()
    if first is None:
        return ()
    in_file_period: Counter[int] = Counter()
    in_unit_period: dict[int, list[np.ndarray]] = defaultdict(list)
    size = max(coverage.spans) + 2  # the last place: units the file does not name, with an empty span
    low, high = np.full(size, 1 << 40), np.full(size, -1)
    for unit_id, (start, end) in coverage.spans.items():
        low[unit_id], high[unit_id] = start.toordinal(), end.toordinal()
    for units, employees, days in stored_spells(first, last, import_id, before):
        present, counts = np.unique(units, return_counts=True)
        in_file_period.update(dict(zip(present.tolist(), counts.tolist(), strict=True)))
        named = np.minimum(units, size - 1)
        inside = np.flatnonzero((low[named] <= days) & (days <= high[named]))
        known = np.fromiter(map(coverage.employees.get, (employees[i] for i in inside.tolist()), repeat(-1)), np.int64,
                            len(inside))  # an employee the file does not name matches no row  # fmt: skip
        keys = np.where(known >= 0, known << 20 | days[inside], -1)
        for unit_id, unit_keys in split_by(units[inside], keys):
            in_unit_period[unit_id].append(unit_keys)
    touched = set(in_file_period) | set(coverage.spans)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(touched)))}
    changes = []
    for unit_id, (start, end) in coverage.spans.items():
        rows = coverage.keys[unit_id]
        stored = np.concatenate(in_unit_period[unit_id] or [np.zeros(0, np.int64)])
        replaced = int(np.isin(rows, stored).sum())
        kept = int(np.isin(stored, rows).sum())  # stored spells the file gives again
        unit = units[unit_id]
        changes.append(UnitChange(unit.code, unit.name, True, start, end, len(rows) - replaced, replaced,
                                  len(stored) - kept, in_file_period[unit_id] - kept))  # fmt: skip
    for unit_id, count in in_file_period.items():
        if unit_id not in coverage.spans:
            changes.append(UnitChange(units[unit_id].code, units[unit_id].name, False, None, None, 0, 0, 0, count))
    return tuple(sorted(changes, key=lambda change: (not change.named, change.unit)))


def _replace_covered(coverage: Coverage, import_id: int, whole_organisation: bool, before: int | None) -> None:
    """Delete the stored spells the file covers: per named unit those starting in its period, or, for the whole
    organisation, every spell starting in the file's period. One statement whatever the number of units; ``before``:
    ``_last_spell_before``."""
    first, last = coverage.period()
    earlier = AbsenceSpell.import_id.is_(None) | (AbsenceSpell.import_id != import_id)
    covered = [AbsenceSpell.first_day.between(first, last), earlier]
    if before is not None:
        covered.append(AbsenceSpell.id <= before)
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


_SPELL_COLUMNS = "employee_id, unit_id, first_day, last_day, extent, sex, age_band, import_id"
_ROWS_PER_STATEMENT = 100  # SQLite sets up a table's CHECK constraints once per statement, not once per row


def _insert_spells(spells: SpellColumns, import_id: int) -> None:
    """A batch of checked spells, 100 rows to a driver-level INSERT, the statements sent in one executemany: without
    the ORM's or SQLAlchemy's per-row work, and with SQLite's setting up of the CHECK constraints paid once per 100
    rows (one row to a statement took twice as long). The values are laid out column by column into one flat tuple
    (slice assignment: no tuple per row); the import id, and sex and age band when the batch has none, are written
    into the statement rather than bound row by row. On SQLite dates are written as ISO text, exactly as
    SQLAlchemy's Date type writes them."""
    n = len(spells)
    if not n:
        return
    connection = db.session.connection()
    first, last = spells.first_day, spells.last_day
    if connection.dialect.name == "sqlite":
        text = Memo(lambda day: day.isoformat() if day is not None else None)
        first, last = list(map(text.__getitem__, first)), list(map(text.__getitem__, last))
    columns = [spells.employee, spells.unit.tolist(), first, last, spells.extent]
    groups = any(spells.sex) or any(spells.age_band)
    if groups:
        columns += [spells.sex, spells.age_band]
    values: list = [None] * (len(columns) * n)
    for place, column in enumerate(columns):
        values[place :: len(columns)] = column
    flat = tuple(values)  # whose slices are the statements' tuples of values
    width = len(columns) * _ROWS_PER_STATEMENT
    full = len(flat) // width * width
    if full:
        params = [flat[start : start + width] for start in range(0, full, width)]
        connection.exec_driver_sql(_insert_statement(connection, _ROWS_PER_STATEMENT, groups, import_id), params)
    if full < len(flat):
        statement = _insert_statement(connection, n % _ROWS_PER_STATEMENT, groups, import_id)
        connection.exec_driver_sql(statement, flat[full:])


def _insert_statement(connection, rows: int, groups: bool, import_id: int) -> str:
    """The INSERT of ``rows`` rows with the driver's own placeholders (? for sqlite3, %s for psycopg); without
    ``groups``, sex and age band are NULL."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    row = ", ".join([mark] * (7 if groups else 5) + ([] if groups else ["NULL", "NULL"]) + [str(int(import_id))])
    values = ", ".join([f"({row})"] * rows)  # placeholders, NULL and an integer: nothing from the file
    return f"INSERT INTO absence_spells ({_SPELL_COLUMNS}) VALUES {values}"  # noqa: S608
