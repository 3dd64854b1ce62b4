"""Suggesting which work-environment area a theme is about, from its lemmas and the areas' vocabularies.

Which areas there are, and in which order, is the domain's decision (``interventions.areas.AREAS``), never this
module's: every function here takes them as ``areas``, and an area the caller passes without a vocabulary in
``nlp.area_lexicon`` scores nothing.

``suggest_category`` scores every area the caller passes by how many of a theme's lemmas (or how much of their
weight) are in the area's vocabulary and returns the best area when it reaches ``min_score`` and beats the runner-up;
otherwise None, because a wrong suggestion costs more than none. Swedish and Finnish compounds also count, at half
weight, through their last part: "nattskift" through "skift", "personalbrist" through "brist", "selkäkipu" through
"kipu" (both parts at least three letters). ``category_label`` names an area in the user's language.

``answer_areas`` scores every single answer the same way (``nlp.themes`` gives a theme the dominant area of its
answers): an answer's area is its best-scoring one; on a tie, the area of the word written first (the subject of a
short comment usually comes first: "Ojämn arbetsfördelning, några får ta allt ansvar"). ``closest_area`` is the
fallback for answers no vocabulary word reaches: the area whose vocabulary shares most letter trigrams with them.

Pure functions on the standard library and numpy: this module never imports the web app, a database or another Omtanke
package, never reads files and never raises on odd input (unknown languages, non-string lemmas, odd weights).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from nlp.area_lexicon import CATEGORY_LABELS, LANGUAGES, VOCABULARY

__all__ = [
    "AreaVote",
    "CATEGORY_LABELS",
    "COMPOUND_WEIGHT",
    "LANGUAGES",
    "VOCABULARY",
    "answer_areas",
    "category_label",
    "category_scores",
    "closest_area",
    "suggest_category",
]

# A compound lemma that ends in a vocabulary word counts this much (an exact lemma counts 1 times its weight).
COMPOUND_WEIGHT = 0.5
_MIN_PART = 3


def _language(lang: object) -> str | None:
    """ "sv", "sv-SE", "FI_fi" -> the language; None, "" or an unknown language -> None (all languages)."""
    if not isinstance(lang, str):
        return None
    code = lang.strip().lower().replace("_", "-").partition("-")[0]
    return code if code in LANGUAGES else None


@lru_cache(maxsize=16)
def _index(
    lang: str | None, areas: tuple[str, ...]
) -> tuple[Mapping[str, frozenset[str]], Mapping[str, frozenset[str]]]:
    """lemma -> its areas, and (Swedish and Finnish only) compound head -> its areas, among ``areas``."""
    languages = (lang,) if lang else LANGUAGES
    exact: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for category in areas:
        if category not in VOCABULARY:
            continue
        for language in languages:
            for lemma in VOCABULARY[category][language]:
                exact.setdefault(lemma, set()).add(category)
                if language != "en" and len(lemma) >= _MIN_PART:
                    heads.setdefault(lemma, set()).add(category)
    return (
        MappingProxyType({lemma: frozenset(found) for lemma, found in exact.items()}),
        MappingProxyType({lemma: frozenset(found) for lemma, found in heads.items()}),
    )


def _weighted(lemmas: Iterable[str] | Mapping[str, float]) -> Iterable[tuple[str, float]]:
    if isinstance(lemmas, Mapping):
        pairs: Iterable[tuple[object, object]] = lemmas.items()
    elif isinstance(lemmas, str):
        pairs = ((lemmas, 1.0),)
    else:
        try:
            pairs = [(lemma, 1.0) for lemma in lemmas]
        except TypeError:
            return
    for lemma, weight in pairs:
        if not isinstance(lemma, str) or isinstance(weight, bool) or not isinstance(weight, int | float):
            continue
        if not math.isfinite(weight) or weight <= 0:
            continue
        lemma = lemma.strip().lower()
        if lemma:
            yield lemma, float(weight)


def category_scores(
    lemmas: Iterable[str] | Mapping[str, float], lang: str | None = None, *, areas: Sequence[str]
) -> Mapping[str, float]:
    """Every area's score for ``lemmas`` (see ``suggest_category``), in the order of ``areas``."""
    exact, heads = _index(_language(lang), tuple(areas))
    scores = dict.fromkeys(areas, 0.0)
    for lemma, weight in _weighted(lemmas):
        found = exact.get(lemma)
        share = weight
        if found is None:
            found = _compound_head(lemma, heads)
            share = weight * COMPOUND_WEIGHT
        for category in found or ():
            scores[category] += share
    return MappingProxyType(scores)


def _compound_head(lemma: str, heads: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The areas of the longest vocabulary word ``lemma`` ends in, leaving a first part of 3+ letters."""
    if not heads:
        return None
    for start in range(_MIN_PART, len(lemma) - _MIN_PART + 1):
        found = heads.get(lemma[start:].lstrip("-"))
        if found:
            return found
    return None


def suggest_category(
    lemmas: Iterable[str] | Mapping[str, float],
    lang: str | None = None,
    min_score: float = 1.0,
    *,
    areas: Sequence[str],
) -> str | None:
    """The work-environment area a theme with these lemmas is most likely about, or None.

    ``lemmas``: the theme's lemmas (each occurrence counts 1) or a mapping lemma -> weight (e.g. c-TF-IDF scores;
    weights that are not positive finite numbers are ignored). ``lang``: "sv", "fi" or "en" (also "sv-SE");
    None or an unknown language uses all three vocabularies. ``areas``: the areas to choose from, in the domain's
    order (``interventions.areas.AREAS``); one without a vocabulary here scores 0. A lemma scores its weight for
    every area whose vocabulary holds it; a Swedish or Finnish compound that is not in any of their vocabularies
    scores ``COMPOUND_WEIGHT`` times its weight through its last part. The best area is returned when its score is
    at least ``min_score`` and strictly higher than every other area's; otherwise None.
    """
    scores = category_scores(lemmas, lang, areas=areas)
    if not scores:
        return None
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=scores.__getitem__)
    if ranked[0] >= min_score and (len(ranked) == 1 or ranked[0] > ranked[1]):
        return best
    return None


def category_label(category: str, lang: str) -> str:
    """The name of ``category`` in ``lang`` ("sv", "fi", "en"; "sv-SE" works too), falling back to English.

    An unknown category is returned as given, so a stored value from an older vocabulary still shows.
    """
    labels = CATEGORY_LABELS.get(category) if isinstance(category, str) else None
    if labels is None:
        return category if isinstance(category, str) else ""
    return labels[_language(lang) or "en"]


@dataclass(frozen=True, slots=True)
class AreaVote:
    """What one answer's own words say about its area: its best area (None: no vocabulary word, or two areas tied
    on the very same word, as "lyft" ties lifting and hoists) and every area's score (only those above 0)."""

    area: str | None
    scores: Mapping[str, float]


_NO_VOTE = AreaVote(None, MappingProxyType({}))


def answer_areas(
    lemma_lists: Sequence[Sequence[str]], langs: Sequence[str | None], *, areas: Sequence[str]
) -> list[AreaVote]:
    """The ``AreaVote`` of every answer (its lemmas in the order written, and its language), as ``category_scores``
    scores them. On a tie in score, the area reached by the earliest word wins.

    Vectorised per language: each distinct lemma is looked up once (a lemma × area matrix of weights), then every
    answer's scores and the position of the first word reaching each area come from one pass over the words in numpy.
    Answers with the same votes share one ``AreaVote``."""
    areas = tuple(areas)
    if len(lemma_lists) != len(langs):
        raise ValueError("lemma_lists and langs must have the same length")
    votes: list[AreaVote] = [_NO_VOTE] * len(lemma_lists)
    by_language: dict[str | None, list[int]] = {}
    known: dict[object, str | None] = {}
    for i, lang in enumerate(langs):
        language = known[lang] if lang in known else known.setdefault(lang, _language(lang))
        by_language.setdefault(language, []).append(i)
    for language, members in by_language.items():
        scores, first = _area_scores([lemma_lists[i] for i in members], language, areas)
        top = scores.max(axis=1, initial=0.0)
        best = (scores == top[:, None]) & (top[:, None] > 0)
        earliest = np.where(best, first, np.iinfo(np.int64).max).min(axis=1)
        best &= first == earliest[:, None]
        # -1: no area scores; -2: two areas tie on the very same word; else the area's column.
        choice = np.where(best.sum(axis=1) == 1, best.argmax(axis=1), -2)
        choice[top == 0] = -1
        patterns, inverse = _distinct_rows(np.column_stack([scores, choice]))
        shared = [_area_vote(pattern, areas) for pattern in patterns]
        for i, pattern in zip(members, inverse.tolist(), strict=True):
            votes[i] = shared[pattern]
    return votes


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``matrix`` and the index of each row among them (``np.unique(axis=0)`` sorts rows as
    opaque bytes, ten times slower than sorting on the columns)."""
    order = np.lexsort(matrix.T[::-1])
    ordered = matrix[order]
    changes = np.any(ordered[1:] != ordered[:-1], axis=1)
    starts = np.concatenate([[True], changes])
    inverse = np.empty(len(matrix), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def _area_vote(pattern: np.ndarray, areas: tuple[str, ...]) -> AreaVote:
    """The vote of one row of scores, followed by the chosen area's column (-1: none scores, -2: a tie)."""
    choice = int(pattern[-1])
    if choice == -1:
        return _NO_VOTE
    scores = {areas[a]: float(score) for a, score in enumerate(pattern[:-1].tolist()) if score > 0}
    return AreaVote(areas[choice] if choice >= 0 else None, MappingProxyType(scores))


def _area_scores(
    lemma_lists: Sequence[Sequence[str]], language: str | None, areas: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """(answers × areas) scores and position of the first word reaching each area (``len`` of the answer if none)."""
    exact, heads = _index(language, areas)
    column = {area: i for i, area in enumerate(areas)}
    flat = [lemma for lemmas in lemma_lists for lemma in lemmas]
    distinct = list(dict.fromkeys(flat))
    lemma_id = {lemma: i for i, lemma in enumerate(distinct)}
    rows, cols, weights = [], [], []
    for i, lemma in enumerate(distinct):
        hit = exact.get(lemma)
        found, weight = (hit, 1.0) if hit else (_compound_head(lemma, heads), COMPOUND_WEIGHT)
        for area in found or ():
            rows.append(i)
            cols.append(column[area])
            weights.append(weight)
    lengths = np.fromiter(map(len, lemma_lists), dtype=np.int64, count=len(lemma_lists))
    tokens = np.fromiter(map(lemma_id.__getitem__, flat), dtype=np.int64, count=len(flat))
    answer = np.repeat(np.arange(len(lemma_lists)), lengths)
    position = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    # Every (word, area) pair of the words that reach an area.
    by_lemma = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.add.at(by_lemma, np.asarray(rows, dtype=np.int64) + 1, 1)
    starts = np.cumsum(by_lemma)[:-1]
    reach = by_lemma[1:][tokens]
    pair_word = np.repeat(np.arange(len(flat)), reach)
    offset = np.arange(len(pair_word)) - np.repeat(np.cumsum(reach) - reach, reach)
    entry = starts[tokens[pair_word]] + offset
    pair_area = np.asarray(cols, dtype=np.int64)[entry] if len(entry) else np.zeros(0, dtype=np.int64)
    pair_weight = np.asarray(weights, dtype=np.float64)[entry] if len(entry) else np.zeros(0)
    cell = answer[pair_word] * len(areas) + pair_area
    shape = (len(lemma_lists), len(areas))
    scores = np.bincount(cell, weights=pair_weight, minlength=shape[0] * shape[1]).reshape(shape)
    first = np.full(shape[0] * shape[1], np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, cell, position[pair_word])
    return scores, first.reshape(shape)


@lru_cache(maxsize=16)
def _area_trigrams(areas: tuple[str, ...]) -> tuple[tuple[str, Counter[str]], ...]:
    return tuple(
        (area, Counter(gram for lang in LANGUAGES for word in VOCABULARY[area][lang] for gram in _trigrams(word)))
        for area in areas
        if area in VOCABULARY
    )


def _trigrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def closest_area(lemmas: Iterable[str], *, areas: Sequence[str]) -> str | None:
    """The area whose vocabulary (all languages) shares most letter trigrams with ``lemmas``, relative to the
    vocabulary's size; on a tie (also when nothing is shared) the first of ``areas``. None only without areas.

    The fallback for a theme none of whose answers uses a vocabulary word: a weak guess, never None, so that every
    theme can be filed under the one list of areas."""
    areas = tuple(areas)
    if not areas:
        return None
    grams = Counter(gram for lemma in lemmas if isinstance(lemma, str) for gram in _trigrams(lemma.lower()))
    best, best_score = areas[0], 0.0
    for area, profile in _area_trigrams(areas):
        shared = sum(min(count, profile[gram]) for gram, count in grams.items() if gram in profile)
        score = shared / math.sqrt(sum(profile.values()))
        if score > best_score:
            best, best_score = area, score
    return best
