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

import re
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from nlp.clustering import OTHER
from nlp.clustering.features import term_counts

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
    ties go alphabetically, so the result is deterministic. One sparse product per count (theme × lemma).
    """
    if len(docs) != len(labels):
        raise ValueError(f"got {len(docs)} documents but {len(labels)} labels")
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n}")
    kept = [i for i, label in enumerate(labels) if label != OTHER]
    if not kept:
        return {}
    themes, theme_ids = _membership([labels[i] for i in kept])
    counts, lemmas = term_counts([docs[i] for i in kept])
    counts = counts.astype(np.float64)
    tf = (themes @ counts).tocsr()
    binary = counts.copy()
    binary.data[:] = 1.0
    answers = (themes @ binary).tocsr()
    total = np.asarray(tf.sum(axis=0)).ravel()
    average = total.sum() / themes.shape[0]
    alphabetical = np.empty(len(lemmas), dtype=np.int64)
    alphabetical[sorted(range(len(lemmas)), key=lemmas.__getitem__)] = np.arange(len(lemmas))
    sizes = np.asarray(themes.sum(axis=1)).ravel()
    position = {lemma: i for i, lemma in enumerate(lemmas)}
    result: dict[int, tuple[str, ...]] = {}
    for row, label in enumerate(theme_ids):
        columns = tf.indices[tf.indptr[row] : tf.indptr[row + 1]]
        counted = tf.data[tf.indptr[row] : tf.indptr[row + 1]]
        if allowed is not None:
            wanted = {position[lemma] for lemma in allowed.get(label, ()) if lemma in position}
            keep = np.fromiter((column in wanted for column in columns.tolist()), dtype=bool, count=len(columns))
            columns, counted = columns[keep], counted[keep]
        used_by = np.asarray(answers[row, columns].todense()).ravel() if len(columns) else np.zeros(0)
        weight = counted.astype(np.float64) * np.log(1.0 + average / total[columns])
        lonely = (used_by < 2) if sizes[row] >= 2 else np.zeros(len(columns), dtype=bool)
        ranked = columns[np.lexsort((alphabetical[columns], -weight, lonely))][:top_n]
        result[label] = tuple(lemmas[column] for column in ranked)
    return result


def _membership(labels: Sequence[int]) -> tuple[sp.csr_matrix, list[int]]:
    """The (theme × item) matrix of ones of ``labels``, themes in sorted order, and those themes."""
    theme_ids = sorted(set(labels))
    row = {label: i for i, label in enumerate(theme_ids)}
    members = sp.csr_matrix(
        (np.ones(len(labels)), ([row[label] for label in labels], np.arange(len(labels)))),
        shape=(len(theme_ids), len(labels)),
    )
    return members, theme_ids


def most_frequent_surfaces(lemmas_and_surfaces: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For every lemma, the written form seen most often; on a tie the lemma itself if it was written, else the
    alphabetically first form."""
    best: dict[str, tuple[int, bool, str]] = {}
    for (lemma, form), count in Counter(lemmas_and_surfaces).items():
        key = (-count, form != lemma, form)
        if lemma not in best or key < best[lemma]:
            best[lemma] = key
    return {lemma: key[2] for lemma, key in best.items()}


def respondent_counts(
    docs: Sequence[Sequence[str]], labels: Sequence[int], respondents: Sequence[Hashable | None]
) -> dict[int, Counter[str]]:
    """For every theme (``OTHER`` too), how many different respondents used each lemma.

    ``respondents``: one key per answer, equal for the answers of one person; None counts the answer as a respondent
    of its own. One person repeating a word, or writing it in several answers, counts once. Sparse products: the
    answers of one person in one theme are merged into one row of lemmas used, then the rows of each theme summed.
    """
    if not len(docs) == len(labels) == len(respondents):
        raise ValueError("docs, labels and respondents must have the same length")
    if not docs:
        return {}
    people: dict[Hashable, int] = {}
    person = [  # an answer without a respondent is a person of its own: its position, below the others' numbers
        i if key is None else len(docs) + people.setdefault(key, len(people)) for i, key in enumerate(respondents)
    ]
    pairs: dict[tuple[int, int], int] = {}
    group = [pairs.setdefault((label, who), len(pairs)) for label, who in zip(labels, person, strict=True)]
    merge = sp.csr_matrix((np.ones(len(docs)), (group, np.arange(len(docs)))), shape=(len(pairs), len(docs)))
    counts, lemmas = term_counts(docs)
    used = (merge @ counts).tocsr()
    used.data[:] = 1.0
    themes, theme_ids = _membership([label for label, _ in pairs])
    found = (themes @ used).tocsr()
    result: dict[int, Counter[str]] = {}
    for row, label in enumerate(theme_ids):
        start, end = found.indptr[row], found.indptr[row + 1]
        numbers = np.rint(found.data[start:end]).astype(np.int64).tolist()
        used_lemmas = map(lemmas.__getitem__, found.indices[start:end].tolist())
        result[label] = Counter(dict(zip(used_lemmas, numbers, strict=True)))
    return result


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
    tiers = (  # generators: a large theme's answers are looked through only until the quotes are found
        (i for i in ranked if preferred(i) and len(docs[i]) >= MIN_REPRESENTATIVE_TERMS),
        (i for i in ranked if preferred(i) and len(docs[i]) < MIN_REPRESENTATIVE_TERMS),
        (i for i in ranked if not preferred(i)),
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
