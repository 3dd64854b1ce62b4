"""The signals absence raises, one unit or one employee at a time: a unit to contact (Botkyrka's Chefsstöd,
docs/method.md) and an employee whose absence calls for attention (docs/absence-rules.md).

``unit_signals`` applies the unit rules to unit months; the person rules run over a whole organisation's spells at
once in ``interventions.absence.person_signal_rules``, and ``bradford_factor`` gives one employee's Bradford factor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from interventions.absence.day_counts import sick_days
from interventions.absence.months import add_months, month_of
from interventions.absence.rules import AbsenceRules
from interventions.absence.spells import Episode
from interventions.absence.unit_statistics import UnitMonth

_DAY = timedelta(days=1)
_EPSILON = 1e-9  # percentages closer than this count as equal, so a value exactly at a threshold does not signal


@dataclass(frozen=True)
class UnitSignal:
    """A unit whose short-term absence calls for contact (Botkyrka's Chefsstöd, docs/method.md)."""

    unit: str
    rule: str  # "above_organisation" | "above_level" | "rising"
    month: date
    value: float  # the unit's short-term absence % in ``month``
    reference: float | None  # organisation %, the level, or the % before the rise


def unit_signals(months: list[UnitMonth], rules: AbsenceRules, month: date) -> list[UnitSignal]:
    """Signals for ``month``, every unit but the organisation (unit ""), which is the reference.

    * ``above_organisation``: short-term % exceeds the organisation's by *more than* ``unit_margin_pct_points``;
    * ``above_level``: short-term % *above* ``unit_absolute_pct``;
    * ``rising``: short-term % higher than the month before in each of the last ``unit_rising_months`` months
      (so ``unit_rising_months`` + 1 months with a value are needed).
    """
    month = month_of(month)
    pct = {(m.unit, m.month): m.short_term_pct for m in months}
    organisation = pct.get(("", month))
    signals = []
    for unit in sorted({m.unit for m in months} - {""}):
        value = pct.get((unit, month))
        if value is None:
            continue
        if organisation is not None and value - organisation - rules.unit_margin_pct_points > _EPSILON:
            signals.append(UnitSignal(unit, "above_organisation", month, value, organisation))
        if value - rules.unit_absolute_pct > _EPSILON:
            signals.append(UnitSignal(unit, "above_level", month, value, rules.unit_absolute_pct))
        series = [pct.get((unit, add_months(month, -back))) for back in range(rules.unit_rising_months, -1, -1)]
        if rules.unit_rising_months > 0 and None not in series:
            if all(later - earlier > _EPSILON for earlier, later in pairwise(series)):
                signals.append(UnitSignal(unit, "rising", month, value, series[0]))
    return signals


@dataclass(frozen=True, slots=True)
class PersonSignal:
    """An employee whose absence calls for attention. ``detail`` is English marked with ``N_``; ``params`` fills its
    ``%(name)s`` placeholders (dates as ``date`` objects for the web layer to format). ``counting`` says how a Finnish
    point's date was counted (one of ``FI_COUNTINGS``, "" for other signals); ``talk`` is False for a signal that asks
    to watch the absence but not yet for a talk (the Swedish warning)."""

    employee: str
    unit: str  # the unit of the employee's latest spell (started by ``today``)
    rule: str  # "spells_warning" | "spells_in_window" | "short_spells_fi" | "days_fi" | "bradford" | "fi_30" | …
    on: date
    value: float
    detail: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    counting: str = ""
    talk: bool = True


def bradford_factor(episodes: Iterable[Episode], today: date, weeks: int = 52) -> int:
    """Spells² × days over the rolling ``weeks`` ending ``today`` (docs/absence-rules.md), for one employee's
    episodes. A spell counts if any of its days falls in the window; days are calendar days in the window, whatever
    the extent."""
    start = today - timedelta(weeks=weeks) + _DAY
    days = [sick_days(e, start, today, today, weighted=False) for e in episodes]
    spells = sum(1 for d in days if d > 0)
    return int(spells * spells * sum(days))
