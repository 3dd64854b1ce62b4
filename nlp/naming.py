"""Theme names from the answers' own words, and the answers that show a theme best.

``ctfidf_terms`` ranks the lemmas of each theme by class-based TF-IDF (all answers of a theme as one document),
``label_for`` joins the first few into a name such as "personal · vikarie · stress", shown in the form people
actually wrote (``most_frequent_surfaces``), and ``representatives`` picks the 2–3 answers nearest the theme's
centre in the clustering model's space, distinct and not trivially short. No word lists, no translation, no
invented words: only what respondents wrote. Plain Python on numpy; never imports the web app, the database or other
Omtanke packages, and never shows an answer's text itself (redaction is the caller's job).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nlp.clustering import OTHER, ThemeModel

__all__ = [
    "SEPARATOR",
    "ThemeTerms",
    "ctfidf_terms",
    "label_for",
    "most_frequent_surfaces",
    "representatives",
    "theme_terms",
]

SEPARATOR = " · "
MIN_REPRESENTATIVE_TERMS = 3  # answers with fewer lemmas are shown only when a theme has too few longer ones


@dataclass(frozen=True)
class ThemeTerms:
    """One theme's defining lemmas and the name made from them (``OTHER`` never has one)."""

    theme: int
    terms: tuple[str, ...]  # lemmas, most defining first
    label: str


def ctfidf_terms(docs: Sequence[Sequence[str]], labels: Sequence[int], top_n: int = 8) -> dict[int, tuple[str, ...]]:
    """The ``top_n`` most defining lemmas of every theme (``OTHER`` ignored), most defining first.

    Class-based TF-IDF: weight(t, c) = tf(t, c) · log(1 + A / f(t)), where tf is the count of t in the answers of
    theme c, f(t) its count over all themes and A the mean number of lemmas per theme. A lemma that only one answer
    of a theme uses ranks after the lemmas shared by two or more answers (when the theme has two or more answers);
    ties go alphabetically, so the result is deterministic.
    """
    if len(docs) != len(labels):
        raise ValueError(f"got {len(docs)} documents but {len(labels)} labels")
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n}")
    tf: dict[int, Counter[str]] = {}
    answers: dict[int, Counter[str]] = {}
    sizes: Counter[int] = Counter()
    for doc, label in zip(docs, labels, strict=True):
        if label == OTHER:
            continue
        sizes[label] += 1
        tf.setdefault(label, Counter()).update(doc)
        answers.setdefault(label, Counter()).update(set(doc))
    total: Counter[str] = Counter()
    for counts in tf.values():
        total.update(counts)
    if not tf:
        return {}
    average = sum(total.values()) / len(tf)
    result: dict[int, tuple[str, ...]] = {}
    for label in sorted(tf):
        shared_first = sizes[label] >= 2

        def key(term: str, label: int = label, shared_first: bool = shared_first) -> tuple[bool, float, str]:
            weight = tf[label][term] * math.log(1.0 + average / total[term])
            return (shared_first and answers[label][term] < 2, -weight, term)

        result[label] = tuple(sorted(tf[label], key=key)[:top_n])
    return result


def most_frequent_surfaces(lemmas_and_surfaces: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For every lemma, the written form seen most often; on a tie the lemma itself if it was written, else the
    alphabetically first form."""
    counts: dict[str, Counter[str]] = {}
    for lemma, surface in lemmas_and_surfaces:
        counts.setdefault(lemma, Counter())[surface] += 1
    return {
        lemma: min(forms, key=lambda form, forms=forms, lemma=lemma: (-forms[form], form != lemma, form))
        for lemma, forms in counts.items()
    }


def label_for(terms: Sequence[str], surfaces: Mapping[str, str] | None = None, n: int = 3) -> str:
    """The first ``n`` terms joined by " · ", each in its most frequent written form when ``surfaces`` has one."""
    shown = surfaces or {}
    return SEPARATOR.join(shown.get(term, term) for term in terms[:n])


def theme_terms(
    docs: Sequence[Sequence[str]],
    labels: Sequence[int],
    surfaces: Mapping[str, str] | None = None,
    top_n: int = 8,
    n: int = 3,
) -> tuple[ThemeTerms, ...]:
    """``ctfidf_terms`` with a label for every theme, in theme order."""
    found = ctfidf_terms(docs, labels, top_n=top_n)
    return tuple(ThemeTerms(theme, terms, label_for(terms, surfaces, n=n)) for theme, terms in sorted(found.items()))


def representatives(
    model: ThemeModel,
    docs: Sequence[Sequence[str]],
    labels: Sequence[int],
    n: int = 3,
    texts: Sequence[str] | None = None,
) -> dict[int, tuple[int, ...]]:
    """Indices of up to ``n`` answers per theme (``OTHER`` left out) closest to the theme's centroid, best first.

    Closeness is cosine in ``model``'s reduced space, to the model's centroid of the theme (or, for a theme id the
    model does not have, to the mean of the theme's answers). Duplicates are skipped: the same text when ``texts``
    is given (compared case- and space-insensitively), else the same lemmas. Answers with fewer than
    ``MIN_REPRESENTATIVE_TERMS`` lemmas are chosen only when there are not enough longer ones.
    """
    if len(docs) != len(labels) or (texts is not None and len(texts) != len(docs)):
        raise ValueError("docs, labels and texts must have the same length")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if label != OTHER:
            members.setdefault(label, []).append(index)
    if not members:
        return {}
    vectors = model.vectors(docs) if model.k else np.zeros((len(docs), 0))
    result: dict[int, tuple[int, ...]] = {}
    for theme in sorted(members):
        indices = np.asarray(members[theme], dtype=np.int64)
        if 0 <= theme < model.k:
            centre = model.centroids[theme]
        else:
            centre = vectors[indices].mean(axis=0) if len(vectors.T) else np.zeros(0)
        closeness = vectors[indices] @ centre if len(centre) else np.zeros(len(indices))
        ranked = [int(indices[i]) for i in sorted(range(len(indices)), key=lambda i: (-closeness[i], indices[i]))]
        long_enough = [i for i in ranked if len(docs[i]) >= MIN_REPRESENTATIVE_TERMS]
        short = [i for i in ranked if len(docs[i]) < MIN_REPRESENTATIVE_TERMS]
        chosen: list[int] = []
        seen: set[object] = set()
        for index in long_enough + short:
            key = " ".join(texts[index].casefold().split()) if texts is not None else tuple(sorted(docs[index]))
            if key in seen:
                continue
            seen.add(key)
            chosen.append(index)
            if len(chosen) == n:
                break
        result[theme] = tuple(chosen)
    return result
