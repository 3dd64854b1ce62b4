"""The survey-index estimate between two rounds against comparison units (interventions.effect.indices), on
hand-made figures and on synthetic histories with a planted effect."""

from __future__ import annotations

import math

import pytest

from interventions.effect import MIN_COMPARISONS
from interventions.effect.did import student_t
from interventions.effect.indices import UnitRounds, index_estimate
from interventions.effect.simulate_indices import simulate_index_history


def _comparisons(changes: list[float], before: float = 70.0, earlier: float | None = None) -> list[UnitRounds]:
    return [UnitRounds(n + 1, before, before + change, earlier) for n, change in enumerate(changes)]


def test_the_effect_is_the_units_change_beyond_the_comparison_units_mean_change_with_the_stated_interval():
    result = index_estimate(UnitRounds(0, 60.0, 70.0), _comparisons([1, 2, 3, 4, 5]))
    assert result.verdict == "estimate"
    assert result.change == pytest.approx(10 - 3)
    # the prediction interval of one more unit's change: s √(1 + 1/k) t(k − 1)
    half = math.sqrt(2.5) * math.sqrt(1 + 1 / 5) * student_t(4)
    assert (result.low, result.high) == (pytest.approx(7 - half), pytest.approx(7 + half))
    assert (result.treated_before, result.treated_after) == (60.0, 70.0)
    assert (result.comparison_before, result.comparison_after) == (70.0, pytest.approx(73.0))


def test_t_quantiles_are_close_to_the_tables():
    assert student_t(4) == pytest.approx(2.7764, rel=0.003)
    assert student_t(9) == pytest.approx(2.2622, rel=0.001)
    assert student_t(5, 2.575829) == pytest.approx(4.0321, rel=0.01)


@pytest.mark.parametrize(
    ("treated", "verdict"),
    [(UnitRounds(0, None, 70.0), "no_round_before"), (UnitRounds(0, 60.0, None), "no_round_after")],
)
def test_without_the_units_own_figure_in_a_round_the_data_cannot_say(treated, verdict):
    result = index_estimate(treated, _comparisons([1, 2, 3, 4, 5]))
    assert result.verdict == verdict
    assert result.change is None and result.low is None


def test_units_without_a_figure_in_either_round_do_not_count_as_comparisons():
    units = [*_comparisons([1, 2, 3, 4]), UnitRounds(9, None, 72.0), UnitRounds(10, 70.0, None)]
    result = index_estimate(UnitRounds(0, 60.0, 70.0), units)
    assert (result.verdict, result.comparisons) == ("too_few_comparisons", MIN_COMPARISONS - 1)
    assert result.change is None


def test_a_unit_that_moved_away_before_the_start_is_flagged_and_gets_no_figure():
    # between the earlier and the before round the unit rose 20 points while every comparison unit stayed within 1
    units = [UnitRounds(n, 70.0 + d, 71.0 + d, 70.0 + d / 2) for n, d in enumerate([0.0, 0.5, -0.5, 1.0, -1.0, 0.2])]
    result = index_estimate(UnitRounds(0, 70.0, 75.0, 50.0), units)
    assert result.verdict == "diverging_pre_trend"
    assert result.pre_change == pytest.approx(20 - 0.1 / 6, abs=0.1)
    assert result.pre_low > 0 and result.change is None


def test_a_small_earlier_difference_is_shown_but_does_not_stop_the_estimate():
    units = [UnitRounds(n, 70.0 + d, 71.0 + d, 69.0 + d) for n, d in enumerate([0.0, 2.0, -2.0, 1.0, -1.0])]
    result = index_estimate(UnitRounds(0, 70.0, 75.0, 68.5), units)
    assert result.verdict == "estimate"
    assert result.pre_change is not None and result.pre_comparisons == 5


def test_the_95_percent_interval_covers_a_planted_effect_in_at_least_nine_histories_of_ten():
    results = [(h, index_estimate(h.treated, h.comparisons)) for h in map(simulate_index_history, range(200))]
    given = [(h, r) for h, r in results if r.verdict == "estimate"]
    assert len(given) >= 180
    covered = sum(r.low <= h.planted <= r.high for h, r in given)
    assert covered / len(given) >= 0.90


def test_without_an_effect_the_interval_wrongly_excludes_zero_in_at_most_one_history_of_ten():
    histories = [simulate_index_history(seed, effect=0.0) for seed in range(200, 400)]
    given = [r for r in (index_estimate(h.treated, h.comparisons) for h in histories) if r.verdict == "estimate"]
    assert len(given) >= 180
    assert sum(not r.low <= 0 <= r.high for r in given) / len(given) <= 0.10


def test_a_treated_unit_drifting_away_before_the_start_is_flagged_in_most_histories_and_a_steady_one_rarely():
    drifting = [simulate_index_history(seed, pre_trend=40.0) for seed in range(100)]
    steady = [simulate_index_history(seed) for seed in range(100, 300)]
    flagged = sum(index_estimate(h.treated, h.comparisons).verdict == "diverging_pre_trend" for h in drifting)
    wrongly = sum(index_estimate(h.treated, h.comparisons).verdict == "diverging_pre_trend" for h in steady)
    assert flagged >= 90
    assert wrongly <= 6
