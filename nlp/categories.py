"""Suggesting which work-environment area a theme is about, from its lemmas and the areas' vocabularies.

Which areas there are, and in which order, is the domain's decision (``interventions.areas.AREAS``), never this
module's: every function here takes them as ``areas``, and an area the caller passes without a vocabulary in
``nlp.area_lexicon`` scores nothing.

``suggest_category`` scores every area the caller passes by how many of a theme's lemmas (or how much of their
weight) are in the area's vocabulary and returns the best area when it reaches ``min_score`` and beats the runner-up;
otherwise None, because a wrong suggestion costs more than none. Swedish and Finnish compounds also count, at half
weight, through their last part: "nattskift" through "skift", "personalbrist" through "brist", "selkäkipu" through
"kipu" (both parts at least three letters). ``category_label`` names an area in the user's language.

Pure functions, standard library only: this module never imports the web app, a database or another Omtanke
package, never reads files and never raises on odd input (unknown languages, non-string lemmas, odd weights).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from nlp.area_lexicon import CATEGORY_LABELS, LANGUAGES, VOCABULARY

__all__ = [
    "CATEGORY_LABELS",
    "COMPOUND_WEIGHT",
    "LANGUAGES",
    "VOCABULARY",
    "category_label",
    "category_scores",
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
