"""Themes from short answers: clusters documents that are already lists of lemmas, and assigns new ones later.

The input is the output of the text pipeline (``nlp.lemmas``): one list of lemma strings per answer. This module
knows nothing about languages, surface forms or the app; it never reads files, never imports the web app, the
database or other Omtanke packages, and uses only numpy, scipy and scikit-learn.

Method ("lsa-knn-kmeans"):

1. Exact duplicates (the same bag of lemmas) are counted once and carry their count as a weight, so thousands of
   identical answers cost as much as one and pull their theme's centroid by their number. Answers without lemmas
   are ``OTHER``. Fewer than ``FEW`` (5) distinct answers make one theme.
2. Features: TF-IDF of the lemmas (weight 0.5) next to TF-IDF of the character 3-, 4- and 5-grams of the lemmas
   (weight 1), each block with sublinear tf, smooth idf over the distinct answers, terms in at least two distinct
   answers (one below 20 answers), L2 rows. The n-grams join inflections, compounds and typos that the lemma tables
   miss ("ventilationen", "personalbrist"); they are built once per distinct word and summed by a sparse product.
3. LSA: TruncatedSVD (randomized) to 100 dimensions, fitted on at most 10,000 distinct answers; rows normalised.
4. Each answer's vector is smoothed with its nearest neighbours (the mean of 10 of them added, renormalised; fewer for
   inputs under 100 answers): a short answer borrows context from answers like it.
5. Number of themes when ``k`` is None: k-means for every k in ``k_range`` on at most 2,000 distinct answers, the
   cosine silhouette of each, and the smallest k reaching 85 % of the best silhouette. Tuned on random subsets of
   3-15 banking77 intents: the plain arg-max splits real themes into near-duplicate groups (chosen k / true k 1.7,
   NMI 0.71-0.74), 80-85 % of the best gives 0.9-1.1 (NMI 0.73-0.77), Calinski-Harabasz did worse (NMI 0.70).
   On fresh subsets (the bench): chosen k / true k 0.90, NMI 0.773 against 0.795 with the true k.
6. Weighted k-means (k-means++, 10 initialisations, 4 above 5,000 distinct answers) on the smoothed vectors of at
   most 10,000 distinct answers; the centroids are then taken in the unsmoothed space and every answer goes to the
   centroid it is most similar to, exactly as ``ThemeModel.assign`` does for new answers.
7. Outliers: an answer whose cosine (in the full feature space) to its nearest centroid is below
   ``OUTLIER_SIMILARITY`` (0.1) is ``OTHER``; so is a new answer with no term or n-gram the model knows. This puts
   1 % of banking77 in ``OTHER`` at k = 77 (4 % at k = 12), and 4-7 % of the long, topic-poor SIB-200/vkk sentences.

Theme ids are ordered by size (weighted by duplicates): 0 is the largest.

Why this method, measured by ``bench/themes_quality.py`` on the same lemma lists (``nlp.lemmas``), k = the true
number of labels, mean of seeds 0-2 (NMI / ARI; sd of NMI ≤ 0.006 on banking77, ≤ 0.024 on the others):

| method | banking77_en (77) | vkk_fi (15) | sib200_sv (7) | sib200_fi (7) | sib200_en (7) |
|---|---|---|---|---|---|
| TF-IDF → KMeans (baseline) | 0.619 / 0.153 | 0.055 / 0.005 | 0.047 / 0.003 | 0.063 / 0.012 | 0.058 / 0.011 |
| TF-IDF → LSA → KMeans | 0.646 / 0.285 | 0.050 / 0.008 | 0.049 / 0.017 | 0.060 / 0.019 | 0.094 / 0.063 |
| TF-IDF → NMF | 0.588 / 0.223 | 0.065 / 0.022 | 0.091 / 0.059 | 0.138 / 0.079 | 0.174 / 0.135 |
| TF-IDF → LSA → Ward | 0.636 / 0.277 | 0.052 / 0.005 | 0.057 / 0.008 | 0.089 / 0.036 | 0.167 / 0.058 |
| GSDMM | 0.545 / 0.168 | 0.077 / 0.039 | 0.126 / 0.100 | 0.149 / 0.115 | 0.197 / 0.152 |
| this, no kNN smoothing | 0.664 / 0.305 | 0.094 / 0.039 | 0.099 / 0.047 | 0.163 / 0.100 | 0.127 / 0.072 |
| this (lsa-knn-kmeans) | 0.669 / 0.313 | 0.117 / 0.045 | 0.175 / 0.107 | 0.196 / 0.105 | 0.179 / 0.118 |

(README reference for TF-IDF → LSA → KMeans on banking77: 0.651 / 0.290; sentence embeddings 0.800 / 0.518.)
It is best on four corpora of five; on SIB-200 English GSDMM is ahead (0.197 vs 0.179 ± 0.018). On banking77, the
main target, it beats the reference by a modest +0.02 NMI / +0.02 ARI: bag-of-words stays far below embeddings.
The character n-grams give most of the gain, the smoothing the rest; tuning LSA dimensions (70-200), n-gram ranges,
word weight (0.3-1), SVD iterations or the number of initialisations moved banking77 by less than ±0.01.
GSDMM collapses banking77's 77 intents into 36-63 clusters and its Gibbs sampling is a Python loop (4 s for 3,000
answers), too slow for 50,000.

Speed (``bench/themes_speed.py``, 2 shared cores, fastest of 3 runs; about half the answers distinct): 1,000
answers 1.1 s with k chosen (0.3 s with k given), 5,000 1.8 s (1.0 s), 10,000 2.4 s (1.6 s), 50,000 3.6 s (2.6 s);
peak memory allocated 27 / 78 / 112 / 219 MB. Time grows about ×2-3 per 10× answers: duplicates are free, and LSA,
k-means and the choice of k run on capped samples. 50,000 answers that are all distinct take 8.7 s (6.5 s).
The lemmas themselves (``nlp.lemmas.analyse``) take 0.3 / 1.2 / 1.9 / 4.8 s, plus 4.6 s to load their tables once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

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
FIT_SAMPLE = 10_000  # distinct answers LSA and k-means are fitted on; the rest are assigned
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
        grams, _ = _gram_matrix(local_words, self._gram_index)
        return self._combine(counts @ mapping, counts @ grams)

    def _combine(self, word_counts: sp.csr_matrix, gram_counts: sp.csr_matrix) -> sp.csr_matrix:
        word_block = _tfidf_block(word_counts, self.word_idf)
        gram_block = _tfidf_block(gram_counts, self.gram_idf)
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
        return _labels(self.similarities(docs), self.threshold)

    def _project(self, docs: Sequence[Sequence[str]]) -> np.ndarray:
        if self.components.shape[0] == 0 or not docs:
            return np.zeros((len(docs), self.components.shape[0]))
        return np.asarray(self.features(docs) @ self.components.T)


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


def _fit_vocabulary(docs: Sequence[Sequence[str]]) -> tuple[ThemeModel, sp.csr_matrix]:
    """A model with the vocabularies and idf of ``docs`` (distinct, non-empty) but no projection yet, and the
    features of ``docs`` (the same as ``model.features(docs)``, without building the n-grams twice)."""
    n = len(docs)
    min_df = MIN_DF if n >= TINY else 1
    counts, local_words = _counts(docs)
    word_df = _document_frequency(counts)
    keep_words = np.flatnonzero(word_df >= min_df)
    grams, gram_names = _gram_matrix(local_words, None)
    gram_counts = (counts @ grams).tocsr()
    gram_df = _document_frequency(gram_counts)
    keep_grams = np.flatnonzero(gram_df >= min_df)
    model = ThemeModel(
        words=tuple(local_words[i] for i in keep_words),
        word_idf=_idf(word_df[keep_words], n),
        grams=tuple(gram_names[i] for i in keep_grams),
        gram_idf=_idf(gram_df[keep_grams], n),
        components=np.zeros((0, len(keep_words) + len(keep_grams))),
        centroids=np.zeros((0, 0)),
    )
    return model, model._combine(counts[:, keep_words], gram_counts[:, keep_grams])


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
    model, features = _fit_vocabulary(texts)
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
    # k-means cannot make more clusters than there are distinct points (bags that differ only in repeated words
    # have the same vector).
    wanted = min(wanted, len(np.unique(smoothed.round(6), axis=0)))

    report("k-means", 0.8)
    if wanted == 1:
        fitted = np.zeros(len(fit_rows), dtype=np.int64)
    else:
        n_init = SMALL_N_INIT if len(fit_rows) <= SMALL_FIT else N_INIT
        km = KMeans(n_clusters=wanted, n_init=n_init, random_state=seed)
        fitted = km.fit_predict(smoothed, sample_weight=fit_weights)
    centroids = np.zeros((wanted, unit.shape[1]))
    np.add.at(centroids, fitted, unit[fit_rows] * fit_weights[:, None])
    centroids = centroids[np.abs(centroids).sum(axis=1) > 0]
    if len(centroids) == 0:  # every answer orthogonal to the reduced space: nothing to group
        report("done", 1.0)
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, _empty_model())
    centroids = normalize(centroids)

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
    model = replace(model, components=components, centroids=centroids[np.asarray(order, dtype=np.int64)])
    report("done", 1.0)
    return Clustering(tuple(int(label) for label in all_labels[inverse]), len(order), METHOD, model)
