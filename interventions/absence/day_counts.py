"""Counting sick days of one episode or spell: in a period, in all, and the short-term days 1–14."""

from __future__ import annotations

from datetime import date, timedelta

from interventions.absence.rules import AbsenceRules
from interventions.absence.spells import Episode, Spell, segments, spell_end


def _overlap(first: date, last: date, start: date, end: date) -> int:
    """Number of days in both [first, last] and [start, end]."""
    return max(0, (min(last, end) - max(first, start)).days + 1)


def sick_days(item: Episode | Spell, start: date, end: date, today: date, weighted: bool = True) -> float:
    """Calendar sick days of an episode or spell inside [start, end]; open spells run to ``today``. With ``weighted``
    each day counts extent/100 (a day at 50 % counts half)."""
    total = 0.0
    for spell in segments(item):
        days = _overlap(spell.first_day, spell_end(spell, today), start, end)
        total += days * spell.extent / 100 if weighted else days
    return total


def _length(spell: Spell, today: date) -> int:
    return max(0, (spell_end(spell, today) - spell.first_day).days + 1)


def episode_length(item: Episode | Spell, today: date) -> int:
    """Sick calendar days of the whole episode to its end (to ``today`` while open), whatever the extent. The days
    back at work between joined spells are not sick days and do not count."""
    return sum(_length(spell, today) for spell in segments(item))


def _short_term_parts(item: Episode | Spell, today: date, max_day: int) -> list[tuple[Spell, date, date]]:
    """Each segment's stretch that falls on sick days 1..max_day of the episode."""
    parts, remaining = [], max_day
    for spell in segments(item):
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
