"""Choosing the comparison units (interventions.effect.comparison)."""

from __future__ import annotations

import math

from interventions.absence.months import add_months, month_of
from interventions.effect import UnitSeries, choose_comparisons
from interventions.effect.simulate import simulate_history
from tests.clock import TODAY

START = month_of(TODAY)
MONTHS = tuple(add_months(START, offset) for offset in range(-12, 6))


def unit(unit_id, kind="preschool", employees=20.0, rate=10.0, slope=0.0, months=MONTHS):
    """A unit with ``rate`` short-term days per employee-year, rising by ``slope`` a month."""
    rates = [rate + slope * index for index in range(len(months))]
    return UnitSeries(
        unit_id=unit_id,
        kind=kind,
        months=months,
        employees=(employees,) * len(months),
        short_term_days=tuple(r * employees / 12 for r in rates),
        sick_days=tuple(2 * r * employees / 12 for r in rates),
    )


def by_id(candidates):
    return {c.series.unit_id: c for c in candidates}


def test_units_of_another_kind_busy_units_and_units_far_off_in_size_are_left_out_with_the_reason():
    treated = unit(1)
    candidates = [
        treated,
        unit(2),
        unit(3, kind="school"),
        unit(4, kind=None),
        unit(5),
        unit(6, employees=9.0),
        unit(7, employees=41.0),
        unit(8, employees=10.0),
        unit(9, employees=40.0),
        unit(10, months=MONTHS[3:]),
    ]
    result = by_id(choose_comparisons(treated, candidates, START, busy=frozenset({5})))
    assert 1 not in result  # never compared with itself
    assert {i: c.left_out for i, c in result.items()} == {
        2: None,
        3: "other_kind",
        4: "other_kind",
        5: "busy",
        6: "size",
        7: "size",
        8: None,
        9: None,
        10: "no_data",
    }
    assert math.isinf(result[10].distance)
    assert not any(c.chosen for c in result.values() if c.left_out)


def test_a_unit_of_unknown_kind_is_compared_with_every_kind():
    treated = unit(1, kind=None)
    result = by_id(choose_comparisons(treated, [unit(2, kind="school"), unit(3, kind=None)], START))
    assert result[2].left_out is None and result[3].left_out is None


def test_the_nearest_in_level_and_trend_come_first_and_only_the_most_are_chosen():
    treated = unit(1, rate=10.0, slope=0.1)
    candidates = [
        unit(2, rate=20.0, slope=0.1),
        unit(3, rate=10.5, slope=0.1),
        unit(4, rate=10.0, slope=-0.4),
        unit(5, rate=10.0, slope=0.12),
        unit(6, kind="school", rate=10.0, slope=0.1),
    ]
    result = choose_comparisons(treated, candidates, START, most=2)
    order = [c.series.unit_id for c in result]
    assert order[:2] == [5, 3]  # nearly the same level and trend
    assert set(order[2:4]) == {2, 4}  # twice as high; falling instead of rising
    assert order[4] == 6  # the school is left out, so it comes last
    assert [c.chosen for c in result] == [True, True, False, False, False]
    distances = [c.distance for c in result[:4]]
    assert distances == sorted(distances)


def test_only_the_pre_period_decides():
    # the same before the start, far apart after: equally near
    treated = unit(1)
    after_differs = UnitSeries(2, "preschool", MONTHS, (20.0,) * 18, (10 * 20 / 12,) * 12 + (50.0,) * 6, (1.0,) * 18)
    result = choose_comparisons(treated, [after_differs], START)
    assert result[0].distance == 0.0 and result[0].chosen


def test_the_chosen_units_of_a_simulated_history_are_ten_of_the_twenty():
    history = simulate_history(0, START)
    result = choose_comparisons(history.treated, history.comparisons, START)
    assert len(result) == 20
    assert sum(c.chosen for c in result) == 10
    assert all(c.left_out is None for c in result if c.chosen)


def test_without_months_before_the_start_no_unit_qualifies():
    treated = unit(1, months=MONTHS[12:])
    result = choose_comparisons(treated, [unit(2), unit(3)], START)
    assert [c.left_out for c in result] == ["no_data", "no_data"]
    assert not any(c.chosen for c in result)
