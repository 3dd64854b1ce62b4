"""Synthetic absence histories with a known effect: what the tests and ``bench/effect.py`` check the estimate on.

One history is a treated unit and its comparison units of one kind over ``months_before`` months before the case's
start and ``months_after`` from it. Every unit has its own level of short-term sick days per employee-year, all share
a seasonal pattern (more absence in winter) and a slow organisation-wide trend, and each month's days are Poisson
draws around the unit's expected days with a little extra unit-month noise (a flu week in one workplace), so the
comparison units are alike but never identical. The treated unit's short-term days are multiplied by
``1 + effect`` from the start; ``pre_trend`` lets its level drift away from the others before the start (the case
the pre-trend check must flag). Longer absence (days 15 onward) is added to the total and is left untouched by the
effect, so the planted change in total days equals the one in short-term days.

The planted change is given as the estimate states it: short-term days per employee-year over the after-period,
the treated unit's expected rate with the effect minus without it. Never used on real data; seeded, so a history
is the same on every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from interventions.absence.months import add_months
from interventions.effect.series import UnitSeries

#: Short-term sick days per employee-year the units' levels are drawn around (Swedish municipal care: roughly 8–12).
SHORT_TERM_LEVEL = 10.0
#: Longer absence (days 15 onward) per employee-year, added to the total.
LONG_LEVEL = 14.0
#: The common seasonal swing: ± this share around the unit's level, highest in January.
SEASON = 0.25
#: The organisation-wide trend over the whole history, as a share of the level.
COMMON_TREND = -0.05
#: The extra unit-month noise (standard deviation of a multiplicative factor) on top of the Poisson draw.
MONTH_NOISE = 0.05


@dataclass(frozen=True)
class History:
    """A treated unit, its comparison units, the case's start and the planted change (short-term and total sick
    days per employee-year over the after-period, and the same in per cent of the treated unit's level before)."""

    treated: UnitSeries
    comparisons: tuple[UnitSeries, ...]
    start: date
    planted_change: float
    planted_pct: float


def _expected_rates(levels: np.ndarray, months: int, before: int) -> np.ndarray:
    """Expected short-term days per employee-year, units × months: level × season × common trend."""
    index = np.arange(months)
    season = 1 + SEASON * np.cos(2 * math.pi * (index - before) / 12)
    trend = 1 + COMMON_TREND * index / months
    return levels[:, None] * season[None, :] * trend[None, :]


def _persistent_noise(
    rng: np.random.Generator, shape: tuple[int, int], spread: float, persistence: float
) -> np.ndarray:
    """Unit-month log-noise of standard deviation ``spread``, each month carrying ``persistence`` of the last."""
    shocks = rng.normal(0, spread * np.sqrt(1 - persistence**2), shape)
    noise = np.empty(shape)
    noise[:, 0] = rng.normal(0, spread, shape[0])
    for month in range(1, shape[1]):
        noise[:, month] = persistence * noise[:, month - 1] + shocks[:, month]
    return noise


def simulate_history(
    seed: int,
    start: date,
    units: int = 20,
    months_before: int = 24,
    months_after: int = 12,
    effect: float = -0.12,
    pre_trend: float = 0.0,
    treated_employees: float = 120.0,
    kind: str = "home_care",
    persistence: float = 0.0,
    month_noise: float = MONTH_NOISE,
) -> History:
    """A history of ``units`` comparison units and one treated unit (unit id 0) whose short-term days change by
    ``effect`` (−0.12: 12 % fewer) from ``start`` (the first month of the after-period; its month's first day).

    The treated unit has ``treated_employees``, comparison units half to 1.6 times as many. ``pre_trend``: the treated
    unit's level rises by this share over the before-period relative to the others (and keeps rising after).
    ``persistence``: how much of a unit's extra noise carries over to the next month (0: none; 0.5: a bad month
    tends to be followed by another), which real absence has and a bootstrap of single months would miss;
    ``month_noise`` its standard deviation.
    """
    rng = np.random.default_rng(seed)
    total_months = months_before + months_after
    months = tuple(add_months(start, offset - months_before) for offset in range(total_months))
    levels = rng.normal(SHORT_TERM_LEVEL, 1.5, units + 1).clip(4, None)
    sizes = treated_employees * np.concatenate(([1.0], rng.uniform(0.5, 1.6, units)))
    employees = sizes[:, None] * rng.uniform(0.95, 1.05, (units + 1, total_months))
    rates = _expected_rates(levels, total_months, months_before)
    drift = 1 + pre_trend * (np.arange(total_months) - months_before + 1) / months_before
    rates[0] *= drift
    effect_factor = np.where(np.arange(total_months) >= months_before, 1 + effect, 1.0)
    counterfactual = rates[0].copy()
    rates[0] *= effect_factor
    noise = np.exp(_persistent_noise(rng, rates.shape, month_noise, persistence))
    short = rng.poisson(rates * noise * employees / 12).astype(float)
    long_days = rng.poisson(LONG_LEVEL * rng.lognormal(0, 0.2, rates.shape) * employees / 12).astype(float)
    series = [
        UnitSeries(
            unit_id=unit,
            kind=kind,
            months=months,
            employees=tuple(float(e) for e in employees[unit]),
            short_term_days=tuple(short[unit]),
            sick_days=tuple(short[unit] + long_days[unit]),
        )
        for unit in range(units + 1)
    ]
    after = slice(months_before, None)
    planted = float(np.mean(rates[0, after] - counterfactual[after]))
    level_before = float(np.mean(counterfactual[:months_before]))
    return History(series[0], tuple(series[1:]), start, planted, planted / level_before * 100)
