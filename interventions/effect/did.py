"""The difference-in-differences estimate with its interval (helper-owned: the method is written here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from interventions.effect.series import UnitSeries

#: The fewest months before and after the start the estimate needs.
MIN_MONTHS = 6
#: The fewest comparison units it needs.
MIN_COMPARISONS = 5
#: What the estimate says: a figure, or why the data cannot say.
VERDICTS = ("estimate", "too_few_months", "too_few_comparisons", "diverging_pre_trend")


@dataclass(frozen=True)
class Estimate:
    """The change in sick days per employee-year the intervention is estimated to have made (negative: fewer), its
    95 % interval, the per cent change against the treated unit's own level before, the pre-period check, the
    days and money it corresponds to over the after-period, and the verdict."""

    verdict: str
    measure: str
    change_per_employee_year: float | None
    low: float | None
    high: float | None
    change_pct: float | None
    pre_trend_difference: float | None
    pre_trend_p: float | None
    days: float | None
    cost: float | None
    months_before: int
    months_after: int
    comparisons: int


def estimate(
    treated: UnitSeries,
    comparisons: Sequence[UnitSeries],
    start: date,
    measure: str = "short_term",
    daily_cost: float = 0.0,
    seed: int = 0,
    draws: int = 2000,
) -> Estimate:
    """The estimate of the change from ``start`` (the first month after) in ``treated`` against ``comparisons``."""
    raise NotImplementedError
