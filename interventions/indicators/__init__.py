"""Indicators for goals and follow-up, whether a target is met, and the periods indicator values are kept for.

The list follows the Finnish follow-up guidance (docs/method.md, "Indicators": sick absence and partial sick absence,
early-support talks and network meetings held, people in vocational rehabilitation, risk and near-miss reports,
occupational accidents, (partial) disability pensions, the cost of work disability, work-health survey results) and the
absence measures of docs/absence-figures.md (sick absence as a share of working time, short-term absence = days 1–14,
the Finnish municipal standard of sick days per person-year) with sick-leave spells per employee, the frequency the talk
triggers look at (docs/absence-rules.md). Survey indicators are SKR's HME index and its three sub-indices (0–100) and
work ability (0–10), as scored by ``interventions.scoring``.

Each indicator says where its values come from (``source``): computed from imported absence, counted from logged
early-support talks and network meetings, computed from the person track's talks and plans (talks held in time,
plans followed through, days to return: ``person_track``), computed from survey results, or entered by HR.

Periods are whole months ("2026-03"), quarters ("2026-Q1") or years ("2026"); ``parse_period`` reads them, raising
``PeriodError`` (``message`` marked with ``N_``, ``params`` for its ``%(name)s`` placeholders) for anything else.

The modules: ``catalogue`` (``INDICATORS``, targets and progress), ``reporting_periods`` (parsing, naming and
listing periods) and ``person_track`` (the person track's three figures from plain case records).

Plain Python, standard library only: this package never imports Flask, SQLAlchemy or ``survey_app``; the caller
loads the data and passes plain numbers (or, for the person track, plain frozen records).
"""

from __future__ import annotations

from interventions.indicators.catalogue import INDICATORS, Indicator, progress, target_met
from interventions.indicators.person_track import CaseRecord, Figure, FollowUpRecord, StepRecord, person_track_figure
from interventions.indicators.reporting_periods import PERIOD_KINDS, PeriodError, parse_period, period_label, periods

__all__ = [
    "INDICATORS",
    "CaseRecord",
    "Figure",
    "FollowUpRecord",
    "PERIOD_KINDS",
    "Indicator",
    "PeriodError",
    "StepRecord",
    "parse_period",
    "period_label",
    "periods",
    "person_track_figure",
    "progress",
    "target_met",
]
