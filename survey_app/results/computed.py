"""A round's results, computed: private to ``survey_app.results``. Every other caller asks the gate in ``services``
(``results_for``, or ``closed_round_results`` for a figure derived from one unit), which refuses what may not be
shown before anything here runs; an import-linter contract and ``tests/survey_app/results/test_gate.py`` keep it so.

Per workplace the database sums each respondent's figures (``sums``, with the respondent-level rules, cached per
workplace), then the sums roll up the unit tree in Python and ``anonymity.suppress_small_groups`` decides what may
be shown, on every call. The tree is the one the round closed with (``org.trees`` keeps it at the first change after
the close), never a later one: two readings on two trees would let their difference reveal a moved group.
A group's figure is the mean over the respondents who have one (``group_hme``); an item's score is the mean 0-100
score of its answers.
Free text has its own, higher threshold (``figures.Thresholds``) and its own suppression run, so a comment can never
be isolated by subtracting one visible group's comments from another's.

A fixed number of queries per call, whatever the number of units: the query-count tests hold us to it. Nothing here
looks at the reader, the round's dates or the clock: that is the gate's job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from threadpoolctl import threadpool_limits

from interventions.instruments import SCORABLE_TYPES
from interventions.scoring import item_score_100
from survey_app.db import db
from survey_app.models import RoundTree, RoundUnit, SurveyRound, Unit, UnitTree
from survey_app.results.anonymity import ORGANISATION, Group, suppress_small_groups
from survey_app.results.figures import ItemResult, RoundResults, Thresholds, UnitResult
from survey_app.results.scale import HME_FIGURES, RoundScale, round_scale
from survey_app.results.sums import workplace_sums


def _headcounts(round_id: int) -> dict[int, int]:
    query = select(RoundUnit.unit_id, RoundUnit.headcount).where(RoundUnit.round_id == round_id)
    return {unit_id: headcount for unit_id, headcount in db.session.execute(query)}


def _round_tree(survey: SurveyRound, current: Mapping[int, int | None]) -> dict[int, int | None]:
    """The tree the round's results roll up: the one it closed with (``org.trees``), else today's (it has not
    changed since the round closed)."""
    kept = db.session.scalar(select(UnitTree.parents).join(RoundTree).where(RoundTree.round_id == survey.id))
    return dict(current) if kept is None else {int(unit_id): parent for unit_id, parent in kept.items()}


def round_results(survey: SurveyRound, items: bool = True) -> RoundResults:
    """Every unit's result for a round (ORGANISATION keyed as itself), already suppressed where it must be.

    Computed on the tree the round closed with: a unit created since takes no part (it had no staff in the round),
    one deleted since keeps its place without a name. ``items=False`` leaves out item distributions (the heatmap
    and the API do not show them).
    """
    scale = round_scale(survey.content)
    units = {row.id: row for row in db.session.execute(select(Unit.id, Unit.code, Unit.parent_id, Unit.name))}
    parents = _round_tree(survey, {unit_id: row.parent_id for unit_id, row in units.items()})
    codes = {node: units[node].code if node in units else "" for node in parents}
    names = {unit_id: row.name for unit_id, row in units.items()}
    names |= {node: _("A unit deleted since") for node in parents if node not in units}
    moved = {
        node: units[node].parent_id for node in parents if node in units and units[node].parent_id != parents[node]
    }
    sums, direct = workplace_sums(survey, scale, items)
    sums = {unit_id: figures for unit_id, figures in sums.items() if unit_id in parents}
    for unit_id, count in _headcounts(survey.id).items():
        if unit_id in parents:
            sums.setdefault(unit_id, defaultdict(float))["headcount"] += count

    groups = [Group(node, parent, direct.get(node, 0)) for node, parent in parents.items()]
    thresholds = Thresholds.of(survey)
    # The rules' SVD on one BLAS thread: two threads waiting on each other on a busy 2-core server made it 10-15
    # times slower (0.3 s against 2.5-4.5 s for 500 units; bench/heatmap.py, docs/performance.md "Heatmap").
    with threadpool_limits(limits=1):
        visibility = suppress_small_groups(groups, thresholds.anonymity)
        comment_visibility = suppress_small_groups(groups, thresholds.free_text)
    rolled = _roll_up(parents, sums)
    results = {}
    for node in [*parents, ORGANISATION]:
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
    return RoundResults(survey, scale, results, visibility, comment_visibility, names, parents, moved)


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
