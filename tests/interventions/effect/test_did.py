"""The difference-in-differences estimate on synthetic histories with a known effect (interventions.effect.did)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from interventions.absence.months import month_of
from interventions.effect import MIN_COMPARISONS, estimate
from interventions.effect.simulate import simulate_history
from tests.clock import TODAY

START = month_of(TODAY)


def test_a_planted_cut_of_twelve_percent_is_inside_the_interval_and_zero_is_not():
    # a large unit (a home-care area of 300): at 120 employees a −12 % change is told from zero four times in five
    history = simulate_history(1, START, effect=-0.12, treated_employees=300.0)
    result = estimate(history.treated, history.comparisons, START, daily_cost=2000.0)
    assert result.verdict == "estimate"
    assert result.low <= history.planted_change <= result.high
    assert result.high < 0
    assert result.change_pct == pytest.approx(result.change_per_employee_year / result.treated_before * 100)
    assert (result.months_before, result.months_after, result.comparisons) == (24, 12, 20)


def test_days_and_cost_are_the_change_over_the_after_period():
    history = simulate_history(2, START, effect=-0.12)
    result = estimate(history.treated, history.comparisons, START, daily_cost=2000.0)
    employees_after = sum(history.treated.employees[24:]) / 12
    assert result.days == pytest.approx(result.change_per_employee_year * employees_after * 12 / 12)
    assert result.days < 0
    assert result.cost == pytest.approx(result.days * 2000.0)
    assert result.days_low <= result.days <= result.days_high


def test_without_an_effect_the_interval_covers_zero():
    history = simulate_history(3, START, effect=0.0)
    result = estimate(history.treated, history.comparisons, START)
    assert result.verdict == "estimate"
    assert result.low <= 0 <= result.high


def test_total_sick_days_carry_the_same_planted_change():
    history = simulate_history(1, START, effect=-0.12)
    result = estimate(history.treated, history.comparisons, START, measure="total")
    assert result.measure == "total"
    assert result.low <= history.planted_change <= result.high


def test_a_treated_unit_drifting_away_before_the_start_is_flagged_and_given_no_figure():
    history = simulate_history(4, START, effect=-0.12, pre_trend=0.4)
    result = estimate(history.treated, history.comparisons, START, daily_cost=2000.0)
    assert result.verdict == "diverging_pre_trend"
    assert result.pre_trend_difference > 0
    assert result.pre_trend_p < 0.01
    assert result.pre_trend_low > 0
    assert (result.change_per_employee_year, result.low, result.high, result.change_pct) == (None,) * 4
    assert (result.days, result.cost) == (None, None)


def test_a_steady_pre_period_passes_the_check():
    history = simulate_history(4, START, effect=-0.12)
    result = estimate(history.treated, history.comparisons, START)
    assert result.verdict == "estimate"
    assert result.pre_trend_low <= 0 <= result.pre_trend_high


def test_five_months_before_the_start_are_too_few():
    history = simulate_history(5, START, months_before=5)
    result = estimate(history.treated, history.comparisons, START)
    assert result.verdict == "too_few_months"
    assert result.months_before == 5
    assert (result.change_per_employee_year, result.change_pct, result.days) == (None, None, None)
    assert result.pre_trend_difference is not None  # still shown: it can be computed


def test_five_months_after_the_start_are_too_few():
    history = simulate_history(5, START, months_after=5)
    assert estimate(history.treated, history.comparisons, START).verdict == "too_few_months"


def test_four_comparison_units_are_too_few():
    history = simulate_history(6, START)
    result = estimate(history.treated, history.comparisons[: MIN_COMPARISONS - 1], START)
    assert result.verdict == "too_few_comparisons"
    assert result.comparisons == MIN_COMPARISONS - 1
    assert result.low is None and result.change_pct is None


def test_no_comparison_units_at_all_say_so_without_failing():
    history = simulate_history(6, START)
    result = estimate(history.treated, [], START)
    assert result.verdict == "too_few_comparisons"
    assert result.pre_trend_difference is None


def test_the_same_seed_gives_the_same_interval():
    history = simulate_history(7, START)
    first = estimate(history.treated, history.comparisons, START, seed=3, draws=500)
    assert estimate(history.treated, history.comparisons, START, seed=3, draws=500) == first
    assert math.isfinite(first.low) and first.low < first.high


def test_only_the_last_24_months_before_count():
    history = simulate_history(8, START, months_before=30)
    assert estimate(history.treated, history.comparisons, START).months_before == 24


@pytest.mark.parametrize(
    "arguments", [{"measure": "long_term"}, {"daily_cost": -1.0}, {"daily_cost": math.nan}, {"draws": 0}]
)
def test_a_wrong_measure_cost_or_number_of_draws_is_refused(arguments):
    history = simulate_history(9, START)
    with pytest.raises(ValueError):
        estimate(history.treated, history.comparisons, START, **arguments)


def test_months_without_employees_are_left_out_rather_than_counted_as_no_absence():
    history = simulate_history(10, START)
    employees = list(history.treated.employees)
    employees[3] = 0.0
    treated = replace(history.treated, employees=tuple(employees))
    result = estimate(treated, history.comparisons, START, draws=200)
    assert result.months_before == 23
    assert result.verdict == "estimate"


def test_a_comparison_unit_with_only_a_few_months_after_is_not_counted():
    history = simulate_history(11, START)
    short = history.comparisons[0]
    cut = replace(short, employees=short.employees[:27] + (0.0,) * 9)  # 3 months after the start, then nothing
    result = estimate(history.treated, (cut, *history.comparisons[1:]), START, draws=200)
    assert result.comparisons == 19
