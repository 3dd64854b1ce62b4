"""A round's results, computed: private to ``survey_app.results``. Every other caller asks the gate in ``services``
(``results_for``, or ``closed_round_results`` for a figure derived from one unit), which refuses what may not be
shown before anything here runs; an import-linter contract and ``tests/survey_app/results/test_gate.py`` keep it so.

Per workplace the database sums each respondent's figures (``sums``, with the respondent-level rules, cached per
workplace), then the sums roll up the unit tree in Python and ``anonymity.suppress_small_groups`` decides what may
be shown, on every call. A group's figure is the mean over the respondents who have one (``group_hme``); an item's
score is the mean 0-100 score of its answers.
Free text has its own, higher threshold (``figures.Thresholds``) and its own suppression run, so a comment can never
be isolated by subtracting one visible group's comments from another's.

A fixed number of queries per call, whatever the number of units: the query-count tests hold us to it. Nothing here
looks at the reader, the round's dates or the clock: that is the gate's job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select

from interventions.instruments import SCORABLE_TYPES
from interventions.scoring import item_score_100
from survey_app.db import db
from survey_app.models import RoundUnit, SurveyRound, Unit
from survey_app.results.anonymity import ORGANISATION, Group, suppress_small_groups
from survey_app.results.figures import ItemResult, RoundResults, Thresholds, UnitResult
from survey_app.results.scale import HME_FIGURES, RoundScale, round_scale
from survey_app.results.sums import workplace_sums


def _headcounts(round_id: int) -> dict[int, int]:
    query = select(RoundUnit.unit_id, RoundUnit.headcount).where(RoundUnit.round_id == round_id)
    return {unit_id: headcount for unit_id, headcount in db.session.execute(query)}


def round_results(survey: SurveyRound, items: bool = True) -> RoundResults:
    """Every unit's result for a round (ORGANISATION keyed as itself), already suppressed where it must be.

    ``items=False`` leaves out item distributions (the heatmap and the API do not show them).
    """
    scale = round_scale(survey.content)
    units = db.session.execute(select(Unit.id, Unit.code, Unit.parent_id, Unit.name)).all()
    codes = {row.id: row.code for row in units}
    parents = {row.id: row.parent_id for row in units}
    sums, direct = workplace_sums(survey, scale, items)
    headcount = _headcounts(survey.id)
    for unit_id, count in headcount.items():
        sums[unit_id]["headcount"] += count

    groups = [Group(row.id, row.parent_id, direct.get(row.id, 0)) for row in units]
    thresholds = Thresholds.of(survey)
    visibility = suppress_small_groups(groups, thresholds.anonymity)
    comment_visibility = suppress_small_groups(groups, thresholds.free_text)
    rolled = _roll_up(parents, sums)
    results = {}
    for node in [*codes, ORGANISATION]:
        shown = visibility.shown(node)
        totals = rolled[node]
        parent = parents.get(node)
        results[node] = UnitResult(
            unit_id=None if node == ORGANISATION else node,
            code=None if node == ORGANISATION else codes[node],
            parent_code=codes.get(parent) if parent else None,
            responses=visibility.counts.get(node, 0) if shown else None,
            hme=_means(totals, [f"hme.{name}" for name in HME_FIGURES], strip="hme.") if shown and scale.hme else None,
            suppressed=not shown,
            headcount=int(totals["headcount"]),
            dimensions=_means(totals, [spec.key for spec in scale.dimensions]) if shown else None,
            items=_item_results(totals, scale) if shown and items else None,
            comments=shown and comment_visibility.shown(node),
            hidden_reason=visibility.reasons.get(node),
        )
    names = {row.id: row.name for row in units}
    return RoundResults(survey, scale, results, visibility, comment_visibility, names, parents)


def _means(totals: Mapping, keys: list[str], strip: str = "") -> dict[str, float | None]:
    return {
        key.removeprefix(strip): (totals[f"{key}_sum"] / totals[f"{key}_n"] if totals[f"{key}_n"] else None)
        for key in keys
    }


def _item_results(totals: Mapping, scale: RoundScale) -> dict[str, ItemResult]:
    found = {}
    for spec in scale.items:
        valid = sorted(spec.item.valid_values() or ())
        counts = {value: int(totals[f"count|{spec.key}|{value}"]) for value in valid}
        score = None
        if spec.item.type in SCORABLE_TYPES:
            answers = sum(counts.values())
            weighted = sum(item_score_100(spec.item, value) * n for value, n in counts.items())
            score = weighted / answers if answers else None
        found[spec.key] = ItemResult(spec.key, int(totals[f"answered|{spec.key}"]), counts, score)
    return found


def _roll_up(parent: Mapping[int, int | None], sums: Mapping) -> dict:
    """Subtree sums of every unit and of the organisation, from the workplaces' own sums."""
    rolled: dict = defaultdict(lambda: defaultdict(float))
    for unit_id, figures in sums.items():
        node = unit_id
        while node is not None:
            for key, value in figures.items():
                rolled[node][key] += value
            node = parent.get(node)
        for key, value in figures.items():
            rolled[ORGANISATION][key] += value
    return rolled
