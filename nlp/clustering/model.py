"""A fitted theme model as plain arrays, how it is fitted to a vocabulary, and how it assigns new answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from nlp.clustering.features import (
    MIN_DF,
    TINY,
    WORD_WEIGHT,
    document_frequency,
    gram_counts,
    idf,
    keep_columns,
    term_counts,
    tfidf_block,
)
from nlp.clustering.reduction import project

OTHER = -1  # theme id of answers that fit no theme ("other")
OUTLIER_SIMILARITY = 0.1


@dataclass(frozen=True, eq=False)
class ThemeModel:
    """A fitted theme model as plain arrays: vocabularies with idf, the LSA projection and the theme centroids.

    ``components`` maps the feature space (``words`` then ``grams``) to the reduced space; ``centroids`` are unit
    rows in the reduced space, one per theme id. Cosine similarities of answers to themes are taken in the full
    feature space (the projection of a unit TF-IDF row onto a unit centroid), so an answer the reduced space
    describes badly has a low similarity everywhere. ``fitted`` maps each bag of lemmas (sorted) the model was fitted
    on to its row of ``fitted_projection``, so that those answers are not featurised again.
    """

    words: tuple[str, ...]
    word_idf: np.ndarray
    grams: tuple[str, ...]
    gram_idf: np.ndarray
    components: np.ndarray
    centroids: np.ndarray
    threshold: float = OUTLIER_SIMILARITY
    word_weight: float = WORD_WEIGHT
    fitted: Mapping[tuple[str, ...], int] = field(default_factory=dict, repr=False)
    fitted_projection: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), repr=False)
    _word_index: dict[str, int] = field(init=False, repr=False)
    _gram_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_word_index", {word: i for i, word in enumerate(self.words)})
        object.__setattr__(self, "_gram_index", {gram: i for i, gram in enumerate(self.grams)})

    @property
    def k(self) -> int:
        """The number of themes."""
        return int(self.centroids.shape[0])

    def features(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Unit TF-IDF rows (lemma block and n-gram block) of ``docs``; all-zero for answers with no known term."""
        counts, local_words = term_counts(docs)
        word_columns = np.asarray([self._word_index.get(word, -1) for word in local_words], dtype=np.int64)
        known = np.flatnonzero(word_columns >= 0)
        mapping = sp.csr_matrix(
            (np.ones(len(known)), (known, word_columns[known])), shape=(len(local_words), len(self.words))
        )
        grams, _ = gram_counts(local_words, self._gram_index)
        return self._combine(counts @ mapping, counts @ grams)

    def _combine(self, word_counts: sp.csr_matrix, gram_counts: sp.csr_matrix) -> sp.csr_matrix:
        word_block = tfidf_block(word_counts, self.word_idf)
        gram_block = tfidf_block(gram_counts, self.gram_idf)
        return normalize(sp.hstack([self.word_weight * word_block, gram_block]).tocsr())

    def vectors(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Unit vectors of ``docs`` in the reduced space (zero rows for answers with no known term)."""
        projected = self._project(docs)
        return normalize(projected) if projected.size else projected

    def similarities(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Cosine of every answer to every theme centroid, shape (len(docs), k)."""
        if self.k == 0:
            return np.zeros((len(docs), 0))
        return self._project(docs) @ self.centroids.T

    def assign(self, docs: Sequence[Sequence[str]]) -> tuple[int, ...]:
        """The theme of each new answer, or ``OTHER`` when it is near none (or has no term the model knows)."""
        if not docs:
            return ()
        if self.k == 0:
            return tuple(OTHER for _ in docs)
        return nearest_themes(self.similarities(docs), self.threshold)

    def _project(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        dims = self.components.shape[0]
        if dims == 0 or not docs:
            return np.zeros((len(docs), dims))
        rows = np.asarray([self.fitted.get(tuple(sorted(doc)), -1) for doc in docs], dtype=np.int64)
        known = rows >= 0
        projected = np.empty((len(docs), dims))
        projected[known] = self.fitted_projection[rows[known]]
        missing = np.flatnonzero(~known)
        if len(missing):
            projected[missing] = project(self.features([docs[i] for i in missing]), self.components)
        return projected


def nearest_themes(similarities: np.ndarray, threshold: float) -> tuple[int, ...]:
    """Each answer's most similar theme, or ``OTHER`` when even that one is below ``threshold``."""
    best = similarities.argmax(axis=1)
    strength = similarities[np.arange(len(best)), best]
    return tuple(int(label) if value >= threshold else OTHER for label, value in zip(best, strength, strict=True))


def empty_model() -> ThemeModel:
    """A model of no themes, for inputs with nothing to group."""
    return ThemeModel((), np.zeros(0), (), np.zeros(0), np.zeros((0, 0)), np.zeros((0, 0)))


def fit_vocabulary(docs: Sequence[Sequence[str]]) -> tuple[ThemeModel, sp.csr_matrix]:
    """A model with the vocabularies and idf of ``docs`` (distinct, non-empty) but no projection yet, and the
    features of ``docs`` (the same as ``model.features(docs)``, without building the n-grams twice)."""
    n = len(docs)
    min_df = MIN_DF if n >= TINY else 1
    counts, local_words = term_counts(docs)
    word_df = document_frequency(counts)
    keep_words = np.flatnonzero(word_df >= min_df)
    grams, gram_names = gram_counts(local_words, None)
    doc_grams = (counts @ grams).tocsr()
    gram_df = document_frequency(doc_grams)
    keep_grams = np.flatnonzero(gram_df >= min_df)
    model = ThemeModel(
        words=tuple(local_words[i] for i in keep_words),
        word_idf=idf(word_df[keep_words], n),
        grams=tuple(gram_names[i] for i in keep_grams),
        gram_idf=idf(gram_df[keep_grams], n),
        components=np.zeros((0, len(keep_words) + len(keep_grams))),
        centroids=np.zeros((0, 0)),
    )
    return model, model._combine(keep_columns(counts, keep_words), keep_columns(doc_grams, keep_grams))
