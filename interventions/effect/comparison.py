"""Choosing the units an intervention's effect is compared with (helper-owned: the rules are written here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from interventions.effect.series import UnitSeries


@dataclass(frozen=True)
class Candidate:
    """A unit that could be compared with, how far it is from the treated unit, and why it was left out (None: it
    qualifies)."""

    series: UnitSeries
    distance: float
    left_out: str | None = None


def choose_comparisons(
    treated: UnitSeries,
    candidates: Sequence[UnitSeries],
    start: date,
    pre_months: int = 12,
    most: int = 10,
    measure: str = "short_term",
    busy: frozenset[int] = frozenset(),
) -> list[Candidate]:
    """Every candidate with its distance and, where it does not qualify, why; the ``most`` nearest qualifying first.
    ``busy``: units with an intervention of their own in the period (never compared with)."""
    raise NotImplementedError
