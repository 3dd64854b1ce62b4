"""Choosing the units an intervention's effect is compared with.

A comparison unit should have had, without the intervention, the same course as the treated unit: the same kind of
work (a preschool's season is not a home-care unit's), a similar size (a unit of 8 swings with every spell), and a
similar absence level and trend before the start. The rules, in the order a candidate is checked:

1. ``busy``: a unit with an intervention of its own in the period is never compared with (its change is not
   "without intervention").
2. ``other_kind``: when the treated unit's kind is known, only units of that kind qualify; a unit of unknown kind
   does not (it may be anything). When the treated unit's kind is unknown, the kind cannot be matched and every
   kind qualifies; size, level and trend then decide alone.
3. ``no_data``: the candidate must have employees in every month of the pre-period used (the treated unit's last
   ``pre_months`` months before the start).
4. ``size``: its mean employees over the pre-period within ``SIZE_FACTOR`` (half to double) of the treated unit's.

The qualifying units are ranked by a distance of absence level (sick days of ``measure`` per employee-year over the
pre-period) and trend (the least-squares slope of the monthly rate, days per employee-year per month), each
difference divided by that feature's standard deviation across the candidates with data, so that neither
dominates because of its unit: distance = √((Δlevel / sd_level)² + (Δtrend / sd_trend)²). The ``most`` nearest
are chosen; HR can change the choice afterwards. Every candidate is returned, so the page can say why a unit was
left out. Pure: no clock, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from interventions.effect.series import UnitSeries

#: A comparison unit's mean employees may be at most this many times the treated unit's, or at least its inverse.
SIZE_FACTOR = 2.0
#: Why a candidate was left out, in the order the rules are checked; the app translates them.
LEFT_OUT_REASONS = ("busy", "other_kind", "no_data", "size")


@dataclass(frozen=True)
class Candidate:
    """A unit that could be compared with, how far it is from the treated unit (``math.inf`` without data), why it
    was left out (None: it qualifies) and whether it is among the chosen."""

    series: UnitSeries
    distance: float
    left_out: str | None = None
    chosen: bool = False


@dataclass(frozen=True)
class _Profile:
    employees: float
    level: float
    trend: float


def pre_period(treated: UnitSeries, start: date, pre_months: int) -> tuple[date, ...]:
    """The treated unit's last ``pre_months`` months with employees before ``start``: the months compared."""
    months = [m for m, e in zip(treated.months, treated.employees, strict=True) if m < start and e > 0]
    return tuple(months[-pre_months:]) if pre_months > 0 else ()


def _profile(series: UnitSeries, months: tuple[date, ...], measure: str) -> _Profile | None:
    """Size, level and trend over ``months``; None unless the unit has employees in every one of them."""
    by_month = dict(zip(series.months, zip(series.employees, series.days(measure), strict=True), strict=True))
    if not months or any(by_month.get(m, (0, 0))[0] <= 0 for m in months):
        return None
    employees = np.array([by_month[m][0] for m in months], dtype=float)
    days = np.array([by_month[m][1] for m in months], dtype=float)
    rates = days / employees * 12
    trend = float(np.polyfit(np.arange(len(months)), rates, 1)[0]) if len(months) > 1 else 0.0
    return _Profile(float(employees.mean()), float(days.sum() / employees.sum() * 12), trend)


def _spread(values: list[float]) -> float:
    spread = float(np.std(values)) if len(values) > 1 else 0.0
    return spread if spread > 0 else 1.0


def _excluded(treated: UnitSeries, candidate: UnitSeries, busy: frozenset[int]) -> str | None:
    if candidate.unit_id in busy:
        return "busy"
    if treated.kind is not None and candidate.kind != treated.kind:
        return "other_kind"
    return None


def choose_comparisons(
    treated: UnitSeries,
    candidates: Sequence[UnitSeries],
    start: date,
    pre_months: int = 12,
    most: int = 10,
    measure: str = "short_term",
    busy: frozenset[int] = frozenset(),
) -> list[Candidate]:
    """Every candidate (the treated unit itself excepted) with its distance and, where it does not qualify, why
    (``LEFT_OUT_REASONS``): the qualifying ones nearest first, the first ``most`` of them marked ``chosen``, then
    the left-out ones, nearest first. ``busy``: units with an intervention of their own in the period."""
    months = pre_period(treated, start, pre_months)
    own = _profile(treated, months, measure)
    others = [c for c in candidates if c.unit_id != treated.unit_id]
    profiles = {c.unit_id: _profile(c, months, measure) for c in others}
    known = [p for p in profiles.values() if p is not None]
    level_sd = _spread([p.level for p in known])
    trend_sd = _spread([p.trend for p in known])
    rows: list[tuple[float, UnitSeries, str | None]] = []
    for candidate in others:
        profile = profiles[candidate.unit_id]
        distance = math.inf
        if profile is not None and own is not None:
            distance = math.hypot((profile.level - own.level) / level_sd, (profile.trend - own.trend) / trend_sd)
        reason = _excluded(treated, candidate, busy)
        if reason is None and (profile is None or own is None):
            reason = "no_data"
        if reason is None and not 1 / SIZE_FACTOR <= profile.employees / own.employees <= SIZE_FACTOR:
            reason = "size"
        rows.append((distance, candidate, reason))
    rows.sort(key=lambda row: (row[2] is not None, row[0], row[1].unit_id))
    return [
        Candidate(series, distance, reason, chosen=reason is None and rank < most)
        for rank, (distance, series, reason) in enumerate(rows)
    ]
