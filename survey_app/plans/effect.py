"""A case's effect against comparison units (issue 24): the app's side of ``interventions.effect``.

A unit's absence can fall after a case because of the season or a trend the whole organisation shares. So the case's
unit is compared with similar units without an intervention of their own, month by month, before and after the start
(a difference-in-differences, docs/effect.md). This module gathers what the pure estimate needs, from the one
computation of unit figures (``absence.services.unit_figures``, docs/absence-figures.md), and keeps HR's choice:

* **The start** is the case's follow-up start when HR has set it (the evaluation's own "after"), else the day the case
  reached the action-plan stage (the method's intervention is the plan's steps), else the day it was opened. The
  month the start falls in is the first month after.
* **The months**: up to ``PRE_MONTHS`` months before the start's month, and from it to the last complete month before
  today. A unit's month without staffing has no figure.
* **Candidates** are the active workplaces (units with no unit below them) outside the case's own branch (its unit,
  the units above and below it, whose figures hold its own). **Busy** are those with a case of their own (or under a
  unit with one) open at any time in those months: never compared with.
* **The choice** is made automatically the first time the effect is shown (``interventions.effect
  .choose_comparisons``: same kind, similar size, level and trend) and kept as ``CaseComparison`` rows, so it does not
  move with later data; HR may add a unit or leave one out, which is kept and shown with its reason.

Who sees it: whoever sees the case (``guards.can_see``), as the evaluation; HR and admin change the choice. Only unit
figures and names, nothing about a person; the comparison units' figures only as a mean over at least
``MIN_COMPARISONS`` units (``comparison_figures_shown``). Every view is audit-logged, as the absence statistics are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from interventions.effect import (
    MEASURES,
    MIN_COMPARISONS,
    MIN_MONTHS,
    Candidate,
    Estimate,
    UnitSeries,
    choose_comparisons,
    estimate,
)
from interventions.effect.indices import IndexEstimate
from survey_app.absence.services import unit_figures
from survey_app.access import can_run_case, descendant_ids
from survey_app.audit import record, record_read
from survey_app.db import db, utcnow, write_transaction
from survey_app.errors import DomainError
from survey_app.i18n import decimal
from survey_app.models import CaseComparison, InterventionCase, Unit, User
from survey_app.plans.effect_survey import (
    SurveyEffect,
    index_pre_check_text,
    index_verdict_text,
    survey_effect,
)
from survey_app.plans.evaluation import daily_cost
from survey_app.plans.services.guards import require
from survey_app.results.report import figure_label

#: The most months before the start the estimate reads: two years of seasons.
PRE_MONTHS = 24
START_SOURCES = {
    "follow_up_start": _l("the start of the follow-up period set on the case"),
    "action_plan": _l("the day the case reached the action-plan stage"),
    "opened_on": _l("the day the case was opened"),
}
LEFT_OUT_LABELS = {
    "busy": _l("an intervention of its own in the period"),
    "other_kind": _l("another kind of workplace"),
    "no_data": _l("no staffing figures in every month before the start"),
    "size": _l("less than half or more than twice the size"),
    "further": _l("less similar in absence level and trend than those chosen"),
    "hr": _l("left out by HR"),
}
ACTIONS = ("add", "leave_out")
MEASURE_LABELS = {"short_term": _l("Short-term sick days (days 1–14)"), "total": _l("Sick days")}


@dataclass(frozen=True)
class Window:
    """The months the effect reads: ``first`` to ``last`` (first days of months), ``start`` the first month after."""

    start: date
    source: str  # a key of START_SOURCES
    first: date
    last: date

    @property
    def months(self) -> list[date]:
        """Every month from ``first`` to ``last``."""
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = _next_month(month)
        return months


@dataclass(frozen=True)
class ComparisonRow:
    """A unit on the case's list: its name, kind and size (mean employees over the months before; None without
    figures), who chose it, and why it is left out (a key of LEFT_OUT_LABELS; None: compared with)."""

    unit_id: int
    name: str
    kind: str | None
    employees: float | None
    chosen_by: str | None
    left_out: str | None
    note: str | None = None  # for a unit compared with although it would not qualify: why not (LEFT_OUT_LABELS)


@dataclass(frozen=True)
class CaseEffect:
    """What the case page shows: the window, the estimate of each measure (``MEASURES``), the units compared with
    and those left out, how many units were not chosen and why, the units HR may add, and the survey indices'
    estimate against the same units (``effect_survey``)."""

    window: Window
    estimates: dict[str, Estimate]
    compared: list[ComparisonRow]
    left_out: list[ComparisonRow]
    not_chosen: dict[str, int]
    addable: list[ComparisonRow]
    daily_cost: float
    survey: SurveyEffect


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _months_back(month: date, back: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - back, 12)
    return date(year, index + 1, 1)


def effect_start(case: InterventionCase) -> tuple[date, str]:
    """The day the case's intervention is taken to start, and which date that is (a key of START_SOURCES)."""
    if case.follow_up_start is not None:
        return case.follow_up_start, "follow_up_start"
    planned = [stage.reached_on for stage in case.stages if stage.stage == "action_plan"]
    if planned:
        return min(planned), "action_plan"
    return case.opened_on, "opened_on"


def window(case: InterventionCase, today: date) -> Window:
    """The months of the case's effect on ``today``: up to PRE_MONTHS before the start's month, and on to the last
    complete month before today."""
    day, source = effect_start(case)
    start = day.replace(day=1)
    last = _months_back(today.replace(day=1), 1)
    return Window(start, source, _months_back(start, PRE_MONTHS), last)


def _candidate_units(case: InterventionCase, units: dict[int, Unit]) -> list[Unit]:
    """Active workplaces outside the case's branch (its unit, the units above it and below it)."""
    below = descendant_ids([case.unit_id])
    above, parent = set(), units[case.unit_id].parent_id
    while parent is not None and parent not in above:
        above.add(parent)
        parent = units[parent].parent_id if parent in units else None
    parents = {unit.parent_id for unit in units.values()}
    return [
        unit
        for unit in units.values()
        if unit.active and unit.id not in parents and unit.id not in below and unit.id not in above
    ]


def busy_units(case: InterventionCase, first: date, last: date) -> frozenset[int]:
    """Units with another case open at any time from ``first`` to the end of the month ``last``, and the units below
    them."""
    end = _next_month(last) - timedelta(days=1)
    query = select(InterventionCase.unit_id).where(
        InterventionCase.id != case.id,
        InterventionCase.opened_on <= end,
        or_(InterventionCase.closed_on.is_(None), InterventionCase.closed_on >= first),
    )
    return descendant_ids(set(db.session.scalars(query)))


def _series(units: list[Unit], months: list[date], today: date, every: dict[int, Unit]) -> dict[int, UnitSeries]:
    """Each unit's monthly figures (employees, short-term and total sick days) from ``unit_figures``."""
    if not months:
        return {unit.id: UnitSeries(unit.id, unit.kind, (), (), (), ()) for unit in units}
    spans = [(month, _next_month(month) - timedelta(days=1)) for month in months]
    _, rows = unit_figures(spans, today, every)
    by_code = {(row.unit, row.month): row for row in rows}
    found = {}
    for unit in units:
        figures = [by_code.get((unit.code, month)) for month in months]
        found[unit.id] = UnitSeries(
            unit.id,
            unit.kind,
            tuple(months),
            tuple(row.employees if row else 0.0 for row in figures),
            tuple(row.short_term_days if row else 0.0 for row in figures),
            tuple(row.sick_days if row else 0.0 for row in figures),
        )
    return found


def _employees_before(series: UnitSeries, start: date) -> float | None:
    held = [e for month, e in zip(series.months, series.employees, strict=True) if month < start and e > 0]
    return sum(held[-12:]) / len(held[-12:]) if held else None


def _stored(case: InterventionCase) -> dict[int, CaseComparison]:
    query = select(CaseComparison).where(CaseComparison.case_id == case.id)
    return {row.unit_id: row for row in db.session.scalars(query)}


def _choose_once(case: InterventionCase, candidates: list[Candidate]) -> dict[int, CaseComparison]:
    """Store the automatic choice the first time; afterwards the kept choice, whatever the data did since."""
    stored = _stored(case)
    chosen = [c.series.unit_id for c in candidates if c.chosen]
    if stored or not chosen:
        return stored
    # A page (a GET) writes here: end its read first and take the write lock up front. On SQLite a read transaction
    # whose snapshot another connection has written past (an audited read, another page) cannot become a write one.
    db.session.commit()
    with write_transaction():
        if not _stored(case):  # another request may have chosen meanwhile
            for unit_id in chosen:
                db.session.add(CaseComparison(case_id=case.id, unit_id=unit_id, chosen_by="auto"))
            record(None, "case.comparisons_chosen", "intervention_case", case.id, units=chosen)
        db.session.commit()
    return _stored(case)


def case_effect(actor: User, case: InterventionCase, today: date) -> CaseEffect:
    """The case's effect on ``today`` against its comparison units (chosen now if never before), for both measures;
    the read is audit-logged. The caller has checked that ``actor`` sees the case."""
    span = window(case, today)
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    others = _candidate_units(case, units)
    series = _series([units[case.unit_id], *others], span.months, today, units)
    treated = series[case.unit_id]
    busy = busy_units(case, span.first, span.last)
    candidates = choose_comparisons(treated, [series[unit.id] for unit in others], span.start, busy=busy)
    stored = _choose_once(case, candidates)
    reasons = {c.series.unit_id: c.left_out for c in candidates}
    compared_ids = [unit_id for unit_id, row in stored.items() if not row.excluded]
    cost = daily_cost(case)
    estimates = {
        measure: estimate(
            treated, [series[i] for i in compared_ids if i in series], span.start, measure, cost, seed=case.id
        )
        for measure in MEASURES
    }
    survey = survey_effect(case.unit_id, compared_ids, effect_start(case)[0], today)
    record_read(actor, "case.effect_read", "intervention_case", case.id, units=sorted(compared_ids))

    def row(unit_id: int, chosen_by: str | None, left_out: str | None, note: str | None = None) -> ComparisonRow:
        unit = units[unit_id]
        employees = _employees_before(series[unit_id], span.start) if unit_id in series else None
        return ComparisonRow(unit_id, unit.name, unit.kind, employees, chosen_by, left_out, note)

    compared = [row(i, stored[i].chosen_by, None, reasons.get(i)) for i in compared_ids]
    left_out = [row(i, c.chosen_by, "hr") for i, c in stored.items() if c.excluded]
    not_chosen = Counter(c.left_out or "further" for c in candidates if c.series.unit_id not in stored)
    addable = [
        row(c.series.unit_id, None, c.left_out)
        for c in sorted(candidates, key=lambda c: units[c.series.unit_id].name.lower())
        if c.left_out != "busy" and (c.series.unit_id not in stored or stored[c.series.unit_id].excluded)
    ]
    by_name = sorted(compared, key=lambda r: r.name.lower())
    return CaseEffect(span, estimates, by_name, left_out, dict(not_chosen), addable, cost, survey)


def change_comparison(actor: User, case: InterventionCase, unit_id: int, action: str, today: date) -> None:
    """Add a unit to the case's comparison units (or take one left out back), or leave one out (HR and admin).

    A unit added must be a workplace outside the case's branch without an intervention of its own in the months
    compared; one left out stays on the list with the reason, so that the choice can be explained."""
    require(can_run_case(actor))
    if action not in ACTIONS:
        raise DomainError(_l("Choose whether to add the unit or leave it out."))
    units = {unit.id: unit for unit in db.session.scalars(select(Unit))}
    stored = _stored(case).get(unit_id)
    if action == "leave_out":
        if stored is None or stored.excluded:
            raise DomainError(_l("That unit is not among the units compared with."))
        stored.excluded, stored.changed_by_id, stored.changed_at = True, actor.id, utcnow()
    else:
        span = window(case, today)
        if unit_id not in {unit.id for unit in _candidate_units(case, units)}:
            raise DomainError(_l("Choose an active workplace outside the case's own unit and the units above it."))
        if unit_id in busy_units(case, span.first, span.last):
            raise DomainError(_l("That unit has an intervention of its own in the period: it cannot be compared."))
        if stored is None:
            db.session.add(CaseComparison(case_id=case.id, unit_id=unit_id, chosen_by="hr", changed_by_id=actor.id))
        else:
            stored.excluded, stored.changed_by_id, stored.changed_at = False, actor.id, utcnow()
    record(actor, f"case.comparison_{action}", "intervention_case", case.id, unit_id=unit_id)
    db.session.commit()


def verdict_text(result: Estimate) -> str:
    """Why the data cannot say, in words HR can repeat ("" for an estimate)."""
    if result.verdict == "too_few_months" and result.months_after < MIN_MONTHS:
        return _("The data cannot say yet: fewer than %(n)d months after the start (%(after)d so far).",
                 n=MIN_MONTHS, after=result.months_after)  # fmt: skip
    if result.verdict == "too_few_months":
        return _("The data cannot say: fewer than %(n)d months with figures before the start (%(before)d).",
                 n=MIN_MONTHS, before=result.months_before)  # fmt: skip
    if result.verdict == "too_few_comparisons":
        return _("The data cannot say: fewer than %(n)d comparison units with figures both before and after the "
                 "start (%(found)d).", n=MIN_COMPARISONS, found=result.comparisons)  # fmt: skip
    if result.verdict == "diverging_pre_trend":
        return _("The data cannot say: before the start, the unit's absence was already moving away from the "
                 "comparison units' (by %(moved)s sick days per employee and year over %(months)d months), so what "
                 "happened after cannot be read against them.",
                 moved=decimal(result.pre_trend_difference, 1, signed=True), months=result.months_before)  # fmt: skip
    return ""


def comparison_figures_shown(result: Estimate | IndexEstimate) -> bool:
    """Whether the comparison units' mean rates or survey indices (and the pre-period gap, their difference from the
    unit's) may be shown: only over at least MIN_COMPARISONS units. A unit's manager sees the case, never another
    unit's own absence figures (``absence.services.statistics``) or results, and the mean of one or two units would be
    theirs."""
    return result.comparisons >= MIN_COMPARISONS and result.comparison_before is not None


def pre_trend_text(result: Estimate) -> str:
    """The pre-period check in words: did the unit and the comparison units move alike before the start?"""
    if result.verdict == "diverging_pre_trend" or result.pre_trend_difference is None:
        return ""
    if not comparison_figures_shown(result):
        return ""
    moved = decimal(result.pre_trend_difference, 1, signed=True)
    if result.pre_trend_low is not None and result.pre_trend_low <= 0 <= (result.pre_trend_high or 0):
        return _("Check before the start: over the %(months)d months before, the gap between the unit and the "
                 "comparison units moved by %(moved)s sick days per employee and year, no more than chance would "
                 "give: they moved alike.", months=result.months_before, moved=moved)  # fmt: skip
    return _("Check before the start: over the %(months)d months before, the gap between the unit and the comparison "
             "units moved by %(moved)s sick days per employee and year: a small difference in their course, too "
             "small to stop the estimate.", months=result.months_before, moved=moved)  # fmt: skip


def template_helpers() -> dict:
    """The words of the effect section (``_effect.html``)."""
    return {
        "effect_start_label": lambda key: START_SOURCES[key],
        "effect_measure_label": lambda key: MEASURE_LABELS[key],
        "effect_left_out_label": lambda key: LEFT_OUT_LABELS.get(key, key),
        "effect_verdict_text": verdict_text,
        "effect_pre_trend_text": pre_trend_text,
        "effect_comparison_figures_shown": comparison_figures_shown,
        "effect_min_months": MIN_MONTHS,
        "effect_min_comparisons": MIN_COMPARISONS,
        "effect_figure_label": figure_label,
        "index_verdict_text": index_verdict_text,
        "index_pre_check_text": index_pre_check_text,
    }
