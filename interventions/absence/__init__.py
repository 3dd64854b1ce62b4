"""Sickness absence: spells into episodes, sick days, unit statistics, unit and person signals, the Swedish ratios.

The rules and their sources are written down in ``docs/absence-rules.md``; every threshold is a field of
``AbsenceRules`` with its default. Sweden: a spell starting within 5 days of the previous one continues it; calendar
days 1–14 of a sick period are *short-term*; municipal reporting counts spells ≥ 60 days as long and reports sick
hours / working hours by sex and age band; SKR calls 3 spells in a year a warning signal and Botkyrka invites to an
*omtankesamtal* (a care conversation with the manager) at the fourth. Finland: the 30-60-90 rule, sick days per
person-year, early-support talks after 3 short spells in 4 months or 30 days in 12 months. Also the Bradford factor
(spells² × days over 52 weeks); Botkyrka's *Chefsstöd* contacts units whose short-term absence is high.

Dates are inclusive; an open spell (``last_day`` None) runs to ``today``; a day at 50 % extent counts half. Only dates
and extents of pseudonymous employees are handled, never diagnoses.

One spell or episode at a time: ``spells`` (spells joined into episodes), ``day_counts``, ``months`` (calendar
months and rolling windows), ``signals`` (the unit signals, a person signal, the Bradford factor) and
``reporting_groups`` (sex and age band). A whole organisation's spells at once, on numpy columns with the same rules:
``table`` (``SpellTable``), ``unit_statistics`` (unit months and periods), ``person_signal_rules`` and
``swedish_ratios`` (by sex and age band, whose groups ``small_groups`` withholds where they are, or would give away,
ten employees or fewer). The thresholds are ``rules``' ``AbsenceRules``.

Plain Python and numpy: this package never imports Flask, SQLAlchemy or ``survey_app``, stores nothing and never
reads the clock (the caller passes ``today``).
"""

from __future__ import annotations

from interventions.absence.day_counts import episode_length, short_term_days, sick_days
from interventions.absence.person_signal_rules import allowance_days, person_signals
from interventions.absence.reporting_groups import AGE_BANDS, SEXES, age_band
from interventions.absence.rules import FI_COUNTINGS, AbsenceRules
from interventions.absence.signals import PersonSignal, UnitSignal, bradford_factor, unit_signals
from interventions.absence.small_groups import withhold_small_groups
from interventions.absence.spells import Episode, Spell, merge_episodes, merge_spells
from interventions.absence.swedish_ratios import GroupRatio, GroupStaffing, group_ratios
from interventions.absence.table import OPEN, SpellTable
from interventions.absence.unit_statistics import Staffing, UnitMonth, aggregate, unit_months, unit_periods

__all__ = [
    "AGE_BANDS", "FI_COUNTINGS", "OPEN", "SEXES", "AbsenceRules", "Episode", "GroupRatio", "GroupStaffing",
    "PersonSignal", "Spell", "SpellTable", "Staffing", "UnitMonth", "UnitSignal", "age_band", "aggregate",
    "allowance_days", "bradford_factor", "episode_length", "group_ratios", "merge_episodes", "merge_spells",
    "person_signals", "short_term_days", "sick_days", "unit_months", "unit_periods", "unit_signals",
    "withhold_small_groups",
]  # fmt: skip
