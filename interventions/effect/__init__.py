"""The effect of an intervention against comparison units (issue 24): difference-in-differences on monthly absence.

A unit's absence before and after a case can move for reasons that have nothing to do with the case: the season, an
organisation-wide trend, a flu winter. Comparing the change in the treated unit with the change, over the same
months, in similar units without an intervention removes what they share. The modules:

* ``series``: ``UnitSeries``, one unit's monthly figures (employees, short-term and total sick days);
* ``comparison``: ``choose_comparisons``: units of the same kind, similar size, absence level and pre-period trend,
  without an intervention of their own in the period;
* ``did``: ``estimate``: the difference-in-differences in sick days per employee-year with a bootstrap interval,
  the pre-period trend check, the days and money it corresponds to, and a plain verdict when the data cannot say;
* ``indices``: ``index_estimate``: the same comparison for a survey index (HME and its parts) between the round
  before the start and the round after, with a stated model's interval and a check against a round earlier still;
* ``simulate``, ``simulate_indices``: synthetic histories with a planted effect, for the tests and
  ``bench/effect.py`` (never real data).

The method in words HR can repeat, with its sources: docs/effect.md.

Plain Python (numpy allowed), no Flask, no database, no clock: the caller passes the months and the case's start.
"""

from __future__ import annotations

from interventions.effect.comparison import Candidate, choose_comparisons
from interventions.effect.did import (
    MIN_COMPARISONS,
    MIN_MONTHS,
    VERDICTS,
    Estimate,
    estimate,
)
from interventions.effect.series import MEASURES, UnitSeries

__all__ = [
    "MEASURES",
    "MIN_COMPARISONS",
    "MIN_MONTHS",
    "VERDICTS",
    "Candidate",
    "Estimate",
    "UnitSeries",
    "choose_comparisons",
    "estimate",
]
