"""A case's effect on the survey indices (HME and its parts) between rounds, against the case's comparison units
(issue 24): the app's side of ``interventions.effect.indices``.

* **The rounds** are closed rounds (``results.services.rounds_closed_by``) the case's unit took part in and that
  measure HME: *before* is the latest that closed before the effect's start (``effect.effect_start``, the day the
  absence estimate starts from too), *earlier* the one before that (for the check before the start), and *after* the
  latest that opened on or after the start: the unit's most recent measurement since the intervention began.
* **The comparison units** are the case's own (``CaseComparison``, as chosen for absence and adjusted by HR), so the
  two estimates speak of the same units.
* **Within the anonymity rules**: every value is the unit's figure as the results show it (``closed_round_results``:
  a unit under the threshold, or hidden so that it cannot be subtracted, has None and does not count). The
  comparison units' mean is shown only over at least ``MIN_COMPARISONS`` units, by the absence means' own rule
  (``effect.comparison_figures_shown``): a unit's manager sees the case, never another unit's own results.

Who sees it: whoever sees the case, with the absence estimate (``effect.case_effect``, which audit-logs the read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interventions.effect import MIN_COMPARISONS
from interventions.effect.indices import IndexEstimate, UnitRounds, index_estimate
from survey_app.db import db
from survey_app.i18n import decimal
from survey_app.models import RoundUnit, SurveyRound
from survey_app.results.figures import RoundResults
from survey_app.results.scale import HME_FIGURES
from survey_app.results.services import closed_round_results, rounds_closed_by

#: The figures estimated, as the results name them.
INDEX_FIGURES = tuple(f"hme.{name}" for name in HME_FIGURES)
#: How many rounds back a search for a round that measures HME goes before giving up.
_LOOK_BACK = 6


@dataclass(frozen=True)
class RoundRef:
    """A round the estimate reads, as the page names it."""

    id: int
    title: str
    closes_on: date


@dataclass(frozen=True)
class SurveyEffect:
    """The rounds read and each HME figure's estimate (keys of INDEX_FIGURES)."""

    earlier: RoundRef | None
    before: RoundRef | None
    after: RoundRef | None
    estimates: dict[str, IndexEstimate]


def _measuring_rounds(unit_id: int, today: date, *, before: date | None = None, since: date | None = None):
    """Closed rounds the unit took part in that measure HME, newest first, with their results."""
    query = rounds_closed_by(today).where(
        SurveyRound.id.in_(select(RoundUnit.round_id).where(RoundUnit.unit_id == unit_id))
    )
    if before is not None:
        query = query.where(SurveyRound.closes_on < before)
    if since is not None:
        query = query.where(SurveyRound.opens_on >= since)
    query = query.order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc()).limit(_LOOK_BACK)
    for survey in db.session.scalars(query):
        results = closed_round_results(survey, today)
        if results.scale.hme:
            yield results


def _value(results: RoundResults | None, unit_id: int, figure: str) -> float | None:
    result = results.units.get(unit_id) if results is not None else None
    return result.score(figure) if result is not None else None


def _ref(results: RoundResults | None) -> RoundRef | None:
    return RoundRef(results.survey.id, results.survey.title, results.survey.closes_on) if results else None


def survey_effect(unit_id: int, compared: list[int], start: date, today: date) -> SurveyEffect:
    """The case's unit's HME figures between the round before ``start`` and the latest round since, against the
    ``compared`` units, on ``today``."""
    earlier_rounds = _measuring_rounds(unit_id, today, before=start)
    before = next(earlier_rounds, None)
    earlier = next(earlier_rounds, None)
    after = next(_measuring_rounds(unit_id, today, since=start), None)

    def rounds(unit: int, figure: str) -> UnitRounds:
        values = (_value(results, unit, figure) for results in (before, after, earlier))
        return UnitRounds(unit, *values)

    estimates = {
        figure: index_estimate(rounds(unit_id, figure), [rounds(unit, figure) for unit in compared])
        for figure in INDEX_FIGURES
    }
    return SurveyEffect(_ref(earlier), _ref(before), _ref(after), estimates)


INDEX_VERDICT_TEXTS = {
    "no_round_before": _l("The data cannot say: no closed round before the start shows this figure for the unit."),
    "no_round_after": _l("The data cannot say yet: no closed round since the start shows this figure for the unit."),
}


def index_verdict_text(result: IndexEstimate) -> str:
    """Why the data cannot say, in words HR can repeat ("" for an estimate)."""
    if result.verdict in INDEX_VERDICT_TEXTS:
        return str(INDEX_VERDICT_TEXTS[result.verdict])
    if result.verdict == "too_few_comparisons":
        return _("The data cannot say: fewer than %(n)d comparison units show this figure in both rounds (%(found)d).",
                 n=MIN_COMPARISONS, found=result.comparisons)  # fmt: skip
    if result.verdict == "diverging_pre_trend":
        return _("The data cannot say: between the two rounds before the start, the unit's figure already moved "
                 "%(moved)s points more than the comparison units', so the round after cannot be read against them.",
                 moved=decimal(result.pre_change, 1, signed=True))  # fmt: skip
    return ""


def index_pre_check_text(result: IndexEstimate) -> str:
    """The check before the start in words ("" when it could not be made or the estimate stopped on it)."""
    if result.verdict == "diverging_pre_trend" or result.pre_change is None:
        return ""
    moved = decimal(result.pre_change, 1, signed=True)
    if result.pre_low <= 0 <= result.pre_high:
        return _("Check before the start: between the two rounds before it, the unit's figure moved %(moved)s points "
                 "against the comparison units', no more than chance would give.", moved=moved)  # fmt: skip
    return _("Check before the start: between the two rounds before it, the unit's figure moved %(moved)s points "
             "against the comparison units': a difference, too small to stop the estimate.", moved=moved)  # fmt: skip
