"""The learned layer of ``nlp.polarity``: a small linear model over word features, for comments whose evaluative
words no lexicon knows ("Hukumme paperitöihin", "Klockrent ledarskap").

Features of one comment, per language: each word's lemma (marked ``~`` inside a negation's scope, up to the next
punctuation: "inte" … "ei" …) and the character 3- to 5-grams of each lemma, so that Finnish case forms and
compounds ("työkuorma", "kuormittava") share evidence. A multinomial logistic regression (scikit-learn, L2, C = 1)
fitted on Omtanke's labelled development comments (``bench/data/polarity_dev*.jsonl``) gives one weight per feature
and class; the weights ship as ``nlp/data/polarity/model.tsv`` and are refitted with
``python -m nlp.polarity_model`` (deterministic; scikit-learn is needed only then). At run time this module only adds
weights: a class's score is its bias plus the weights of the comment's features, cached per word.

Pure: reads its weight file once; never imports the web app.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

__all__ = ["CLASSES", "LANGUAGES", "NEGATORS", "class_scores", "class_scores_many", "features", "fit", "word_features"]

WEIGHTS = Path(__file__).parent / "data" / "polarity" / "model.tsv"
CLASSES: tuple[str, ...] = ("praise", "problem", "neither")
LANGUAGES = frozenset({"sv", "fi"})  # with hundreds of labelled comments each; English has too few to learn from
NGRAMS = (3, 4, 5)
REGULARISATION = 1.0  # scikit-learn's C, chosen by cross-validation on the development sets
BOUNDARIES = frozenset(".!?;:,")
# Words whose scope (to the next punctuation) marks lemmas as negated.
NEGATORS = frozenset(
    "inte ingen inga inget aldrig utan ej icke knappast varken "
    "ei en et emme ette eivät eikä enkä emmekä eivätkä ettei ilman vailla tuskin "
    "not never no without n't nor".split()
)
_WORD_CACHE_LIMIT = 200_000


def word_features(lemma: str, lang: str, negated: bool) -> list[str]:
    """The features of one word given its lemma: the lemma (``~`` when negated) and its character n-grams."""
    found = [f"{lang}{'~' if negated else ':'}{lemma}"]
    padded = f"<{lemma}>"
    for size in NGRAMS:
        found.extend(f"{lang}#{padded[start : start + size]}" for start in range(len(padded) - size + 1))
    return found


def features(words: Sequence[str], lemmas: Sequence[str], lang: str) -> list[str]:
    """Every feature of one comment, given its words and their lemmas (punctuation as words of its own)."""
    found: list[str] = []
    for negated, lemma in _marked(words, lemmas):
        found.extend(word_features(lemma, lang, negated))
    return found


def _marked(words: Sequence[str], lemmas: Sequence[str]) -> Iterable[tuple[bool, str]]:
    negated = False
    for word, lemma in zip(words, lemmas, strict=True):
        if word in BOUNDARIES:
            negated = False
            continue
        yield negated, lemma
        if word in NEGATORS or lemma in NEGATORS:
            negated = True


@functools.cache
def _weights() -> tuple[tuple[float, ...], dict[str, tuple[float, ...]]]:
    bias: tuple[float, ...] = (0.0,) * len(CLASSES)
    weights: dict[str, tuple[float, ...]] = {}
    for line in WEIGHTS.read_text(encoding="utf-8").splitlines():
        if not line or line[0] == "#":
            continue
        name, _, values = line.partition("\t")
        weights[name] = tuple(map(float, values.split("\t")))
    bias = weights.pop("<bias>", bias)
    return bias, weights


@functools.cache
def _word_cache() -> dict[tuple[str, str, bool], tuple[float, ...]]:
    return {}


def class_scores(words: Sequence[str], lemmas: Sequence[str], lang: str) -> tuple[float, ...]:
    """The model's score of each class in ``CLASSES`` (log-odds up to a shared constant) for one comment."""
    return class_scores_many([list(words)], dict(zip(words, lemmas, strict=True)), lang)[0]


def class_scores_many(
    texts: Sequence[Sequence[str]], lemma_of: Mapping[str, str], lang: str
) -> list[tuple[float, ...]]:
    """``class_scores`` of many comments, given as their words with every word's lemma in ``lemma_of``.

    The same sums in the same order (bias first, then the words in order), with numpy: each distinct word is looked
    up once, the negation marks found with cumulative sums and the sums made by ``np.bincount``, which adds the
    weights one after another in array order."""
    bias, weights = _weights()
    flat = list(chain.from_iterable(texts))
    vocabulary = {word: index for index, word in enumerate(dict.fromkeys(flat))}
    lemmas = [lemma_of.get(word, word) for word in vocabulary]
    boundary = np.fromiter((word in BOUNDARIES for word in vocabulary), dtype=bool, count=len(vocabulary))
    negator = np.fromiter(
        (word in NEGATORS or lemma in NEGATORS for word, lemma in zip(vocabulary, lemmas, strict=True)),
        dtype=bool,
        count=len(vocabulary),
    )
    ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts)), lengths)
    positions = np.arange(len(flat))
    starts = boundary[ids]
    starts[np.cumsum(lengths)[lengths > 0] - lengths[lengths > 0]] = True  # a text's first word opens a clause
    before = np.cumsum(negator[ids]) - negator[ids]  # negators before each word
    opened = np.maximum.accumulate(np.where(starts, positions, 0))
    negated = before > before[opened]  # a negator since the clause opened ("inte" … up to punctuation)
    counted = ~boundary[ids]
    lemma_index = {lemma: index for index, lemma in enumerate(dict.fromkeys(lemmas))}
    lemma_ids = np.fromiter(map(lemma_index.__getitem__, lemmas), dtype=np.int64, count=len(lemmas))
    keys = lemma_ids[ids[counted]] * 2 + negated[counted]
    distinct, inverse = np.unique(keys, return_inverse=True)
    names = list(lemma_index)
    rows = np.asarray([_word_weights(names[key // 2], lang, bool(key % 2), weights) for key in distinct.tolist()])
    rows = rows.reshape(len(distinct), len(CLASSES))
    everyone = np.concatenate([np.arange(len(texts)), owner[counted]])
    totals = [
        np.bincount(everyone, np.concatenate([np.full(len(texts), bias[k]), rows[inverse, k]]), len(texts))
        for k in range(len(CLASSES))
    ]
    return list(zip(*(column.tolist() for column in totals), strict=True))


def _word_weights(lemma: str, lang: str, negated: bool, weights: Mapping[str, tuple[float, ...]]) -> tuple[float, ...]:
    cache = _word_cache()
    key = (lang, lemma, negated)
    found = cache.get(key)
    if found is None:
        zero = (0.0,) * len(CLASSES)
        rows = [weights.get(name, zero) for name in word_features(lemma, lang, negated)]
        found = cache[key] = tuple(map(sum, zip(*rows, strict=True)))
    return found


def fit(samples: Iterable[tuple[list[str], str]]) -> tuple[list[float], dict[str, list[float]]]:
    """Fits the model on (features, label) pairs: the bias and each feature's weights, per class in ``CLASSES``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for found, label in samples:
        counts: dict[str, float] = {}
        for name in found:
            counts[name] = counts.get(name, 0.0) + 1.0
        rows.append(counts)
        labels.append(label)
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform(rows)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(matrix, labels)
    order = [list(model.classes_).index(label) for label in CLASSES]
    coefficients = model.coef_[order]
    names = vectoriser.get_feature_names_out()
    weights = {str(name): [float(coefficients[k, j]) for k in range(len(CLASSES))] for j, name in enumerate(names)}
    return [float(model.intercept_[k]) for k in order], weights


def _main(paths: list[str]) -> None:
    """Refits the shipped weights from labelled JSON Lines files (``{"lang", "text", "label"}``)."""
    from nlp.polarity import tokens_and_lemmas

    rows = [json.loads(line) for path in paths for line in Path(path).read_text("utf-8").splitlines() if line]
    rows = [row for row in rows if row["lang"] in LANGUAGES]
    samples = []
    for row in rows:
        words, lemmas = tokens_and_lemmas(row["text"], row["lang"])
        samples.append((features(words, lemmas, row["lang"]), row["label"]))
    bias, weights = fit(samples)
    lines = [f"# polarity model: {len(rows)} comments from {', '.join(Path(p).name for p in paths)}; see module doc"]
    lines.append("\t".join(["<bias>", *(f"{value:.4f}" for value in bias)]))
    for name in sorted(weights):
        values = weights[name]
        if max(map(abs, values)) >= 0.002:  # rounding: the rest changes no decision
            lines.append("\t".join([name, *(f"{value:.3f}" for value in values)]))
    WEIGHTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 2} features written to {WEIGHTS}")


if __name__ == "__main__":
    _main(sys.argv[1:] or ["bench/data/polarity_dev.jsonl", "bench/data/polarity_dev2.jsonl"])
