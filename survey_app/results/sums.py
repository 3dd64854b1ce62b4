"""Each workplace's own sums for a round, in SQL, cached per workplace: the input of ``computed.round_results``.

Respondent-level missing-answer rules are those of ``interventions.scoring``, applied to each respondent's sums:

* HME: a sub-index from at least 2 of its 3 items, the total from at least 6 of 9 (``hme_scores``);
* every other dimension (OSA, ergonomics, work ability): the mean 0-100 score of the respondent's answered scorable
  items of that dimension *in this round*, when at least half of them are answered (``dimension_scores``).

The figures take one query, one pass over the round's answers (``_respondent_packs``: per respondent, each class of
items' sum of values and count, packed into a few numbers), and the rules and per-workplace sums in numpy: about
what a bare ``GROUP BY`` over the same answers costs (bench/heatmap.py, docs/performance.md "Heatmap"). Item
distributions are counts per answer value. A fixed number of queries per call, whatever the number of units.
Sums are kept in the shared cache (``survey_app.cache``) with each workplace's version, so a closed round is summed
once and a new response makes only its own workplace be summed again.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import BigInteger, Float, and_, case, cast, func, literal, select

from interventions.scoring import (
    AGREE5_TO_100,
    HME_ITEMS,
    HME_MIN_ANSWERED_PER_SUBINDEX,
    HME_MIN_ANSWERED_TOTAL,
    item_score_100,
)
from survey_app.cache import shared_cache
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse, SurveyRound
from survey_app.results.scale import DIMENSION_MIN_SHARE, DimensionSpec, ItemSpec, RoundScale


def counted_in(round_id: int):
    """The responses of a round that count in its figures: every one not held (``surveys.held``; held answers are
    counted only in HR's response status)."""
    return and_(SurveyResponse.round_id == round_id, SurveyResponse.held.is_(False))


def _in_units(query, units: list[int] | None):
    return query if units is None else query.where(SurveyResponse.unit_id.in_(units))


#: Per respondent, each class's answers are summed and counted into one 15-bit field of a number: the values' sum
#: in the low 10 bits, the count in the high 5; three fields to a number (45 bits, summed exactly as a double on
#: every database), so one aggregate per answer row sums three classes. A class holds at most 31 items with values
#: 0-33 (31 × 33 < 1024): ``_classes`` splits longer ones and refuses others, so a field never carries into the next.
_FIELD_BITS, _SUM_BITS, _PER_PACK, _MAX_ITEMS = 15, 10, 3, 31


@dataclass(frozen=True)
class _Class:
    """Answers summed together per respondent: items of one figure that share a 0-100 score line."""

    figure: str  # "hme.motivation", "osa.workload", …
    keys: tuple[str, ...]
    mul: float
    add: float
    #: HME counts each answer row of its items as answered, the other dimensions each answer with a value (the
    #: answer pages store no row without one, so the two agree on everything respondents send).
    rows: bool = False


def _line(scores: Mapping[int, float]) -> tuple[float, float]:
    """A value -> 0-100 score mapping as ``mul * value + add``. Every scorable type's is a line, which lets SQL sum
    raw values and count them and leaves the scores to the sums; any other mapping, or values that do not fit a
    field, are refused."""
    values = sorted(scores)
    if values[0] < 0 or values[-1] * _MAX_ITEMS >= 1 << _SUM_BITS:
        raise ValueError(f"answer values {values[0]}-{values[-1]} do not fit the sums' fields")
    mul = (scores[values[-1]] - scores[values[0]]) / (values[-1] - values[0])
    add = scores[values[0]] - mul * values[0]
    if any(mul * value + add != scores[value] for value in values):
        raise ValueError(f"not a linear score: {dict(scores)}")
    return mul, add


def _classes(dimensions: tuple[DimensionSpec, ...]) -> list[_Class]:
    """HME's sub-indices first (``AGREE5_TO_100``), then each dimension's items grouped by score line
    (``item_score_100``: reverse items have their own), at most ``_MAX_ITEMS`` keys each."""
    hme_mul, hme_add = _line(AGREE5_TO_100)
    found = [
        _Class(f"hme.{name}", tuple(f"hme.{item}" for item in items), hme_mul, hme_add, rows=True)
        for name, items in HME_ITEMS.items()
    ]
    for spec in dimensions:
        lines: dict[tuple[float, float], list[str]] = defaultdict(list)
        for key, item in spec.items:
            lines[_line({value: item_score_100(item, value) for value in item.valid_values()})].append(key)
        for (mul, add), keys in lines.items():
            for start in range(0, len(keys), _MAX_ITEMS):
                found.append(_Class(spec.key, tuple(keys[start : start + _MAX_ITEMS]), mul, add))
    return found


def _respondent_packs(round_id: int, classes: list[_Class], units: list[int] | None) -> np.ndarray:
    """One row per counted respondent: the workplace, then each pack of three classes' fields (``_FIELD_BITS``).

    One pass over the round's answers, one CASE and one sum per answer and pack: each answer adds
    ``(value + 1024) × 2^(15 × slot)`` to its pack, i.e. its value to its class's sum and 1 to its count."""
    packs = []
    for pack in range(0, len(classes), _PER_PACK):
        terms = {}
        for slot, entry in enumerate(classes[pack : pack + _PER_PACK]):
            value = func.coalesce(Answer.value, 0) if entry.rows else Answer.value
            shift = float(1 << (_FIELD_BITS * slot))
            terms |= dict.fromkeys(entry.keys, value * literal(shift, Float) + literal(shift * (1 << _SUM_BITS), Float))
        packs.append(cast(func.coalesce(func.sum(case(terms, value=Answer.item_key)), 0.0), BigInteger))
    query = (
        select(SurveyResponse.unit_id, *packs)
        .join(Answer, Answer.response_id == SurveyResponse.id)
        .where(counted_in(round_id))
        .group_by(SurveyResponse.unit_id, SurveyResponse.id)
    )
    rows = [tuple(row) for row in db.session.execute(_in_units(query, units))]
    return np.array(rows, dtype=np.float64).reshape(len(rows), 1 + len(packs)).astype(np.int64)


def _figure_sums(round_id: int, scale: RoundScale, units: list[int] | None) -> dict[int, dict[str, float]]:
    """Per workplace (of ``units``, or all) and figure: the sum of respondents' scores and how many respondents
    have one (the missing-answer rules applied per respondent), from one query (``_respondent_packs``) and numpy.

    A respondent's figure is ``mul × sum + add × count`` over its classes, divided by the count, and kept when the
    count reaches the rule's minimum; each workplace sums the kept figures."""
    classes = _classes(scale.dimensions)
    table = _respondent_packs(round_id, classes, units)
    workplaces, row_of = np.unique(table[:, 0], return_inverse=True)
    values, counts = {}, {}
    for index in range(len(classes)):
        pack, slot = divmod(index, _PER_PACK)
        bits = (table[:, 1 + pack] >> (_FIELD_BITS * slot)) & ((1 << _FIELD_BITS) - 1)
        values[index], counts[index] = bits & ((1 << _SUM_BITS) - 1), bits >> _SUM_BITS
    needed = {f"hme.{name}": HME_MIN_ANSWERED_PER_SUBINDEX for name in HME_ITEMS}
    needed |= {"hme.total": HME_MIN_ANSWERED_TOTAL} | {
        spec.key: len(spec.items) * DIMENSION_MIN_SHARE for spec in scale.dimensions
    }
    found: dict[int, dict[str, float]] = {unit: {} for unit in workplaces.tolist()}
    for figure, least in needed.items():
        members = [
            i for i, entry in enumerate(classes) if entry.figure == figure or (figure == "hme.total" and entry.rows)
        ]
        score = sum(classes[i].mul * values[i] + classes[i].add * counts[i] for i in members)
        answered = sum(counts[i] for i in members)
        kept = answered >= least
        means = np.divide(score, answered, out=np.zeros(len(table)), where=kept)
        sums = np.bincount(row_of, weights=means, minlength=len(workplaces))
        people = np.bincount(row_of, weights=kept, minlength=len(workplaces))
        for unit, total, number in zip(workplaces.tolist(), sums.tolist(), people.tolist(), strict=True):
            found[unit] |= {f"{figure}_sum": total, f"{figure}_n": int(number)}
    return found


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
