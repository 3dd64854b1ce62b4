"""The compilation's rules that keep one interviewee from being pointed at: small counts, and consent (issue 21)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.interviews import NoteFact, shown_count, shown_to_managers, summarise_themes


@pytest.mark.parametrize(
    ("count", "threshold", "shown"),
    [(1, 5, None), (4, 5, None), (5, 5, 5), (6, 5, 6), (0, 3, None), (3, 3, 3), (1, 1, 1)],
)
def test_a_count_under_the_threshold_is_not_shown(count: int, threshold: int, shown: int | None) -> None:
    assert shown_count(count, threshold) == shown


@pytest.mark.parametrize("threshold", [0, -1])
def test_shown_count_rejects_a_threshold_below_one(threshold: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shown_count(3, threshold)


@given(count=st.integers(0, 500), threshold=st.integers(1, 50))
def test_a_shown_count_is_never_under_the_threshold(count: int, threshold: int) -> None:
    shown = shown_count(count, threshold)
    assert shown is None or threshold <= shown == count


def _summary(*facts: NoteFact):
    (summary,) = summarise_themes(facts, ["victimisation"])
    return summary


def test_a_theme_one_interviewee_raised_needs_their_consent() -> None:
    alone = _summary(NoteFact(1, 1, "victimisation", "a"), NoteFact(1, 1, "victimisation", "b"))
    assert alone.one_interviewee and not alone.shareable and not shown_to_managers(alone)
    agreed = _summary(NoteFact(1, 1, "victimisation", "a"), NoteFact(1, 1, "victimisation", "b", shareable=True))
    assert agreed.shareable and shown_to_managers(agreed)


@pytest.mark.parametrize(
    "facts",
    [
        (NoteFact(1, 6, "victimisation", "a"),),  # a focus group
        (NoteFact(1, 1, "victimisation", "a"), NoteFact(2, 1, "victimisation", "b")),  # two interviews
        (NoteFact(1, 1, "victimisation", "a"), NoteFact(2, 4, "victimisation", "b")),  # one alone, a group
    ],
)
def test_a_theme_several_people_raised_needs_no_consent(facts: tuple[NoteFact, ...]) -> None:
    summary = _summary(*facts)
    assert not summary.one_interviewee and shown_to_managers(summary)
