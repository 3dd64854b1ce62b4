"""The indicator catalogue (see the package docstring for its sources), and whether and how far a target is reached."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from interventions.i18n import N_

_UNITS = ("percent", "days", "count", "rate", "index", "currency")  # rate: a fraction per person, e.g. 0.15
_DIRECTIONS = ("lower", "higher")
_SOURCES = ("absence", "support_events", "person_track", "survey", "entered")


@dataclass(frozen=True)
class Indicator:
    """One indicator: its key, English label (marked with ``N_``), unit, which direction is better and its source."""

    key: str
    label: str
    unit: str  # one of _UNITS
    better: str  # "lower" or "higher"
    source: str  # one of _SOURCES


def _indicators(*rows: tuple[str, str, str, str, str]) -> Mapping[str, Indicator]:
    return MappingProxyType({row[0]: Indicator(*row) for row in rows})


INDICATORS: Mapping[str, Indicator] = _indicators(
    ("sick_absence_pct", N_("Sick absence (share of working time)"), "percent", "lower", "absence"),
    ("short_term_absence_pct", N_("Short-term sick absence (share of working time)"), "percent", "lower", "absence"),
    # A higher share of sick days taken as partial leave means more people keep a link to work (Finnish practice).
    ("partial_sick_leave_pct", N_("Partial sick leave (share of sick days)"), "percent", "higher", "absence"),
    ("sick_days_per_person_year", N_("Sick days per person-year"), "days", "lower", "absence"),
    # Frequency, not length: repeated short spells are what the Swedish and Finnish talk triggers look for.
    ("spells_per_employee", N_("Sick-leave spells per employee"), "rate", "lower", "absence"),
    ("early_support_talks", N_("Early-support talks held"), "count", "higher", "support_events"),
    ("network_meetings", N_("Network meetings held"), "count", "higher", "support_events"),
    # The person track's follow-through (interventions.indicators.person_track): talks soon after the signal, steps
    # followed up, a quicker return.
    ("talks_in_time_pct", N_("Early-support talks held in time (share)"), "percent", "higher", "person_track"),
    (
        "steps_followed_up_pct",
        N_("Person plans with every step followed up (share)"),
        "percent",
        "higher",
        "person_track",
    ),
    ("days_to_return", N_("Days to return to work (median)"), "days", "lower", "person_track"),
    # Early vocational rehabilitation and active risk reporting are measures taken, so more is better.
    ("vocational_rehabilitation", N_("People in vocational rehabilitation"), "count", "higher", "entered"),
    ("risk_reports", N_("Risk and near-miss reports"), "count", "higher", "entered"),
    ("accidents", N_("Occupational accidents"), "count", "lower", "entered"),
    ("disability_pensions", N_("New (partial) disability pensions"), "count", "lower", "entered"),
    ("work_disability_cost", N_("Cost of work disability"), "currency", "lower", "entered"),
    ("hme_total", N_("HME index (sustainable employee engagement)"), "index", "higher", "survey"),
    ("hme_motivation", N_("HME motivation"), "index", "higher", "survey"),
    ("hme_leadership", N_("HME leadership"), "index", "higher", "survey"),
    ("hme_steering", N_("HME steering"), "index", "higher", "survey"),
    ("work_ability", N_("Work ability (0–10)"), "index", "higher", "survey"),
)


def _check_better(better: str) -> None:
    if better not in _DIRECTIONS:
        raise ValueError(f"better must be 'lower' or 'higher', not {better!r}")


def target_met(value: float, target: float, better: str) -> bool:
    """Whether ``value`` reaches ``target``: at or below it when lower is better, at or above it when higher is
    better. ``ValueError`` for any other ``better``."""
    _check_better(better)
    return value <= target if better == "lower" else value >= target


def progress(baseline: float | None, value: float | None, target: float, better: str) -> float | None:
    """The share of the way from ``baseline`` to ``target`` that ``value`` has come: (value − baseline) /
    (target − baseline). 0 at the baseline, 1 at the target, above 1 beyond it, negative when the value moved away
    from the target. The formula holds for both directions; ``better`` is only checked (``ValueError`` unless
    "lower" or "higher"). ``None`` when the baseline or the value is missing or the baseline equals the target."""
    _check_better(better)
    if baseline is None or value is None or baseline == target:
        return None
    return (value - baseline) / (target - baseline)
