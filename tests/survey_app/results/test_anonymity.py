"""No figure of a hidden group can be computed from the figures that are shown.

Property-based: random unit trees with random response counts; the check is independent of the implementation
(a rank test over everything visible). Also across a reorganisation (issue 19, finding 1): a closed round read, units
moved at random, read again — nothing hidden in either reading can be computed from what both show together.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_app.admin.services import UnitInput, update_unit
from survey_app.results.anonymity import ORGANISATION, PROTECTS_OTHERS, TOO_FEW, Group, suppress_small_groups
from survey_app.results.services import results_for
from tests.clock import TODAY


def _subtree_vectors(groups: list[Group]) -> dict:
    """Each group's (and the organisation's) subtree as a 0/1 vector over the groups with direct responses."""
    ids = [g.id for g in groups]
    parent = {g.id: g.parent if g.parent in ids else ORGANISATION for g in groups}
    base = [g.id for g in groups if g.direct > 0]
    vectors = {}
    for node in [*ids, ORGANISATION]:
        vector = np.zeros(len(base))
        for i, leaf in enumerate(base):
            walker = leaf
            while walker is not None:
                if walker == node:
                    vector[i] = 1
                    break
                walker = parent.get(walker)
        vectors[node] = vector
    return vectors


def _derivable(target: np.ndarray, visible_rows: list[np.ndarray]) -> bool:
    if not target.any():
        return False
    if not visible_rows:
        return False
    rows = np.vstack(visible_rows)
    return np.linalg.matrix_rank(np.vstack([rows, target])) == np.linalg.matrix_rank(rows)


@st.composite
def trees(draw):
    size = draw(st.integers(min_value=1, max_value=18))
    groups = []
    for i in range(size):
        parent = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1))) if i else None
        direct = draw(st.integers(min_value=0, max_value=14))
        groups.append(Group(i, parent, direct))
    threshold = draw(st.integers(min_value=3, max_value=7))
    return groups, threshold


@settings(max_examples=400, deadline=None)
@given(trees())
def test_no_hidden_group_can_be_reconstructed_from_what_is_shown(case):
    groups, threshold = case
    visibility = suppress_small_groups(groups, threshold)
    vectors = _subtree_vectors(groups)
    visible = [vectors[g] for g in visibility.visible]
    for node, count in visibility.counts.items():
        if node in visibility.visible:
            assert count >= threshold
        else:
            assert not _derivable(vectors[node], visible), (node, visibility)


@settings(max_examples=400, deadline=None)
@given(trees())
def test_no_small_remainder_of_a_visible_parent_can_be_computed(case):
    groups, threshold = case
    visibility = suppress_small_groups(groups, threshold)
    children = {}
    for g in groups:
        children.setdefault(g.parent if g.parent is not None else ORGANISATION, []).append(g.id)
    for parent in visibility.visible:
        shown = sum(visibility.counts[c] for c in children.get(parent, []) if c in visibility.visible)
        remainder = visibility.counts[parent] - shown
        assert remainder == 0 or remainder >= threshold


def test_a_small_unit_is_hidden_and_its_smallest_sibling_protects_it():
    groups = [Group("area", None, 0), Group("a", "area", 3), Group("b", "area", 8), Group("c", "area", 12)]
    visibility = suppress_small_groups(groups, 5)
    assert visibility.reasons["a"] == TOO_FEW
    assert visibility.reasons["b"] == PROTECTS_OTHERS  # area − c would otherwise give a alone
    assert visibility.shown("c") and visibility.shown("area")


def test_a_large_enough_group_of_units_is_shown_whole():
    groups = [Group("area", None, 0), Group("a", "area", 6), Group("b", "area", 9)]
    visibility = suppress_small_groups(groups, 5)
    assert visibility.visible == {"area", "a", "b", ORGANISATION}
    assert visibility.counts[ORGANISATION] == 15


def test_responses_attached_to_a_parent_itself_are_protected_too():
    groups = [Group("area", None, 2), Group("a", "area", 10), Group("b", "area", 10)]
    visibility = suppress_small_groups(groups, 5)
    assert not visibility.shown("a")  # area − a − b would reveal the two answers of the area itself
    assert visibility.shown("area") and visibility.shown("b")


def test_the_organisation_total_cannot_reveal_a_small_administration():
    groups = [Group("small", None, 0), Group("only", "small", 4), Group("large", None, 20)]
    visibility = suppress_small_groups(groups, 5)
    assert not visibility.shown("only") and not visibility.shown("small")
    # organisation − large = small: one of the two must go; the smaller, the administration, is hidden
    assert visibility.shown(ORGANISATION) != visibility.shown("large")
    assert visibility.reasons.get("large") == PROTECTS_OTHERS


def test_the_threshold_must_be_positive():
    with pytest.raises(ValueError):
        suppress_small_groups([Group("a", None, 3)], 0)


def test_a_hidden_unit_below_a_hidden_parent_is_protected_by_a_visible_ancestor():
    groups = [
        Group("admin", None, 0),
        Group("area", "admin", 1),
        Group("unit", "area", 2),
        Group("big", "admin", 30),
        Group("other", None, 40),
    ]
    visibility = suppress_small_groups(groups, 5)
    vectors = _subtree_vectors(groups)
    visible = [vectors[g] for g in visibility.visible]
    assert not _derivable(vectors["unit"], visible) and not _derivable(vectors["area"], visible)


def test_a_small_area_is_protected_deep_in_the_tree_not_by_hiding_the_whole_organisation():
    # the demo's shape: an administration whose small health-care area (3 answers) sits beside areas whose
    # workplaces are all large enough; hiding whole areas would not help, since their workplaces add up to them
    groups = [
        Group("vof", None, 0),
        Group("health", "vof", 0),
        Group("rehab", "health", 3),
        Group("support", "vof", 0),
        Group("rönnen", "support", 8),
        Group("tallen", "support", 20),
        Group("verkstan", "support", 28),
        Group("homecare", "vof", 0),
        Group("north", "homecare", 30),
        Group("south", "homecare", 40),
        Group("school", None, 100),
    ]
    visibility = suppress_small_groups(groups, 5)
    hidden = set(visibility.reasons)
    assert {"rehab", "health"} <= hidden
    assert hidden <= {"rehab", "health", "support", "rönnen"}, hidden
    assert visibility.shown(ORGANISATION) and visibility.shown("vof") and visibility.shown("homecare")
    vectors = _subtree_vectors(groups)
    visible = [vectors[g] for g in visibility.visible]
    assert not any(_derivable(vectors[g], visible) for g in hidden)


@st.composite
def reorganisations(draw):
    """A tree (unit i under an earlier unit or at the top), responses per unit, a threshold, then moves: (unit, new
    parent or None), those that would put a unit under itself left out as the admin pages refuse them."""
    size = draw(st.integers(min_value=2, max_value=8))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1))) for i in range(1, size)]
    direct = [draw(st.integers(min_value=0, max_value=9)) for _ in range(size)]
    unit = st.integers(min_value=0, max_value=size - 1)
    moves = draw(st.lists(st.tuples(unit, st.one_of(st.none(), unit)), min_size=1, max_size=4))
    return parents, direct, moves, draw(st.integers(min_value=3, max_value=5))


def _below(parents: list, unit: int, candidate: int | None) -> bool:
    while candidate is not None:
        if candidate == unit:
            return True
        candidate = parents[candidate]
    return False


def _covers(results, base: list[int]) -> dict:
    """Each group of a reading, on the tree that reading says it used, as a 0/1 vector over ``base``."""
    vectors = {}
    for node in results.units:
        vector = np.zeros(len(base))
        for i, workplace in enumerate(base):
            walker = workplace
            while walker is not None and walker != node:
                walker = results.parents.get(walker)
            vector[i] = node == ORGANISATION or walker == node
        vectors[node] = vector
    return vectors


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reorganisations())
def test_readings_before_and_after_a_reorganisation_reveal_no_hidden_group(make, case):
    parents, direct, moves, threshold = case
    units = []
    for parent in parents:
        units.append(make.unit(parent=units[parent] if parent is not None else None, headcount=9))
    survey = make.closed_round(None, sections=("hme/motivation",), threshold=threshold)
    for unit, count in zip(units, direct, strict=True):
        make.responses(survey, unit, {"hme.hme1": 4, "hme.hme2": 3, "hme.hme3": 5}, count=count)
    hr, admin = make.user("hr"), make.user("admin")
    before = results_for(hr, survey, TODAY).results

    now = list(parents)
    for unit, parent in moves:
        if _below(now, unit, parent):
            continue
        moved = units[unit]
        update_unit(admin, moved, UnitInput(moved.name, moved.code, units[parent].code if parent is not None else "",
                                            moved.headcount))  # fmt: skip
        now[unit] = parent
    after = results_for(hr, survey, TODAY).results

    assert after.units == before.units and after.parents == before.parents
    base = [unit.id for unit, count in zip(units, direct, strict=True) if count]
    readings = [(reading, _covers(reading, base)) for reading in (before, after)]
    shown = [vectors[node] for reading, vectors in readings for node in reading.visibility.visible]
    for reading, vectors in readings:
        for node in reading.units:
            if not reading.visibility.shown(node):
                assert not _derivable(vectors[node], shown), node
