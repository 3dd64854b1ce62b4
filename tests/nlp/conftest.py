"""The theme finder's tests: reading a clustering's themes back against the themes the answers were written about."""

from __future__ import annotations

from collections import Counter

import pytest


@pytest.fixture
def majority():
    """``majority(labels, truth)``: the theme found for each true theme (the commonest label among its answers)."""

    def found_theme_of(labels, truth) -> dict[int, int]:
        return {
            t: Counter(label for label, true in zip(labels, truth, strict=True) if true == t).most_common(1)[0][0]
            for t in set(truth)
        }

    return found_theme_of
