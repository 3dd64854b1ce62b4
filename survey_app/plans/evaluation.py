"""A case's evaluation: the reference period against the follow-up period.

Absence figures per period come from Omtanke's own absence data when it holds staffing for the unit in the period
(``absence.figures.period_figures``: the absence statistics' own computation), otherwise from what HR entered on
the case. Survey indices come through the results gate (``closed_round_results``: closed rounds only, small groups
already hidden), so a unit that was hidden in a round stays hidden here too.

A goal's current figure (``goals_now``) is the indicators page's latest value for the unit over the last twelve months
(``indicators.services.indicator_table``: absence from the absence statistics, survey indices through the same gate,
talks counted, the rest as HR entered them), so the plan never shows a figure that page would withhold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from interventions.evaluation import Evaluation, PeriodFigures, evaluate
from survey_app.absence.figures import period_figures
from survey_app.db import db
from survey_app.indicators.services import indicator_table, recent_range
from survey_app.models import InterventionCase, RoundUnit, SurveyRound, User
from survey_app.results.services import closed_round_results, rounds_closed_by

DEFAULT_DAILY_COST = 2500.0  # SEK per sick day; OMTANKE_SICK_DAY_COST overrides, a case may set its own


@dataclass(frozen=True)
class SurveyIndex:
    """One closed round's HME total index for the unit (None where the unit was hidden in that round)."""

    title: str
    closes_on: date
    value: float | None  # None: the unit was under the threshold in that round


@dataclass(frozen=True)
class CaseEvaluation:
    """A case's evaluation as its page shows it: both periods' absence figures, their comparison, and the unit's HME
    index in the rounds before and after. Not ``ready`` until both periods are set."""

    ready: bool  # both periods set
    reference: PeriodFigures | None
    follow_up: PeriodFigures | None
    result: Evaluation | None
    daily_cost: float
    source: str  # "absence" (computed) or "entered"
    survey_before: SurveyIndex | None
    survey_after: SurveyIndex | None


@dataclass(frozen=True)
class GoalNow:
    """Where a goal's indicator stands now for the case's unit: the latest value and the period it is for."""

    value: float
    period_start: date
    period_end: date


def goals_now(actor: User, case: InterventionCase, today: date) -> dict[str, GoalNow]:
    """The latest figure of each of the case's goal indicators, by indicator key; an indicator without a figure the
    actor may see (none entered, none computed, or the group too small to show) is left out."""
    wanted = {goal.indicator for goal in case.goals}
    if not wanted:
        return {}
    first, last = recent_range("month", today)
    rows = indicator_table(actor, case.unit_id, first, last, today, "month")
    return {
        row.key: GoalNow(row.latest.value, row.latest.start, row.latest.end)
        for row in rows
        if row.key in wanted and row.latest is not None and row.latest.value is not None
    }


def daily_cost(case: InterventionCase) -> float:
    """The cost of one sick day for the case: its own figure, else OMTANKE_SICK_DAY_COST, else SEK 2,500."""
    if case.daily_cost is not None:
        return case.daily_cost
    return float(current_app.config.get("OMTANKE_SICK_DAY_COST") or DEFAULT_DAILY_COST)


def case_evaluation(case: InterventionCase, today: date) -> CaseEvaluation:
    """The case's evaluation on ``today``: absence figures computed where Omtanke holds the unit's staffing for both
    periods, otherwise as entered on the case."""
    cost = daily_cost(case)
    before = _survey_index(case.unit_id, today, until=case.reference_end or case.opened_on)
    after = _survey_index(case.unit_id, today, since=case.follow_up_start) if case.follow_up_start else None
    if not (case.reference_start and case.reference_end and case.follow_up_start and case.follow_up_end):
        return CaseEvaluation(False, None, None, None, cost, "entered", before, after)
    periods = [(case.reference_start, case.reference_end), (case.follow_up_start, case.follow_up_end)]
    reference, follow_up = period_figures(case.unit_id, periods, today)
    source = "absence"
    if reference is None or follow_up is None:
        source = "entered"
        reference = PeriodFigures(
            case.reference_start,
            case.reference_end,
            case.reference_employees or 0.0,
            case.reference_sick_days,
            case.reference_short_term_days,
        )
        follow_up = PeriodFigures(
            case.follow_up_start,
            case.follow_up_end,
            case.follow_up_employees or 0.0,
            case.follow_up_sick_days,
            case.follow_up_short_term_days,
        )
    return CaseEvaluation(True, reference, follow_up, evaluate(reference, follow_up, cost), cost, source, before, after)


def _survey_index(
    unit_id: int, today: date, until: date | None = None, since: date | None = None
) -> SurveyIndex | None:
    """The unit's HME index in the latest round closed before ``today`` and ``until``, or the first one after
    ``since``."""
    query = rounds_closed_by(today).where(SurveyRound.id.in_(select(RoundUnit.round_id)))
    if until is not None:
        query = query.where(SurveyRound.closes_on <= until).order_by(SurveyRound.closes_on.desc())
    else:
        query = query.where(SurveyRound.opens_on >= since).order_by(SurveyRound.closes_on)
    for survey in db.session.scalars(query.limit(3)):
        results = closed_round_results(survey, today)
        result = results.units.get(unit_id)
        if result is None or not (result.headcount or result.responses):
            continue
        return SurveyIndex(survey.title, survey.closes_on, result.score("hme.total"))
    return None
