"""What an absence file covers, unit by unit, and the stored spells it is compared with (``imports`` holds the rule).

Kept column by column: a million-row file adds a key per row to numpy arrays and one dictionary lookup for its
employee, never a Python object per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

import numpy as np

from survey_app.absence.importing import Memo, SpellColumns
from survey_app.db import db

BATCH = 10_000  # stored spells read from the cursor at a time


class _Numbering(dict):
    """A number for each new key, in the order keys come: the employees of an import."""

    def __missing__(self, key) -> int:
        number = self[key] = len(self)
        return number


class Coverage:
    """What the file's spells cover, unit by unit: the first and last first day, and a key per row. A key is one
    64-bit integer — the employee's number in this import, then the first day's ordinal in the low 20 bits — so a
    million rows take 8 MB, and comparing them with the stored spells is numpy's work. Batches are added column by
    column: no Python work per row beyond one dictionary lookup for its employee."""

    def __init__(self, codes: Mapping[str, int]):
        self.codes = codes
        self.rows = 0
        self.spans: dict[int, tuple[date, date]] = {}
        self.employees: dict[str, int] = _Numbering()
        self._added: list[tuple[np.ndarray, np.ndarray]] = []  # (unit ids, keys) of each batch
        self._keys: dict[int, np.ndarray] | None = None

    def key(self, employee: str, first_day: date) -> int:
        """The key of a spell of ``employee`` starting ``first_day`` (an employee new to the import is numbered)."""
        return self.employees[employee] << 20 | first_day.toordinal()

    def add(self, spells: SpellColumns) -> None:
        """A batch of checked spells: their keys, and each unit's first and last first day widened to hold them."""
        if not len(spells):
            return
        employees = np.fromiter(map(self.employees.__getitem__, spells.employee), np.int64, len(spells))
        self._added.append((spells.unit, employees << 20 | spells.first))
        units, where = np.unique(spells.unit, return_inverse=True)
        low, high = np.full(len(units), 1 << 40), np.full(len(units), -1)
        np.minimum.at(low, where, spells.first)
        np.maximum.at(high, where, spells.first)
        for unit, first, last in zip(units.tolist(), low.tolist(), high.tolist(), strict=True):
            span = self.spans.get(unit)
            first, last = (first, last) if span is None else (min(span[0].toordinal(), first),
                                                              max(span[1].toordinal(), last))  # fmt: skip
            self.spans[unit] = (date.fromordinal(first), date.fromordinal(last))
        self.rows += len(spells)
        self._keys = None

    @property
    def keys(self) -> dict[int, np.ndarray]:
        """Each unit's keys, in file order."""
        if self._keys is None:
            units = np.concatenate([units for units, _ in self._added] or [np.zeros(0, np.int64)])
            keys = np.concatenate([keys for _, keys in self._added] or [np.zeros(0, np.int64)])
            self._keys = dict(split_by(units, keys))
        return self._keys

    def period(self) -> tuple[date | None, date | None]:
        """The file's whole period: its earliest and latest first day."""
        if not self.spans:
            return None, None
        return min(first for first, _ in self.spans.values()), max(last for _, last in self.spans.values())


def split_by(units: np.ndarray, values: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(unit id, its values in their order) for each unit among ``units``."""
    if not len(units):
        return iter(())
    order = np.argsort(units, kind="stable")
    present, starts = np.unique(units[order], return_index=True)
    return zip(present.tolist(), np.split(values[order], starts[1:]), strict=True)


_STORED_SPELLS = (
    "SELECT unit_id, employee_id, first_day FROM absence_spells WHERE first_day BETWEEN ? AND ? "
    "AND (import_id IS NULL OR import_id <> ?)"
)  # with the driver's own placeholders: ? for sqlite3, %s for psycopg


def stored_spells(
    first: date, last: date, import_id: int | None, before: int | None = None
) -> Iterator[tuple[np.ndarray, list, np.ndarray]]:
    """(unit ids, employees, first days' ordinals) of the stored spells that start from ``first`` to ``last`` (with
    ``before``, only those with an id up to it), in batches read with the driver's own cursor: SQLAlchemy's work per
    row took most of the time of a re-import's counts."""
    connection = db.session.connection()
    sql = _STORED_SPELLS if connection.dialect.paramstyle == "qmark" else _STORED_SPELLS.replace("?", "%s")
    iso = connection.dialect.name == "sqlite"  # dates are ISO text there, both ways
    params = (first.isoformat(), last.isoformat()) if iso else (first, last)
    if before is not None:
        sql, params = sql + (" AND id <= ?" if iso else " AND id <= %s"), (*params, before)
    ordinal = Memo(lambda day: (date.fromisoformat(day) if isinstance(day, str) else day).toordinal())
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, (*params[:2], import_id or 0, *params[2:]))  # import ids start at 1
        while rows := cursor.fetchmany(BATCH):
            units, employees, days = zip(*rows, strict=True)
            yield (np.fromiter(units, np.int64, len(rows)), employees,
                   np.fromiter(map(ordinal.__getitem__, days), np.int64, len(rows)))  # fmt: skip
    finally:
        cursor.close()
