"""A plan's measurable goals (Finnish follow-up guidance, docs/method.md): an indicator, a target and a date."""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date

from interventions.i18n import N_
from interventions.plans.errors import PlanError

_UNKNOWN_INDICATOR = N_('"%(indicator)s" is not an indicator.')
_BASELINE_NOT_FINITE = N_("The baseline must be a number.")
_TARGET_MISSING = N_("A goal needs a target value.")
_TARGET_NOT_FINITE = N_("The target must be a number.")
_TARGET_ON_MISSING = N_("A goal needs a date by which the target should be reached.")
_TARGET_ON_BEFORE_OPENED = N_("The target date cannot be before the case was opened (%(date)s).")


def check_goal(
    indicator: str,
    known_indicators: Collection[str],
    baseline: float | None,
    target: float | None,
    target_on: date | None,
    opened_on: date,
) -> None:
    """Check a measurable goal of a plan (Finnish follow-up guidance, docs/method.md: concrete, measurable goals).

    The indicator must be one of ``known_indicators`` (normally ``interventions.indicators.INDICATORS``); the
    baseline is optional but, like the required target, must be a finite number; ``target_on`` is required and
    cannot be before the case was opened. A target equal to the baseline is allowed (keeping a level is a goal too).
    """
    if indicator not in known_indicators:
        raise PlanError(_UNKNOWN_INDICATOR, "indicator", {"indicator": indicator})
    if baseline is not None and not math.isfinite(baseline):
        raise PlanError(_BASELINE_NOT_FINITE, "baseline")
    if target is None:
        raise PlanError(_TARGET_MISSING, "target")
    if not math.isfinite(target):
        raise PlanError(_TARGET_NOT_FINITE, "target")
    if target_on is None:
        raise PlanError(_TARGET_ON_MISSING, "target_on")
    if target_on < opened_on:
        raise PlanError(_TARGET_ON_BEFORE_OPENED, "target_on", {"date": opened_on})
