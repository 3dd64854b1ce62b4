"""The stored spells as a ``SpellTable``: what the statistics and the person signals are computed from.

A million spells are read in about as long as the database takes to hand them over. The database sorts them by
employee, first day, last day (and id, so that equal spells keep one order) and packs each row into three values: the
employee, the days (first day × 2²⁰ + the length, or 2²⁰ − 1 while open) and the rest (unit, extent, sex, age band).
Each batch of rows becomes numeric columns at once, employees are numbered where the sorted column changes, and no
Python object is kept per row (a ``Spell`` per row took half a minute, all rows as tuples half a gigabyte).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from operator import ne

import numpy as np

from interventions.absence import AGE_BANDS, OPEN, SEXES, SpellTable
from survey_app.db import db
from survey_app.models import Unit

_FETCH = 50_000  # rows read from the cursor at a time: memory stays bounded by this and the numeric columns
_OPEN_LENGTH = (1 << 20) - 1  # longer than any spell: an open spell sorts after every closed one of its first day


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a file's or the database's spells stream through (a decorator or a
    ``with`` block). Each of its full passes walks every object of the app, and a million short-lived row tuples set
    it off again and again: measured, it took half the time of an import and of the statistics. Reference counting
    still frees every row at once; the collector runs again as before when the work is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _query(dialect: str) -> str:
    """The spells ending on or after a day, sorted and packed (module docstring), in the dialect's own SQL and
    placeholder; unknown sexes and age bands count as 0, as ``SpellTable.from_columns`` counts them."""
    if dialect == "sqlite":  # dates are ISO text
        day = "CAST(julianday({}) - 2440587.5 AS BIGINT)"
        mark, employee = "?", "employee_id"
    else:
        day, mark, employee = "CAST({} - DATE '1970-01-01' AS BIGINT)", "%s", 'employee_id COLLATE "C"'  # code points
    first, last = day.format("first_day"), day.format("last_day")
    sex = " ".join(f"WHEN '{value}' THEN {number}" for number, value in enumerate(SEXES, start=1))
    band = " ".join(f"WHEN '{value}' THEN {number}" for number, value in enumerate(AGE_BANDS, start=1))
    days = f"{first} * {_OPEN_LENGTH} + COALESCE({last}, {first} + {_OPEN_LENGTH})"  # first × 2²⁰ + length
    sex, band = f"CASE sex {sex} ELSE 0 END", f"CASE age_band {band} ELSE 0 END"
    rest = f"((CAST(unit_id AS BIGINT) * 128 + extent) * 4 + {sex}) * 4 + {band}"
    where = f"WHERE last_day IS NULL OR last_day >= {mark} ORDER BY {employee}, 2, id"
    return f"SELECT employee_id, {days}, {rest} FROM absence_spells {where}"  # noqa: S608 - constants only


@collector_paused()
def load_spells(first: date, units: Mapping[int, Unit], gap_days: int) -> SpellTable:
    """Spells that end on or after ``first``, joined into episodes with ``gap_days``; ``units`` is every unit by id.
    Read with the driver's own cursor, in batches (module docstring)."""
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    names: list[str] = []
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    previous = None
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_query(connection.dialect.name), (first.isoformat() if sqlite else first,))
        while rows := cursor.fetchmany(_FETCH):
            employees, days, rest = zip(*rows, strict=True)
            new = np.fromiter(map(ne, employees, (previous, *employees[:-1])), bool, len(rows))
            names += [employees[i] for i in np.flatnonzero(new).tolist()]
            previous = employees[-1]
            parts.append((new, np.fromiter(days, np.int64, len(rows)), np.fromiter(rest, np.int64, len(rows))))
    finally:
        cursor.close()
    new, days, rest = (np.concatenate(part) for part in zip(*parts, strict=True)) if parts else [np.zeros(0, int)] * 3
    del parts  # each column is let go as soon as it is used: a million rows hold 8 MB a column
    employee = np.cumsum(new) - 1
    del new
    ordered = names == sorted(names)  # code-point order, as SpellTable keeps its names (each name comes once)
    if not ordered:  # a database whose order differs: the names sorted here and the rows again by from_codes
        place = {name: i for i, name in enumerate(sorted(names))}
        employee = np.array([place[name] for name in names], dtype=np.int64)[employee]
        names = sorted(names)
    first_day = days >> 20
    last_day = days & _OPEN_LENGTH
    open_ = last_day == _OPEN_LENGTH
    last_day += first_day
    last_day[open_] = OPEN
    del days, open_
    unit_id = rest >> 11
    present = np.unique(unit_id)
    codes = sorted(units[unit].code for unit in present.tolist())
    position = {code: i for i, code in enumerate(codes)}
    unit = np.array([position[units[i].code] for i in present.tolist()], dtype=np.int64)
    unit = unit[np.searchsorted(present, unit_id)]
    del unit_id
    extent, sex, band = ((rest >> 4) & 127).astype(np.float64), (rest >> 2) & 3, rest & 3
    del rest
    return SpellTable.from_codes(tuple(names), tuple(codes), employee, unit, first_day, last_day, extent, gap_days,
                                 sex, band, ordered=ordered)  # fmt: skip
