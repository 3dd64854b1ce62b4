"""The evaluation of an intervention: a unit's absence per employee before and after, the change and the days saved.

Botkyrka's outcome contract compared *short-term* sick days (days 1–14) per employee with a reference period; the
target was −12 % and the result was valued at the employer's cost of a short-term sick day (docs/method.md,
docs/absence-figures.md). Pure: plain figures in, a frozen result out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

_DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class PeriodFigures:
    """Absence figures for one period of a unit: the reference period before the intervention or the follow-up
    period after it. Days are calendar days; ``short_term_sick_days`` counts days 1–14 of each spell
    (docs/absence-rules.md); ``None`` where a figure is unknown."""

    start: date
    end: date  # inclusive
    employees: float  # average headcount (or FTE) in the period
    sick_days: float | None
    short_term_sick_days: float | None

    @property
    def days(self) -> int:
        """The number of calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Evaluation:
    """The result of an intervention: per-employee figures of both periods, their change and the days saved.

    The per-employee figures are ``(reference, follow_up)``, annualised to a 365-day year. Every figure is ``None``
    where an input it needs is missing (or a division by zero would be needed).
    """

    sick_days_per_employee: tuple[float | None, float | None]
    short_term_days_per_employee: tuple[float | None, float | None]
    change_sick_days_pct: float | None
    change_short_term_pct: float | None
    short_term_days_saved: float | None
    estimated_value: float | None


def _per_employee_year(days: float | None, period: PeriodFigures) -> float | None:
    if days is None or period.employees == 0:
        return None
    return days / period.employees * _DAYS_PER_YEAR / period.days


def _change_pct(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None or before == 0 else (after - before) / before * 100


def _check_period(period: PeriodFigures, name: str) -> None:
    if period.end < period.start:
        raise ValueError(f"the {name} period ends before it starts")
    figures = (period.employees, period.sick_days, period.short_term_sick_days)
    if any(figure is not None and not figure >= 0 for figure in figures):  # "not >= 0" also rejects NaN
        raise ValueError(f"the {name} period has a negative or undefined figure")


def evaluate(reference: PeriodFigures, follow_up: PeriodFigures, daily_cost: float) -> Evaluation:
    """Compare the follow-up period with the reference period, as Botkyrka's outcome contract did (docs/method.md).

    * Sick days and short-term sick days per employee are annualised: days / employees × 365 / period days, so a
      half-year follow-up compares with a reference year.
    * The change is relative, in per cent of the reference figure (−12 % was Botkyrka's target); ``None`` when the
      reference figure is 0.
    * Short-term days saved = (reference − follow-up per employee-year) × follow-up employees × follow-up days / 365:
      the short-term days the unit would have had at the reference rate minus the days it had; negative when
      absence rose. ``estimated_value`` = days saved × ``daily_cost`` (the employer's cost of a short-term sick day;
      days 1–14 are paid by the employer in Sweden, docs/absence-rules.md).

    ``None`` wherever an input is missing or a period has no employees. ``ValueError`` for a period that ends before
    it starts, a negative or NaN figure, or a negative or non-finite daily cost.
    """
    _check_period(reference, "reference")
    _check_period(follow_up, "follow-up")
    if not (math.isfinite(daily_cost) and daily_cost >= 0):
        raise ValueError("the daily cost must be a finite number of at least 0")
    sick = (_per_employee_year(reference.sick_days, reference), _per_employee_year(follow_up.sick_days, follow_up))
    short = (
        _per_employee_year(reference.short_term_sick_days, reference),
        _per_employee_year(follow_up.short_term_sick_days, follow_up),
    )
    saved = None
    if short[0] is not None and short[1] is not None:
        saved = (short[0] - short[1]) * follow_up.employees * follow_up.days / _DAYS_PER_YEAR
    return Evaluation(
        sick_days_per_employee=sick,
        short_term_days_per_employee=short,
        change_sick_days_pct=_change_pct(*sick),
        change_short_term_pct=_change_pct(*short),
        short_term_days_saved=saved,
        estimated_value=None if saved is None else saved * daily_cost,
    )
