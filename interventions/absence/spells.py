"""Sick-leave spells and the episodes they join into by the continuation rule (5 days in Sweden)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from interventions.absence.rules import AbsenceRules

_DAY = timedelta(days=1)


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


def segments(item: Episode | Spell) -> tuple[Spell, ...]:
    """The spells an episode is made of (a spell on its own: itself)."""
    return item.segments if isinstance(item, Episode) else (item,)


def spell_end(spell: Spell, today: date) -> date:
    """The spell's last day; an open spell runs to ``today``."""
    return spell.last_day if spell.last_day is not None else today
