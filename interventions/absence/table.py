"""Spells as numpy columns: a million spells become unit months, ratios and signals in seconds, with exactly the rules
the rest of ``interventions.absence`` documents for single spells and episodes.

``SpellTable`` holds spells as numpy columns sorted by employee and first day, already joined into episodes by the
continuation rule. Days are integers (days since 1970-01-01); an open spell's last day is ``OPEN`` and runs to the
``today`` each computation is given. Plain numpy: never Flask, SQLAlchemy or ``survey_app``, never the clock.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from interventions.absence.reporting_groups import AGE_BANDS, SEXES
from interventions.absence.spells import Episode, Spell

_EPOCH = date(1970, 1, 1)
OPEN = 1 << 40  # the last day of an open spell: later than any real day


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
        names, employee = _codes(employees)
        unit_names, unit = _codes(units)
        n = len(employee)
        sex = np.maximum(_codes(sexes, ("", *SEXES))[1], 0) if sexes is not None else np.zeros(n, dtype=np.int64)
        band = np.maximum(_codes(bands, ("", *AGE_BANDS))[1], 0) if bands is not None else np.zeros(n, dtype=np.int64)
        extent = np.asarray(extents, dtype=np.float64)
        return cls.from_codes(names, unit_names, employee, unit, _days(first_days), _days(last_days), extent, gap_days,
                              sex, band)  # fmt: skip

    @classmethod
    def from_codes(
        cls,
        employees: tuple[str, ...],
        units: tuple[str, ...],
        employee: np.ndarray,
        unit: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        extent: np.ndarray,
        gap_days: int,
        sex: np.ndarray | None = None,
        band: np.ndarray | None = None,
        ordered: bool = False,
    ) -> SpellTable:
        """Spells already encoded, joined as ``from_columns`` joins them: ``employee`` and ``unit`` index the sorted
        names ``employees`` and ``units``, days are day numbers (``OPEN``: still open), ``extent`` is per cent and
        ``sex``/``band`` index ("", *SEXES) and ("", *AGE_BANDS); ``ordered``: the spells are already sorted by
        employee, first day and last day (a database sorted them). A caller that reads a million spells encodes them
        as it reads, without a text column in between."""
        n = len(employee)
        sex = sex if sex is not None else np.zeros(n, dtype=np.int64)
        band = band if band is not None else np.zeros(n, dtype=np.int64)
        employee, unit, first, last, extent, sex, band = _sorted(
            employee, unit, first, last, extent, sex, band, ordered=ordered
        )
        same = employee[1:] == employee[:-1]
        new = np.ones(n, dtype=bool)
        new[1:] = ~same | ((last[:-1] != OPEN) & (first[1:] - last[:-1] > max(gap_days, 1)))
        overlap = np.zeros(n, dtype=bool)
        overlap[:-1] = same & (first[1:] <= last[:-1])
        cut = last.copy()
        cut[:-1][overlap[:-1]] = first[1:][overlap[:-1]] - 1
        keep = cut >= first  # a spell cut to nothing (the next one starts the same day) is dropped
        episode = np.cumsum(new) - 1
        kept = [employee, unit, first, cut, extent, sex, band, episode]
        if not keep.all():
            kept = [column[keep] for column in kept]
            opens = np.r_[True, kept[-1][1:] != kept[-1][:-1]] if len(kept[-1]) else np.zeros(0, bool)
            kept[-1] = np.cumsum(opens) - 1  # renumbered in order: every episode keeps a segment
        episode = kept[-1]
        starts = np.flatnonzero(np.r_[True, episode[1:] != episode[:-1]]) if len(episode) else np.zeros(0, np.int64)
        return cls(tuple(employees), tuple(units), *kept, starts)

    @classmethod
    def from_spells(cls, spells: Iterable[Spell], gap_days: int) -> SpellTable:
        """Spells as objects, joined with ``gap_days`` as ``from_columns`` joins them."""
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
    names, employee = _codes(employees)
    unit_names, unit = _codes(units)
    sex = np.maximum(_codes(sexes, ("", *SEXES))[1], 0) if sexes is not None else np.zeros(n, dtype=np.int64)
    band = np.maximum(_codes(bands, ("", *AGE_BANDS))[1], 0) if bands is not None else np.zeros(n, dtype=np.int64)
    extent = np.asarray(extents, dtype=np.float64)
    columns = _sorted(employee, unit, _days(first_days), _days(last_days), extent, sex, band, *extra)
    return tuple(names), tuple(unit_names), columns


def _sorted(employee, unit, first, last, extent, sex, band, *extra, ordered: bool = False):
    """Encoded columns checked and sorted by employee, first day and last day (``ordered``: they are); extents
    become shares."""
    if len(employee) and (last < first).any():
        raise ValueError("a spell ends before it starts")
    if len(employee) and ((extent <= 0) | (extent > 100)).any():
        raise ValueError("an extent is not a percentage of working time")
    columns = (employee, unit, first, last, extent / 100, sex, band, *extra)
    if ordered:
        return columns
    order = np.lexsort((last, first, employee))
    return tuple(column[order] for column in columns)


def as_table(data: SpellTable | Iterable[Episode]) -> SpellTable:
    """A table as it is, or episodes exactly as they were joined."""
    return data if isinstance(data, SpellTable) else SpellTable.from_episodes(data)


def overlap_days(first: np.ndarray, last: np.ndarray, start: int, end: int) -> np.ndarray:
    """Days of each [first, last] inside [start, end] (0 where they do not meet)."""
    return np.maximum(np.minimum(last, end) - np.maximum(first, start) + 1, 0)
