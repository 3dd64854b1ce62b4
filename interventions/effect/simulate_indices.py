"""Synthetic survey-index histories with a known effect: what the tests and ``bench/effect.py`` check the survey
estimate (``indices``) on.

One history is a treated unit (id 0) and its comparison units in three rounds: earlier, before and after the case's
start. Each unit has its own level of the index (0–100, drawn around ``LEVEL``); every unit shares the
organisation's shift from round to round; each unit's true value also moves a little of its own each round
(``UNIT_NOISE``: a new colleague, a hard winter); and the round shows the mean of the unit's respondents, whose
answers spread by ``RESPONDENT_SPREAD``, so a unit of few respondents moves more by chance. A unit with fewer
respondents than ``threshold`` has no figure (None), as the results would hide it. The treated unit gets ``effect``
index points in the after round; ``pre_trend`` lifts it by that much between the earlier and the before round (the
case the check must flag). Never used on real data; seeded, so a history is the same on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interventions.effect.indices import UnitRounds

#: The index level units are drawn around (HME in Swedish municipalities is typically 70–80).
LEVEL = 75.0
#: How much units' levels differ.
LEVEL_SPREAD = 6.0
#: The organisation-wide shift of each round (earlier, before, after).
SHIFTS = (0.0, 1.0, 2.0)
#: How much a unit's true value moves of its own from one round to the next (standard deviation, index points).
UNIT_NOISE = 2.5
#: How much one respondent's index differs from their unit's (standard deviation, index points).
RESPONDENT_SPREAD = 18.0


@dataclass(frozen=True)
class IndexHistory:
    """A treated unit's rounds, its comparison units' rounds and the planted effect in index points."""

    treated: UnitRounds
    comparisons: tuple[UnitRounds, ...]
    planted: float


def simulate_index_history(
    seed: int,
    units: int = 10,
    effect: float = 5.0,
    pre_trend: float = 0.0,
    respondents: tuple[int, int] = (8, 30),
    treated_respondents: int = 15,
    threshold: int = 5,
) -> IndexHistory:
    """A history of ``units`` comparison units and one treated unit by the rules in this module's docstring;
    ``respondents`` is the range each comparison unit's respondents are drawn from in each round."""
    rng = np.random.default_rng(seed)
    levels = rng.normal(LEVEL, LEVEL_SPREAD, units + 1)
    own = rng.normal(0, UNIT_NOISE, (units + 1, 3)).cumsum(axis=1)
    truth = levels[:, None] + np.array(SHIFTS)[None, :] + own
    truth[0, 0] -= pre_trend
    truth[0, 2] += effect
    counts = rng.integers(respondents[0], respondents[1] + 1, (units + 1, 3))
    counts[0] = treated_respondents
    shown = truth + rng.normal(0, 1, truth.shape) * RESPONDENT_SPREAD / np.sqrt(counts)
    values = np.where(counts >= threshold, shown.clip(0, 100), np.nan)

    def rounds(unit: int) -> UnitRounds:
        earlier, before, after = (None if np.isnan(v) else float(v) for v in values[unit])
        return UnitRounds(unit, before, after, earlier)

    return IndexHistory(rounds(0), tuple(rounds(unit) for unit in range(1, units + 1)), effect)
