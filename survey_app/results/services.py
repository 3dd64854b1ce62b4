"""Survey results computed once, in SQL, with the anonymity decision attached: pages, API and exports render these.

Per workplace the database sums each respondent's HME figures (the respondent-level missing-answer rule of
``interventions.scoring`` applied in SQL: a sub-index from at least 2 of its 3 items, the total from at least 6 of 9),
then the sums roll up the unit tree in Python and ``anonymity.suppress_small_groups`` decides what may be shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from interventions.scoring import HME_ITEMS, HME_MIN_ANSWERED_PER_SUBINDEX, HME_MIN_ANSWERED_TOTAL
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse, SurveyRound, Unit
from survey_app.results.anonymity import ORGANISATION, Group, Visibility, suppress_small_groups

FIGURES = ("total", *HME_ITEMS)


@dataclass(frozen=True)
class UnitResult:
    """One unit's (or the organisation's) figures; every figure is None when ``suppressed``."""

    unit_id: int | None  # None for the whole organisation
    code: str | None
    parent_code: str | None
    responses: int | None
    hme: dict[str, float | None] | None
    suppressed: bool


def _respondent_sums(round_id: int):
    """Per workplace: for each HME figure, the sum of respondents' scores and how many respondents have one."""
    score = (Answer.value - 1) * 25.0
    per_item = {name: [f"hme.{item}" for item in items] for name, items in HME_ITEMS.items()}
    columns = []
    for name, keys in per_item.items():
        chosen = Answer.item_key.in_(keys)
        columns += [
            func.sum(case((chosen, score))).label(f"{name}_sum"),
            func.count(case((chosen, 1))).label(f"{name}_n"),
        ]
    all_keys = [key for keys in per_item.values() for key in keys]
    in_hme = Answer.item_key.in_(all_keys)
    columns += [func.sum(case((in_hme, score))).label("total_sum"), func.count(case((in_hme, 1))).label("total_n")]
    respondents = (
        select(SurveyResponse.unit_id, SurveyResponse.id, *columns)
        .join(Answer, and_(Answer.response_id == SurveyResponse.id, in_hme), isouter=True)
        .where(SurveyResponse.round_id == round_id)
        .group_by(SurveyResponse.unit_id, SurveyResponse.id)
        .subquery()
    )
    outer = [respondents.c.unit_id, func.count().label("responses")]
    for name in FIGURES:
        minimum = HME_MIN_ANSWERED_TOTAL if name == "total" else HME_MIN_ANSWERED_PER_SUBINDEX
        ok = respondents.c[f"{name}_n"] >= minimum
        mean = respondents.c[f"{name}_sum"] / func.nullif(respondents.c[f"{name}_n"], 0)
        outer += [func.sum(case((ok, mean))).label(f"{name}_sum"), func.count(case((ok, 1))).label(f"{name}_n")]
    return db.session.execute(select(*outer).group_by(respondents.c.unit_id)).all()


def round_results(survey: SurveyRound) -> tuple[dict[int | str, UnitResult], Visibility]:
    """Every unit's result for a round (ORGANISATION keyed as itself), already suppressed where it must be."""
    units = db.session.execute(select(Unit.id, Unit.code, Unit.parent_id)).all()
    codes = {unit_id: code for unit_id, code, _ in units}
    parents = {unit_id: parent_id for unit_id, _, parent_id in units}
    sums: dict = defaultdict(lambda: defaultdict(float))
    direct: dict[int, int] = defaultdict(int)
    for row in _respondent_sums(survey.id):
        direct[row.unit_id] = row.responses
        for name in FIGURES:
            sums[row.unit_id][f"{name}_sum"] += row._mapping[f"{name}_sum"] or 0.0
            sums[row.unit_id][f"{name}_n"] += row._mapping[f"{name}_n"] or 0
    groups = [Group(unit_id, parent_id, direct.get(unit_id, 0)) for unit_id, _, parent_id in units]
    visibility = suppress_small_groups(groups, survey.anonymity_threshold)
    rolled = _roll_up(units, sums)
    results = {}
    for node in [*codes, ORGANISATION]:
        shown = visibility.shown(node)
        parent = parents.get(node)
        totals = rolled[node]
        hme = (
            {name: (totals[f"{name}_sum"] / totals[f"{name}_n"] if totals[f"{name}_n"] else None) for name in FIGURES}
            if shown
            else None
        )
        results[node] = UnitResult(
            unit_id=None if node == ORGANISATION else node,
            code=None if node == ORGANISATION else codes[node],
            parent_code=codes.get(parent) if parent else None,
            responses=visibility.counts.get(node, 0) if shown else None,
            hme=hme,
            suppressed=not shown,
        )
    return results, visibility


def _roll_up(units, sums) -> dict:
    """Subtree sums of every unit and of the organisation, from the workplaces' own sums."""
    parent = {unit_id: parent_id for unit_id, _, parent_id in units}
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
