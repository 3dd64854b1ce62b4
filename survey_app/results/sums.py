"""Each workplace's own sums for a round, in SQL, cached per workplace: the input of ``computed.round_results``.

Respondent-level missing-answer rules are those of ``interventions.scoring``, applied in SQL:

* HME: a sub-index from at least 2 of its 3 items, the total from at least 6 of 9 (``hme_scores``);
* every other dimension (OSA, ergonomics, work ability): the mean 0-100 score of the respondent's answered scorable
  items of that dimension *in this round*, when at least half of them are answered (``dimension_scores``).

Item distributions are counts per answer value. A fixed number of queries per call, whatever the number of units.
Sums are kept in the shared cache (``survey_app.cache``) with each workplace's version, so a closed round is summed
once and a new response makes only its own workplace be summed again.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import and_, case, func, select

from interventions.instruments import Item
from interventions.scoring import HME_ITEMS, HME_MIN_ANSWERED_PER_SUBINDEX, HME_MIN_ANSWERED_TOTAL
from survey_app.cache import shared_cache
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse, SurveyRound
from survey_app.results.scale import DIMENSION_MIN_SHARE, HME_FIGURES, DimensionSpec, ItemSpec, RoundScale


def _score_case(specs: Iterable[tuple[str, Item]]):
    """SQL for an answer's 0-100 score (``item_score_100``), by item type and direction."""
    groups: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for key, item in specs:
        groups[(item.type, bool(item.reverse))].append(key)
    value = Answer.value
    formula = {
        ("agree5", False): (value - 1) * 25.0,
        ("agree5", True): 100.0 - (value - 1) * 25.0,
        ("scale10", False): value * 10.0,
        ("scale10", True): 100.0 - value * 10.0,
        ("yesno", False): value * 100.0,
        ("yesno", True): value * 100.0,
    }
    return case(*[(Answer.item_key.in_(keys), formula[kind]) for kind, keys in groups.items()])


def counted_in(round_id: int):
    """The responses of a round that count in its figures: every one not held (``surveys.held``; held answers are
    counted only in HR's response status)."""
    return and_(SurveyResponse.round_id == round_id, SurveyResponse.held.is_(False))


def _in_units(query, units: list[int] | None):
    return query if units is None else query.where(SurveyResponse.unit_id.in_(units))


def _hme_sums(round_id: int, units: list[int] | None = None):
    """Per workplace (of ``units``, or all): for each HME figure, the sum of respondents' scores and how many
    respondents have one."""
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
    respondents = _in_units(
        select(SurveyResponse.unit_id, SurveyResponse.id, *columns)
        .join(Answer, and_(Answer.response_id == SurveyResponse.id, in_hme), isouter=True)
        .where(counted_in(round_id)),
        units,
    )
    respondents = respondents.group_by(SurveyResponse.unit_id, SurveyResponse.id).subquery()
    outer = [respondents.c.unit_id]
    for name in HME_FIGURES:
        minimum = HME_MIN_ANSWERED_TOTAL if name == "total" else HME_MIN_ANSWERED_PER_SUBINDEX
        ok = respondents.c[f"{name}_n"] >= minimum
        mean = respondents.c[f"{name}_sum"] / func.nullif(respondents.c[f"{name}_n"], 0)
        outer += [func.sum(case((ok, mean))).label(f"{name}_sum"), func.count(case((ok, 1))).label(f"{name}_n")]
    return db.session.execute(select(*outer).group_by(respondents.c.unit_id)).all()


def _dimension_sums(round_id: int, dimensions: tuple[DimensionSpec, ...], units: list[int] | None = None):
    """Per workplace (of ``units``, or all) and dimension: the sum of respondents' dimension scores and how many
    respondents have one."""
    if not dimensions:
        return []
    specs = [entry for spec in dimensions for entry in spec.items]
    keys = [key for key, _ in specs]
    dimension = case(*[(Answer.item_key.in_([key for key, _ in spec.items]), spec.key) for spec in dimensions])
    answers = _in_units(
        select(SurveyResponse.unit_id, Answer.response_id, dimension.label("dim"), _score_case(specs).label("score"))
        .join(Answer, Answer.response_id == SurveyResponse.id)
        .where(counted_in(round_id), Answer.item_key.in_(keys), Answer.value.is_not(None)),
        units,
    ).subquery()
    people = (
        select(
            answers.c.unit_id,
            answers.c.dim,
            func.sum(answers.c.score).label("total"),
            func.count(answers.c.score).label("answered"),
        )
        .group_by(answers.c.unit_id, answers.c.response_id, answers.c.dim)
        .subquery()
    )
    needed = case(*[(people.c.dim == spec.key, len(spec.items)) for spec in dimensions])
    ok = people.c.answered >= needed * DIMENSION_MIN_SHARE
    return db.session.execute(
        select(
            people.c.unit_id,
            people.c.dim,
            func.sum(case((ok, people.c.total / people.c.answered))).label("sum"),
            func.count(case((ok, 1))).label("n"),
        ).group_by(people.c.unit_id, people.c.dim)
    ).all()


def _item_counts(round_id: int, items: tuple[ItemSpec, ...], units: list[int] | None = None):
    """Per workplace (of ``units``, or all), item and answer value: how many answers; and per workplace and item:
    how many respondents."""
    if not items:
        return [], []
    keys = [spec.key for spec in items]
    base = _in_units(
        select(SurveyResponse.unit_id, Answer.item_key)
        .join(Answer, Answer.response_id == SurveyResponse.id)
        .where(counted_in(round_id), Answer.item_key.in_(keys), Answer.value.is_not(None)),
        units,
    )
    values = db.session.execute(
        base.add_columns(Answer.value, func.count().label("n")).group_by(
            SurveyResponse.unit_id, Answer.item_key, Answer.value
        )
    ).all()
    people = db.session.execute(
        base.add_columns(func.count(func.distinct(Answer.response_id)).label("n")).group_by(
            SurveyResponse.unit_id, Answer.item_key
        )
    ).all()
    return values, people


def _figure_sums(round_id: int, scale: RoundScale, units: list[int] | None) -> dict[int, dict[str, float]]:
    found: dict[int, dict[str, float]] = defaultdict(dict)
    for row in _hme_sums(round_id, units):
        for name in HME_FIGURES:
            found[row.unit_id][f"hme.{name}_sum"] = float(row._mapping[f"{name}_sum"] or 0.0)
            found[row.unit_id][f"hme.{name}_n"] = row._mapping[f"{name}_n"] or 0
    for row in _dimension_sums(round_id, scale.dimensions, units):
        found[row.unit_id][f"{row.dim}_sum"] = float(row.sum or 0.0)
        found[row.unit_id][f"{row.dim}_n"] = row.n or 0
    return found


def _item_sums(round_id: int, scale: RoundScale, units: list[int] | None) -> dict[int, dict[str, float]]:
    found: dict[int, dict[str, float]] = defaultdict(dict)
    values, people = _item_counts(round_id, scale.items, units)
    for row in values:
        found[row.unit_id][f"count|{row.item_key}|{row.value}"] = row.n
    for row in people:
        found[row.unit_id][f"answered|{row.item_key}"] = row.n
    return found


#: What is summed per workplace, in parts cached apart: the heatmap needs only the figures.
_PARTS = {"figures": _figure_sums, "items": _item_sums}


def _versions(round_id: int) -> dict[int, list]:
    """Per workplace with responses: [count, first id, last id], read from the round/unit/held index alone. Counted
    responses are only ever added (a held one when HR accepts it) or deleted, so equal versions mean equal sums."""
    query = (
        select(SurveyResponse.unit_id, func.count(), func.min(SurveyResponse.id), func.max(SurveyResponse.id))
        .where(counted_in(round_id))
        .group_by(SurveyResponse.unit_id)
    )
    return {unit_id: [count, first, last] for unit_id, count, first, last in db.session.execute(query)}


def _content_tag(content: Mapping) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]


def workplace_sums(survey: SurveyRound, scale: RoundScale, items: bool) -> tuple[dict, dict[int, int]]:
    """Each workplace's own sums (before roll-up and suppression) and response count.

    Sums are cached per workplace with the workplace's version (``_versions``): only workplaces whose responses
    changed since they were cached are summed again, in one query for all of them. Suppression is never cached: it
    runs on every call, with the round's current thresholds and the unit tree it closed with.
    """
    versions = _versions(survey.id)
    cache = shared_cache()
    tag = _content_tag(survey.content)
    sums: dict = defaultdict(lambda: defaultdict(float))
    for part in ("figures", "items") if items else ("figures",):
        keys = {unit: f"results:{survey.id}:{tag}:{part}:{unit}" for unit in versions}
        cached = dict(zip(keys, cache.get_many(keys.values()), strict=True))
        stale = [unit for unit, entry in cached.items() if not entry or entry["v"] != versions[unit]]
        if stale:
            computed = _PARTS[part](survey.id, scale, None if len(stale) == len(versions) else stale)
            fresh = {unit: computed.get(unit, {}) for unit in stale}
            cache.set_many({keys[unit]: {"v": versions[unit], "s": fresh[unit]} for unit in stale})
            cached.update({unit: {"s": figures} for unit, figures in fresh.items()})
        for unit, entry in cached.items():
            sums[unit].update(entry["s"])
    return sums, {unit: version[0] for unit, version in versions.items()}
