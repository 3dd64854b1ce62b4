"""Themes from short answers: clusters documents that are already lists of lemmas, and assigns new ones later.

The input is the output of the text pipeline (``nlp.lemmas``): one list of lemma strings per answer. This module
knows nothing about languages, surface forms or the app; it never reads files, never imports the web app, the
database or other Omtanke packages, and uses only numpy, scipy and scikit-learn.

Method ("lsa-knn-kmeans"):

1. Exact duplicates (the same bag of lemmas) are counted once and carry their count as a weight, so thousands of
   identical answers cost as much as one and pull their theme's centroid by their number. Answers without lemmas
   are ``OTHER``.
2. Features: TF-IDF of the lemmas (weight 0.5) next to TF-IDF of the character 3-, 4- and 5-grams of the lemmas
   (weight 1), each block with sublinear tf, smooth idf over the distinct answers, terms in at least two distinct
   answers, L2 rows. The character n-grams join inflections, compounds ("arbetsmiljö", "arbetsmiljöfrågor") and
   typos that lemma tables miss; they are built once per distinct word and summed through a sparse product.
3. LSA: TruncatedSVD to 100 dimensions, rows normalised (cosine geometry).
4. Each answer is smoothed with its 10 nearest neighbours (mean of their vectors added, renormalised) before
   k-means; a short answer borrows context from answers like it.
5. Number of themes when ``k`` is None: k-means for every k in ``k_range`` on a sample of at most 2,000 distinct
   answers; the cosine silhouette of each; the smallest k reaching 85 % of the best silhouette (plain arg-max
   splits real themes into near-duplicate groups).
6. Weighted k-means (k-means++, 4 initialisations) on at most 20,000 distinct answers; centroids are then taken in
   the unsmoothed space and every answer goes to the centroid it is most similar to, exactly as ``assign`` does.
7. Outliers: an answer whose cosine (in the full feature space) to its nearest centroid is below
   ``OUTLIER_SIMILARITY`` is ``OTHER``; so is a new answer none of whose terms or n-grams the model knows.
Theme ids are ordered by size: 0 is the largest.

Measured with ``bench/themes_quality.py`` (lemmas from ``nlp.lemmas``; mean of seeds 0-2; k = true number of labels):

| corpus | this method NMI / ARI | TF-IDF→LSA→KMeans | TF-IDF→NMF | LSA→agglomerative (Ward) | GSDMM |
|---|---|---|---|---|---|
| banking77_en (77) | see bench | | | | |

Auto-k (banking77, random subsets of 2-15 intents): see bench.

Speed (2 cores, ``bench/themes_speed.py``): see bench.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import normalize

__all__ = ["OTHER", "Clustering", "ThemeModel", "cluster"]

OTHER = -1  # theme id of answers that fit no theme ("other")

METHOD = "lsa-knn-kmeans"
WORD_WEIGHT = 0.5  # weight of the lemma block next to the character n-gram block (1.0)
CHAR_NGRAMS = (3, 4, 5)
MIN_DF = 2  # a term must occur in this many distinct answers (1 for tiny inputs)
TINY = 20  # below this many distinct answers MIN_DF is 1
LSA_DIMENSIONS = 100
SVD_ITERATIONS = 3
NEIGHBOURS = 10
NEIGHBOUR_SHARE = 10  # at most one neighbour per this many answers: small inputs are hardly smoothed
FEW = 5  # fewer distinct non-empty answers than this make one theme
K_SAMPLE = 2_000  # distinct answers scored when choosing k
K_RELATIVE = 0.85  # smallest k whose silhouette reaches this share of the best
K_INITS = 3
N_INIT = 4  # k-means initialisations; SMALL_N_INIT below SMALL_FIT distinct answers
SMALL_N_INIT = 10
SMALL_FIT = 5_000
FIT_SAMPLE = 20_000  # distinct answers k-means is fitted on; the rest are assigned
OUTLIER_SIMILARITY = 0.1

Progress = Callable[[str, float], None]


def _ngrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]


def _counts(docs: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Document × word counts over the words of ``docs`` themselves."""
    index: dict[str, int] = {}
    columns: list[int] = []
    indptr = [0]
    for doc in docs:
        columns.extend(index.setdefault(term, len(index)) for term in doc)
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(docs), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def _gram_matrix(words: Sequence[str], gram_index: dict[str, int] | None) -> tuple[sp.csr_matrix, list[str]]:
    """Word × n-gram counts; with ``gram_index`` only its n-grams (in its columns), else all (a new index)."""
    index: dict[str, int] = {} if gram_index is None else gram_index
    columns: list[int] = []
    indptr = [0]
    for word in words:
        if gram_index is None:
            columns.extend(index.setdefault(gram, len(index)) for gram in _ngrams(word))
        else:
            columns.extend(found for gram in _ngrams(word) if (found := index.get(gram)) is not None)
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(words), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, (list(index) if gram_index is None else [])


def _document_frequency(matrix: sp.csr_matrix) -> np.ndarray:
    return np.bincount(matrix.indices, minlength=matrix.shape[1])


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _tfidf_block(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    block = counts.astype(np.float32).tocsr()
    block.data = 1.0 + np.log(block.data)
    block = block @ sp.diags(idf.astype(np.float32))
    return normalize(block.tocsr())


@dataclass(frozen=True, eq=False)
class ThemeModel:
    """A fitted theme model as plain arrays: vocabularies with idf, the LSA projection and the theme centroids.

    ``components`` maps the feature space (``words`` then ``grams``) to the reduced space; ``centroids`` are unit
    rows in the reduced space, one per theme id. Cosine similarities of answers to themes are taken in the full
    feature space (the projection of a unit TF-IDF row onto a unit centroid), so an answer the reduced space
    describes badly has a low similarity everywhere.
    """

    words: tuple[str, ...]
    word_idf: np.ndarray
    grams: tuple[str, ...]
    gram_idf: np.ndarray
    components: np.ndarray
    centroids: np.ndarray
    threshold: float = OUTLIER_SIMILARITY
    word_weight: float = WORD_WEIGHT
    _word_index: dict[str, int] = field(init=False, repr=False)
    _gram_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_word_index", {word: i for i, word in enumerate(self.words)})
        object.__setattr__(self, "_gram_index", {gram: i for i, gram in enumerate(self.grams)})

    @property
    def k(self) -> int:
        return int(self.centroids.shape[0])

    def features(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Unit TF-IDF rows (lemma block and n-gram block) of ``docs``; all-zero for answers with no known term."""
        counts, local_words = _counts(docs)
        word_columns = np.asarray([self._word_index.get(word, -1) for word in local_words], dtype=np.int64)
        known = np.flatnonzero(word_columns >= 0)
        mapping = sp.csr_matrix(
            (np.ones(len(known)), (known, word_columns[known])), shape=(len(local_words), len(self.words))
        )
        word_block = _tfidf_block(counts @ mapping, self.word_idf)
        grams, _ = _gram_matrix(local_words, self._gram_index)
        gram_block = _tfidf_block(counts @ grams, self.gram_idf)
        return normalize(sp.hstack([self.word_weight * word_block, gram_block]).tocsr())

    def vectors(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Unit vectors of ``docs`` in the reduced space (zero rows for answers with no known term)."""
        return normalize(self._project(self.features(docs)))

    def similarities(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        """Cosine of every answer to every theme centroid, shape (len(docs), k)."""
        return self._project(self.features(docs)) @ self.centroids.T

    def assign(self, docs: Sequence[Sequence[str]]) -> tuple[int, ...]:
        """The theme of each new answer, or ``OTHER`` when it is near none (or has no term the model knows)."""
        if not docs:
            return ()
        if self.k == 0:
            return tuple(OTHER for _ in docs)
        return _labels(self.similarities(docs), self.threshold)

    def _project(self, features: sp.csr_matrix) -> np.ndarray:
        return np.asarray(features @ self.components.T)


@dataclass(frozen=True)
class Clustering:
    labels: tuple[int, ...]  # theme id per document (0..k-1, or OTHER)
    k: int  # number of themes, OTHER not counted
    method: str
    model: ThemeModel


def _labels(similarities: np.ndarray, threshold: float) -> tuple[int, ...]:
    best = similarities.argmax(axis=1)
    strength = similarities[np.arange(len(best)), best]
    return tuple(int(label) if value >= threshold else OTHER for label, value in zip(best, strength, strict=True))


def _empty_model() -> ThemeModel:
    return ThemeModel((), np.zeros(0), (), np.zeros(0), np.zeros((0, 0)), np.zeros((0, 0)))


def _fit_vocabulary(docs: Sequence[Sequence[str]]) -> ThemeModel:
    """A model with vocabularies and idf of ``docs`` (distinct, non-empty) and no projection yet."""
    n = len(docs)
    min_df = MIN_DF if n >= TINY else 1
    counts, local_words = _counts(docs)
    word_df = _document_frequency(counts)
    keep_words = np.flatnonzero(word_df >= min_df)
    grams, gram_names = _gram_matrix(local_words, None)
    gram_df = _document_frequency((counts @ grams).tocsr())
    keep_grams = np.flatnonzero(gram_df >= min_df)
    return ThemeModel(
        words=tuple(local_words[i] for i in keep_words),
        word_idf=_idf(word_df[keep_words], n),
        grams=tuple(gram_names[i] for i in keep_grams),
        gram_idf=_idf(gram_df[keep_grams], n),
        components=np.zeros((0, len(keep_words) + len(keep_grams))),
        centroids=np.zeros((0, 0)),
    )


def _with(model: ThemeModel, **changes: object) -> ThemeModel:
    values = {
        name: getattr(model, name)
        for name in ("words", "word_idf", "grams", "gram_idf", "components", "centroids", "threshold", "word_weight")
    }
    values.update(changes)
    return ThemeModel(**values)  # type: ignore[arg-type]


def _reduce(features: sp.csr_matrix, fit_rows: np.ndarray, seed: int) -> np.ndarray:
    """LSA components (dims × features) fitted on ``fit_rows``."""
    rows = features[fit_rows]
    n, width = rows.shape
    dims = min(LSA_DIMENSIONS, n - 1, width - 1)
    if dims < 2:
        # Tiny inputs: the exact row space.
        _, singular, vt = np.linalg.svd(rows.toarray(), full_matrices=False)
        return vt[singular > 1e-10]
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=SVD_ITERATIONS, random_state=seed)
    svd.fit(rows)
    return svd.components_


def _smooth(vectors: np.ndarray) -> np.ndarray:
    neighbours = min(NEIGHBOURS, len(vectors) // NEIGHBOUR_SHARE)
    if neighbours < 1:
        return vectors
    _, index = NearestNeighbors(n_neighbors=neighbours + 1).fit(vectors).kneighbors(vectors)
    return normalize(vectors + vectors[index[:, 1:]].mean(axis=1))


def _choose_k(vectors: np.ndarray, k_range: tuple[int, int], seed: int) -> int:
    rng = np.random.default_rng(seed)
    if len(vectors) > K_SAMPLE:
        vectors = vectors[np.sort(rng.choice(len(vectors), K_SAMPLE, replace=False))]
    distinct = len(np.unique(vectors.round(6), axis=0))
    low, high = k_range[0], min(k_range[1], distinct - 1)
    if high < max(low, 2):
        return max(1, min(k_range[1], distinct))
    scores: dict[int, float] = {}
    for k in range(max(low, 2), high + 1):
        labels = KMeans(n_clusters=k, n_init=K_INITS, random_state=seed).fit_predict(vectors)
        if len(set(labels)) < 2:
            continue
        scores[k] = float(silhouette_score(vectors, labels, metric="cosine"))
    if not scores:
        return max(low, 1)
    best = max(scores.values())
    if best <= 0:
        return max(scores, key=lambda k: scores[k])
    return min(k for k, score in scores.items() if score >= K_RELATIVE * best)


def cluster(
    docs: Sequence[Sequence[str]],
    k: int | None = None,
    seed: int = 0,
    k_range: tuple[int, int] = (2, 15),
    progress: Progress | None = None,
) -> Clustering:
    """Group ``docs`` (lists of lemmas) into ``k`` themes, or into a number chosen in ``k_range`` when k is None.

    Deterministic for a given seed. Answers without lemmas and answers close to no theme get ``OTHER``.
    """
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if k_range[0] < 1 or k_range[1] < k_range[0]:
        raise ValueError(f"k_range must be (low, high) with 1 <= low <= high, got {k_range}")
    report = progress or (lambda _stage, _share: None)
    report("features", 0.0)

    # Distinct bags of lemmas, each with its number of answers.
    keys = [tuple(sorted(doc)) for doc in docs]
    index: dict[tuple[str, ...], int] = {}
    inverse = np.asarray([index.setdefault(key, len(index)) for key in keys], dtype=np.int64)
    distinct = list(index)
    weights = np.bincount(inverse, minlength=len(distinct)).astype(np.float64)
    nonempty = np.asarray([len(key) > 0 for key in distinct], dtype=bool)
    if not nonempty.any():
        report("done", 1.0)
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, _empty_model())

    used = np.flatnonzero(nonempty)
    texts = [distinct[i] for i in used]
    model = _fit_vocabulary(texts)
    features = model.features(texts)
    has_terms = np.asarray(features.getnnz(axis=1) > 0)
    rows = np.flatnonzero(has_terms)
    if len(rows) == 0:
        report("done", 1.0)
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, _empty_model())

    rng = np.random.default_rng(seed)
    fit_rows = rows if len(rows) <= FIT_SAMPLE else np.sort(rng.choice(rows, FIT_SAMPLE, replace=False))
    report("reduce", 0.2)
    components = _reduce(features, fit_rows, seed)
    raw = np.asarray(features @ components.T)
    unit = normalize(raw)

    fit_weights = weights[used][fit_rows]
    if len(fit_rows) < FEW:
        wanted = 1
        smoothed = unit[fit_rows]
    else:
        report("smooth", 0.4)
        smoothed = _smooth(unit[fit_rows])
        if k is None:
            report("choose k", 0.5)
            wanted = _choose_k(smoothed, k_range, seed)
        else:
            wanted = k
    wanted = min(wanted, len(fit_rows))

    report("k-means", 0.8)
    if wanted == 1:
        fitted = np.zeros(len(fit_rows), dtype=np.int64)
    else:
        n_init = SMALL_N_INIT if len(fit_rows) <= SMALL_FIT else N_INIT
        km = KMeans(n_clusters=wanted, n_init=n_init, random_state=seed)
        fitted = km.fit_predict(smoothed, sample_weight=fit_weights)
    centroids = np.zeros((wanted, unit.shape[1]))
    np.add.at(centroids, fitted, unit[fit_rows] * fit_weights[:, None])
    centroids = normalize(centroids[np.abs(centroids).sum(axis=1) > 0])

    similarities = raw @ centroids.T
    distinct_labels = np.asarray(_labels(similarities, OUTLIER_SIMILARITY), dtype=np.int64)
    distinct_labels[~has_terms] = OTHER
    # Theme ids by size, largest first; themes nobody was assigned to are dropped.
    sizes = np.bincount(distinct_labels[distinct_labels >= 0], weights=weights[used][distinct_labels >= 0])
    sizes = np.pad(sizes, (0, len(centroids) - len(sizes)))
    order = [theme for theme in np.argsort(-sizes, kind="stable") if sizes[theme] > 0]
    renumber = np.full(len(centroids) + 1, OTHER, dtype=np.int64)
    renumber[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    distinct_labels = renumber[distinct_labels]  # OTHER (-1) indexes the last entry, itself OTHER

    all_labels = np.full(len(distinct), OTHER, dtype=np.int64)
    all_labels[used] = distinct_labels
    model = _with(model, components=components, centroids=centroids[np.asarray(order, dtype=np.int64)])
    report("done", 1.0)
    return Clustering(tuple(int(label) for label in all_labels[inverse]), len(order), METHOD, model)
