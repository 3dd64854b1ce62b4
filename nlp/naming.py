"""Theme names from the answers' own words, and the answers that show a theme best.

``ctfidf_terms`` ranks the lemmas of each theme by class-based TF-IDF (all answers of a theme as one document),
shown in the form people actually wrote (``most_frequent_surfaces``). No word lists, no translation, no invented
words: only what respondents wrote.

Nobody may be pointed at by a theme's name (issue 21): ``respondent_counts`` counts, per theme, how many *different
respondents* used each lemma, and only lemmas at least ``MIN_RESPONDENTS`` (3) people used may name a theme
(``ctfidf_terms(allowed=...)``); ``label_phrase`` picks a short phrase staff wrote (an answer or one of its
``clauses``) whose every content word passes that rule. ``central_order`` ranks a theme's answers by closeness to its
centre, and ``pick_examples`` takes 2–3 distinct quotes from that ranking, of the theme's polarity and not trivially
short first. Plain Python on numpy; never imports the web app, the database or other Omtanke packages, and never
shows an answer's text itself (redaction is the caller's job).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence

import numpy as np

from nlp.clustering import OTHER

__all__ = [
    "MAX_LABEL_WORDS",
    "MIN_LABEL_TERMS",
    "MIN_RESPONDENTS",
    "SEPARATOR",
    "central_order",
    "clauses",
    "ctfidf_terms",
    "label_phrase",
    "most_frequent_surfaces",
    "pick_examples",
    "respondent_counts",
]

SEPARATOR = " · "
MIN_REPRESENTATIVE_TERMS = 3  # answers with fewer lemmas are shown only when a theme has too few longer ones
MIN_RESPONDENTS = 3  # a word names a theme only when at least this many different people used it
MAX_LABEL_WORDS = 8  # a phrase longer than this is no label
MIN_LABEL_TERMS = 2  # nor one with fewer content words: "<area> · <key term>" says more than one word


def ctfidf_terms(
    docs: Sequence[Sequence[str]],
    labels: Sequence[int],
    top_n: int = 8,
    allowed: Mapping[int, Collection[str]] | None = None,
) -> dict[int, tuple[str, ...]]:
    """The ``top_n`` most defining lemmas of every theme (``OTHER`` ignored), most defining first.

    ``allowed`` (theme -> lemmas), when given, keeps only those lemmas (a theme it lacks gets none): e.g. the lemmas
    ``MIN_RESPONDENTS`` people used, from ``respondent_counts``.

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

        candidates = tf[label] if allowed is None else [term for term in tf[label] if term in allowed.get(label, ())]
        result[label] = tuple(sorted(candidates, key=key)[:top_n])
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


def respondent_counts(
    docs: Sequence[Sequence[str]], labels: Sequence[int], respondents: Sequence[Hashable | None]
) -> dict[int, Counter[str]]:
    """For every theme (``OTHER`` too), how many different respondents used each lemma.

    ``respondents``: one key per answer, equal for the answers of one person; None counts the answer as a respondent
    of its own. One person repeating a word, or writing it in several answers, counts once.
    """
    if not len(docs) == len(labels) == len(respondents):
        raise ValueError("docs, labels and respondents must have the same length")
    seen: set[tuple[int, str, Hashable]] = set()  # (theme, lemma, respondent) already counted
    counts: dict[int, Counter[str]] = {}
    for doc, label, key in zip(docs, labels, respondents, strict=True):
        found = counts.setdefault(label, Counter())
        if key is None:  # an answer of its own: each of its lemmas once
            found.update(set(doc))
            continue
        for lemma in set(doc):
            if (label, lemma, key) not in seen:
                seen.add((label, lemma, key))
                found[lemma] += 1
    return counts


_CLAUSE_BREAK = re.compile(r"[.!?;:,()\n\u2013\u2014]+|\s-\s")


def clauses(text: str) -> list[str]:
    """The clauses of an answer, split at sentence marks, commas, colons, dashes and brackets, stripped."""
    return [part.strip() for part in _CLAUSE_BREAK.split(text) if part.strip()]


def label_phrase(
    candidates: Iterable[tuple[str, Sequence[str]]],
    supported: Collection[str],
    defining: Collection[str] = (),
    forbidden: Collection[str] = (),
    redact: Callable[[str], str] | None = None,
) -> str:
    """The first candidate phrase fit to name a theme, or "".

    ``candidates``: (phrase as staff wrote it; its content lemmas), best first. A phrase fits when it has at most
    ``MAX_LABEL_WORDS`` words, no digits (a time, a room number), no ``forbidden`` text (redaction placeholders), at
    least ``MIN_LABEL_TERMS`` different content lemmas, every one of them in ``supported`` (the lemmas
    ``MIN_RESPONDENTS`` different people of the theme used), one of them in ``defining`` (when given: the theme's
    most defining terms, so the phrase says what sets the theme apart) and, when ``redact`` is given, nothing that
    ``redact`` would change. Returned without closing punctuation, with a capital first letter.
    """
    for phrase, lemmas in candidates:
        words = phrase.split()
        if not 0 < len(words) <= MAX_LABEL_WORDS or any(char.isdigit() for char in phrase):
            continue
        if len(set(lemmas)) < MIN_LABEL_TERMS or any(text in phrase for text in forbidden):
            continue
        if not all(lemma in supported for lemma in lemmas):
            continue
        if defining and not any(lemma in defining for lemma in lemmas):
            continue
        if redact is None or redact(phrase) == phrase:
            phrase = phrase.strip().rstrip(".!?;:,").strip()
            return phrase[:1].upper() + phrase[1:]
    return ""


def central_order(vectors: np.ndarray, labels: Sequence[int]) -> dict[int, list[int]]:
    """Every theme's answers (``OTHER`` left out), closest to the theme's centre first (ties by position).

    ``vectors``: unit rows, one per answer (e.g. ``ThemeModel.vectors``); the centre is the mean of the theme's rows.
    """
    if len(vectors) != len(labels):
        raise ValueError("vectors and labels must have the same length")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if label != OTHER:
            members.setdefault(label, []).append(index)
    order: dict[int, list[int]] = {}
    for theme, indices in members.items():
        rows = vectors[np.asarray(indices, dtype=np.int64)]
        closeness = rows @ rows.mean(axis=0) if rows.size else np.zeros(len(indices))
        ranked = np.lexsort((np.asarray(indices), -np.round(closeness, 9)))
        order[theme] = [indices[i] for i in ranked]
    return order


def pick_examples(
    ranked: Sequence[int],
    docs: Sequence[Sequence[str]],
    show: Callable[[int], str],
    preferred: Callable[[int], bool] = lambda _index: True,
    n: int = 3,
) -> tuple[str, ...]:
    """Up to ``n`` distinct quotes (``show(index)``: the answer as it may be shown, redacted) from ``ranked``
    answers: first the preferred ones (e.g. of the theme's polarity) with at least ``MIN_REPRESENTATIVE_TERMS``
    lemmas, then preferred shorter ones, then the rest in the same order. Distinct after redaction, compared case-
    and space-insensitively."""
    tiers = (
        [i for i in ranked if preferred(i) and len(docs[i]) >= MIN_REPRESENTATIVE_TERMS],
        [i for i in ranked if preferred(i) and len(docs[i]) < MIN_REPRESENTATIVE_TERMS],
        [i for i in ranked if not preferred(i)],
    )
    chosen: list[str] = []
    seen: set[str] = set()
    for index in (i for tier in tiers for i in tier):
        shown = show(index)
        key = " ".join(shown.casefold().split())
        if not key or key in seen:
            continue
        seen.add(key)
        chosen.append(shown)
        if len(chosen) == n:
            break
    return tuple(chosen)
