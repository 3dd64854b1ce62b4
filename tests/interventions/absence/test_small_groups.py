"""No withheld group of the sex and age-band breakdown can be computed from what is shown.

Property-based, like the survey results' anonymity tests: random staff in each sex × age-band cell, month by month;
what is shown is every group given for each single month, every quarter (three months) and the whole span, and the
total of every month (the unit statistics show it). The check is independent of the implementation: a rank test over
the populated (cell, month) pairs.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from interventions.absence import AGE_BANDS, SEXES
from interventions.absence.small_groups import (
    FEW,
    FEW_IN_A_MONTH,
    GROUPS,
    PROTECTS_OTHERS,
    TOTAL,
    withhold_small_groups,
)

MIN = 10
CELLS = list(product(SEXES, AGE_BANDS))


def _sizes(cells: dict[tuple[str, str], float]) -> dict[str, float]:
    """Each group's employees from the cells' (sex, band) employees."""
    sizes = {TOTAL: sum(cells.values())}
    sizes |= {sex: sum(n for (s, _), n in cells.items() if s == sex) for sex in SEXES}
    return sizes | {band: sum(n for (_, b), n in cells.items() if b == band) for band in AGE_BANDS}


def _decide(months: list[dict], window: range) -> dict[str, str]:
    """The rule for the months in ``window``, as ``group_ratios`` asks it (months of equal length)."""
    per_month = [_sizes(months[m]) for m in window]
    period = {group: sum(sizes[group] for sizes in per_month) / len(per_month) for group in GROUPS}
    return withhold_small_groups(period, per_month, {}, MIN)


def _vector(group: str, window: range, months: list[dict], variables: list) -> np.ndarray:
    """The group's figure over the window as a 0/1 vector over the populated (cell, month) pairs."""
    members = {cell for cell in CELLS if group in (TOTAL, *cell)}
    return np.array([1.0 if cell in members and month in window else 0.0 for cell, month in variables])


def _derivable(target: np.ndarray, shown: list[np.ndarray]) -> bool:
    if not target.any() or not shown:
        return False
    rows = np.vstack(shown)
    return np.linalg.matrix_rank(np.vstack([rows, target])) == np.linalg.matrix_rank(rows)


staff = st.one_of(st.just(0), st.integers(min_value=0, max_value=16))
months_st = st.lists(st.fixed_dictionaries({cell: staff for cell in CELLS}), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(months_st)
def test_no_group_of_ten_or_fewer_in_a_month_can_be_computed_from_any_period_shown(months):
    count = len(months)
    variables = [(cell, m) for m in range(count) for cell in CELLS if months[m][cell] > 0]
    windows = {range(m, m + 1) for m in range(count)} | {range(m, m + 3) for m in range(count - 2)}
    windows.add(range(count))
    decisions = {window: _decide(months, window) for window in windows}
    shown = [_vector(TOTAL, range(m, m + 1), months, variables) for m in range(count)]
    shown += [
        _vector(group, window, months, variables)
        for window, withheld in decisions.items()
        for group in GROUPS
        if group not in withheld
    ]
    for m in range(count):
        if sum(months[m].values()) <= MIN:
            continue  # the whole staff is that small: the unit statistics show its figures, the breakdown adds none
        for group in [group for group, reason in decisions[range(m, m + 1)].items() if reason == FEW]:
            target = _vector(group, range(m, m + 1), months, variables)
            assert not _derivable(target, shown), (group, m)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({cell: staff for cell in CELLS}))
def test_in_one_month_the_withheld_groups_of_a_dimension_hold_none_or_more_than_ten(cells):
    sizes = _sizes(cells)
    withheld = withhold_small_groups(sizes, [sizes], {}, MIN)
    for group, reason in withheld.items():
        assert reason in (FEW, PROTECTS_OTHERS)
        assert (sizes[group] <= MIN) == (reason == FEW)
    for groups in (SEXES, AGE_BANDS):
        hidden = sum(sizes[group] for group in groups if group in withheld)
        assert hidden == 0 or hidden > MIN or all(group in withheld for group in groups)


def test_six_men_withhold_the_fourteen_women_but_not_the_total():
    sizes = {TOTAL: 20, "F": 14, "M": 6, "0-29": 0, "30-49": 20, "50+": 0}
    assert withhold_small_groups(sizes) == {"M": FEW, "F": PROTECTS_OTHERS, "0-29": FEW, "50+": FEW}


def test_the_next_smallest_band_is_withheld_until_the_withheld_bands_hold_more_than_ten():
    sizes = {TOTAL: 60, "F": 30, "M": 30, "0-29": 4, "30-49": 45, "50+": 11}
    bands = {"0-29": FEW, "50+": PROTECTS_OTHERS}
    assert withhold_small_groups(sizes) == bands | {"F": PROTECTS_OTHERS, "M": PROTECTS_OTHERS}  # rule 4
    sizes = {TOTAL: 60, "F": 30, "M": 30, "0-29": 4, "30-49": 49, "50+": 7}
    assert withhold_small_groups(sizes) == {"0-29": FEW, "50+": FEW, "F": PROTECTS_OTHERS, "M": PROTECTS_OTHERS}


def test_a_breakdown_shown_in_part_withholds_the_other_one():
    # every woman is 50 or older and every man 29 or younger: women minus the 50+ band would be the 30–49 band
    cells = {("F", "50+"): 12, ("F", "30-49"): 3, ("M", "0-29"): 11}
    sizes = {TOTAL: 26, "F": 15, "M": 11, "0-29": 11, "30-49": 3, "50+": 12}
    withheld = withhold_small_groups(sizes)
    assert withheld == {"30-49": FEW, "0-29": PROTECTS_OTHERS, "F": PROTECTS_OTHERS, "M": PROTECTS_OTHERS}
    variables = [(cell, 0) for cell in cells]
    shown = [_vector(group, range(1), [cells], variables) for group in GROUPS if group not in withheld]
    assert not _derivable(_vector("30-49", range(1), [cells], variables), shown)
    women_shown = shown + [_vector("F", range(1), [cells], variables)]
    assert _derivable(_vector("30-49", range(1), [cells], variables), women_shown)  # what rule 4 prevents


def test_a_group_withheld_in_one_month_is_withheld_for_the_year():
    usual = {TOTAL: 40, "F": 25, "M": 15, "0-29": 12, "30-49": 16, "50+": 12}
    thin = usual | {"M": 9, "F": 31}  # a month with nine men
    year = {group: (11 * usual[group] + thin[group]) / 12 for group in GROUPS}
    withheld = withhold_small_groups(year, [usual] * 11 + [thin])
    assert withheld == {"M": FEW_IN_A_MONTH, "F": PROTECTS_OTHERS}  # else the year minus eleven months gives it away
    assert withhold_small_groups(year, [usual] * 12) == {}


def test_groups_already_unavailable_keep_their_reason_and_count_as_withheld():
    sizes = {TOTAL: 40, "F": 25, "M": 15, "0-29": 12, "30-49": 20, "50+": 8}
    unavailable = dict.fromkeys(SEXES, "unknown")
    withheld = withhold_small_groups(sizes, [sizes], unavailable)
    assert withheld == {"F": "unknown", "M": "unknown", "50+": FEW, "0-29": PROTECTS_OTHERS}
