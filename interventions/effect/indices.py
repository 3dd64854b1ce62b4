"""The effect of an intervention on a survey index (HME and its parts) between two rounds, against comparison units.

A unit's index can rise between two rounds because the whole organisation's did (a new pay agreement, a calmer
year), so the unit's change is set against the same units' change as the absence estimate (``did``): the
difference-in-differences of two rounds, one before the start and one after.

* Each unit has the index's value in the round **before** the start and the round **after** it (and, for the check
  below, in the round before that: **earlier**), as the results show it: None where the unit had no figure (too few
  answers, not in the round). A unit counts for a figure when it has both values.
* The change of a unit is after − before, in index points (0–100). The effect is the treated unit's change minus the
  mean of the comparison units' changes.
* **The interval is a stated model**, as two rounds have no months to resample: had there been no intervention, the
  treated unit's change would have been one more draw from the spread of the comparison units' changes (similar
  units, of similar size, so with similar sampling noise from their few respondents). With k comparison units whose
  changes have standard deviation s, the 95 % interval is effect ± t(k − 1) × s × √(1 + 1/k): the prediction
  interval of one new unit's change around the comparison mean (Conley & Taber 2011 make the same argument for one
  treated unit among few). It does not assume the respondents were the same people both times.
* **The check before the start**: with a round earlier still, the same difference over earlier → before (a placebo
  effect, where there was no intervention yet). It "diverges" when its 99 % interval excludes zero (p < 1 %, as for
  absence) AND it moved more than ``PRE_TREND_PRACTICAL`` (10 %) of the unit's level before: the unit was already
  going its own way, so the after-round cannot be read against the comparison.
* Verdicts, in this order: ``no_round_before`` / ``no_round_after`` (no round with the unit's figure on that side),
  ``too_few_comparisons`` (fewer than ``MIN_COMPARISONS`` units with both values), ``diverging_pre_trend``;
  otherwise ``estimate``. Without ``estimate`` the effect and interval are None.

Plain Python and numpy; the caller passes the values, already decided by the anonymity rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from interventions.effect.did import MIN_COMPARISONS, PRE_TREND_PRACTICAL, student_t

#: What the survey-index estimate says: a figure, or why the data cannot say.
INDEX_VERDICTS = ("estimate", "no_round_before", "no_round_after", "too_few_comparisons", "diverging_pre_trend")
#: The normal quantiles of the interval (95 %) and of the pre-period check's two-sided 1 % test.
_Z_95 = 1.959964
_Z_99 = 2.575829


@dataclass(frozen=True)
class UnitRounds:
    """A unit's value of one index in the earlier, before and after rounds (None: no figure shown)."""

    unit_id: int
    before: float | None
    after: float | None
    earlier: float | None = None


@dataclass(frozen=True)
class IndexEstimate:
    """The estimated change of a survey index against comparison units (positive: the index rose more than theirs),
    its 95 % interval, the means behind it and the check before the start."""

    verdict: str
    comparisons: int  # comparison units with values both before and after
    treated_before: float | None = None
    treated_after: float | None = None
    comparison_before: float | None = None  # the mean over the ``comparisons`` units
    comparison_after: float | None = None
    change: float | None = None
    low: float | None = None
    high: float | None = None
    pre_change: float | None = None  # the placebo effect earlier → before; None when it cannot be computed
    pre_low: float | None = None  # its 99 % interval
    pre_high: float | None = None
    pre_comparisons: int = 0


def _difference(treated: tuple[float, float], pairs: list[tuple[float, float]], z: float) -> tuple[float, float, float]:
    """The treated change minus the mean comparison change, and its interval at normal quantile ``z``."""
    changes = np.array([after - before for before, after in pairs])
    effect = (treated[1] - treated[0]) - float(changes.mean())
    k = changes.size
    spread = float(changes.std(ddof=1)) * math.sqrt(1 + 1 / k) * student_t(k - 1, z)
    return effect, effect - spread, effect + spread


def index_estimate(treated: UnitRounds, comparisons: Iterable[UnitRounds]) -> IndexEstimate:
    """The estimate for ``treated`` against ``comparisons``, by the rules in this module's docstring."""
    units = list(comparisons)
    pairs = [(u.before, u.after) for u in units if u.before is not None and u.after is not None]
    if treated.before is None:
        return IndexEstimate("no_round_before", len(pairs), treated_after=treated.after)
    if treated.after is None:
        return IndexEstimate("no_round_after", len(pairs), treated_before=treated.before)
    result = IndexEstimate(
        "too_few_comparisons",
        len(pairs),
        treated.before,
        treated.after,
        float(np.mean([before for before, _ in pairs])) if pairs else None,
        float(np.mean([after for _, after in pairs])) if pairs else None,
    )
    if len(pairs) < MIN_COMPARISONS:
        return result
    earlier = [(u.earlier, u.before) for u in units if u.earlier is not None and u.before is not None]
    if treated.earlier is not None and len(earlier) >= MIN_COMPARISONS:
        pre, low, high = _difference((treated.earlier, treated.before), earlier, _Z_99)
        result = replace(result, pre_change=pre, pre_low=low, pre_high=high, pre_comparisons=len(earlier))
        if not low <= 0 <= high and abs(pre) > PRE_TREND_PRACTICAL * abs(treated.before):
            return replace(result, verdict="diverging_pre_trend")
    change, low, high = _difference((treated.before, treated.after), pairs, _Z_95)
    return replace(result, verdict="estimate", change=change, low=low, high=high)
