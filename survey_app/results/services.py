"""Survey results computed once, in SQL, with the anonymity decision attached: pages, API and exports render these.

Per workplace the database sums each respondent's figures (``sums``, with the respondent-level rules, cached per
workplace), then the sums roll up the unit tree in Python and ``anonymity.suppress_small_groups`` decides what may
be shown, on every call. A group's figure is the mean over the respondents who have one (``group_hme``); an item's
score is the mean 0-100 score of its answers.
Free text has its own, higher threshold (``SurveyRound.comment_threshold``, default 10) and its own suppression run,
so a comment can never be isolated by subtracting one visible group's comments from another's.

A fixed number of queries per call, whatever the number of units: the query-count tests hold us to it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select

from interventions.instruments import SCORABLE_TYPES
from interventions.scoring import item_score_100
from nlp.io import TextInput
from nlp.redaction import redact_text
from nlp.themes import ThemeResult, find_themes
from survey_app.db import db
from survey_app.models import Answer, RoundUnit, SurveyResponse, SurveyRound, Unit
from survey_app.results.anonymity import ORGANISATION, Group, Visibility, suppress_small_groups
from survey_app.results.scale import HME_FIGURES, RoundScale, round_scale
from survey_app.results.sums import workplace_sums

#: Item scores at or above this are strengths, at or below RISK_AT risks (0-100, higher is always better).
STRENGTH_AT, RISK_AT = 75.0, 50.0
#: How many strengths and risks a report lists.
HIGHLIGHTS = 3


@dataclass(frozen=True)
class ItemResult:
    key: str
    answered: int  # respondents who answered the item
    counts: Mapping[int, int]  # answer value -> how many chose it (multi: respondents who chose it)
    score: float | None  # mean 0-100 score of the answers; None for choice items


@dataclass(frozen=True)
class UnitResult:
    """One unit's (or the organisation's) figures; every figure is None when ``suppressed``."""

    unit_id: int | None  # None for the whole organisation
    code: str | None
    parent_code: str | None
    responses: int | None
    hme: dict[str, float | None] | None
    suppressed: bool
    #: Invited staff in the unit's subtree (the round's headcount), always shown: it is not survey data.
    headcount: int = 0
    dimensions: dict[str, float | None] | None = None
    items: dict[str, ItemResult] | None = None
    #: Whether the unit's free text may be shown (its own, higher threshold).
    comments: bool = False
    hidden_reason: str | None = None

    @property
    def response_rate(self) -> float | None:
        if self.responses is None or not self.headcount:
            return None
        return min(100.0, 100.0 * self.responses / self.headcount)

    def score(self, figure: str) -> float | None:
        """A figure by its column key: "hme.total", "hme.motivation", "osa.workload", …"""
        if self.suppressed:
            return None
        instrument, _, name = figure.partition(".")
        if instrument == "hme":
            return (self.hme or {}).get(name)
        return (self.dimensions or {}).get(figure)


@dataclass(frozen=True)
class RoundResults:
    survey: SurveyRound
    scale: RoundScale
    units: Mapping[int | str, UnitResult]
    visibility: Visibility
    comment_visibility: Visibility
    names: Mapping[int, str] = field(default_factory=dict)
    parents: Mapping[int, int | None] = field(default_factory=dict)

    def figures(self) -> list[str]:
        """Column keys of the round's scored figures, HME first."""
        head = [f"hme.{name}" for name in HME_FIGURES] if self.scale.hme else []
        return head + [spec.key for spec in self.scale.dimensions]


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
    threshold = survey.anonymity_threshold
    visibility = suppress_small_groups(groups, threshold)
    comment_visibility = suppress_small_groups(groups, max(threshold, survey.comment_threshold))
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


# --- comparisons and highlights ------------------------------------------------------------------------------------


def previous_round(survey: SurveyRound) -> SurveyRound | None:
    """The latest round that closed before this one opened: the one a report compares with."""
    return db.session.scalars(
        select(SurveyRound)
        .where(SurveyRound.closes_on < survey.opens_on, SurveyRound.id != survey.id)
        .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
        .limit(1)
    ).first()


@dataclass(frozen=True)
class Highlight:
    key: str
    score: float
    organisation: float | None


def highlights(result: UnitResult, organisation: UnitResult | None) -> tuple[list[Highlight], list[Highlight]]:
    """The unit's strengths (items scoring at least STRENGTH_AT, best first) and risks (at most RISK_AT, worst
    first), at most HIGHLIGHTS of each, with the organisation's score beside them."""
    if result.suppressed or not result.items:
        return [], []
    org_items = (organisation.items or {}) if organisation and not organisation.suppressed else {}
    scored = [
        Highlight(key, item.score, org_items[key].score if key in org_items else None)
        for key, item in result.items.items()
        if item.score is not None
    ]
    strengths = sorted((h for h in scored if h.score >= STRENGTH_AT), key=lambda h: (-h.score, h.key))
    risks = sorted((h for h in scored if h.score <= RISK_AT), key=lambda h: (h.score, h.key))
    return strengths[:HIGHLIGHTS], risks[:HIGHLIGHTS]


# --- free text ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    item_key: str
    text: str  # redacted


def unit_comments(results: RoundResults, unit_id: int | None) -> list[Comment] | None:
    """The redacted free text of a unit's subtree (the whole organisation for None), or None when it may not be
    shown. Ordered by question, then alphabetically: never by time or response, so no answer can be paired with
    another answer of the same person or with when it was given."""
    node = ORGANISATION if unit_id is None else unit_id
    if not results.units[node].comments or not results.scale.text_items:
        return None
    query = (
        select(Answer.item_key, Answer.text)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(
            SurveyResponse.round_id == results.survey.id,
            Answer.item_key.in_([spec.key for spec in results.scale.text_items]),
            Answer.text.is_not(None),
        )
    )
    if unit_id is not None:
        query = query.where(SurveyResponse.unit_id.in_(_subtree(results.parents, unit_id)))
    order = {spec.key: position for position, spec in enumerate(results.scale.text_items)}
    found = [Comment(key, redact_text(text)) for key, text in db.session.execute(query) if text.strip()]
    return sorted(found, key=lambda comment: (order[comment.item_key], comment.text.casefold()))


def _subtree(parents: Mapping[int, int | None], root: int) -> list[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for node, parent in parents.items():
        children[parent].append(node)
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children[node])
    return found


def comment_themes(comments: list[Comment], seed: int = 0) -> ThemeResult | None:
    """Themes of a unit's free text (already redacted), cached per identical set of answers."""
    if len(comments) < 2:
        return None
    return themes_of_texts(tuple(comment.text for comment in comments), seed)


@lru_cache(maxsize=64)
def themes_of_texts(texts: tuple[str, ...], seed: int = 0) -> ThemeResult:
    """Themes of a set of short texts (already redacted), cached per identical set: a closed round's text never
    changes, so a report opened twice clusters once."""
    k = None if len(texts) >= 12 else max(1, math.ceil(len(texts) / 4))
    inputs = [TextInput(id=str(number), text=text) for number, text in enumerate(texts)]
    return find_themes(inputs, k=k, seed=seed)
