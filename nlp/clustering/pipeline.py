"""``cluster``: the method of the package docstring step by step, from lemma lists to numbered themes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from nlp.clustering.model import OTHER, OUTLIER_SIMILARITY, ThemeModel, empty_model, fit_vocabulary, nearest_themes
from nlp.clustering.reduction import choose_k, lsa_components, project, smooth

METHOD = "lsa-knn-kmeans"
FEW = 5  # fewer distinct non-empty answers than this make one theme
N_INIT = 4  # k-means initialisations when the answers are sampled; SMALL_N_INIT when all of them are fitted
SMALL_N_INIT = 10
FIT_SAMPLE = 5_000  # distinct answers LSA and k-means are fitted on; the rest are assigned
# BLAS and OpenMP threads for the clustering. The matrices are small (at most FIT_SAMPLE × 100 dense): on the 2-core
# machine with other work running, their threads waiting on each other made the clustering of 50,000 answers take
# 60 s instead of 8 s; alone, two threads gained little.
THREADS = 1

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Clustering:
    """The theme of every answer, the number of themes, the method's name and the model that assigns new answers."""

    labels: tuple[int, ...]  # theme id per document (0..k-1, or OTHER)
    k: int  # number of themes, OTHER not counted
    method: str
    model: ThemeModel


def cluster(
    docs: Sequence[Sequence[str]],
    k: int | None = None,
    seed: int = 0,
    k_range: tuple[int, int] = (2, 15),
    progress: Progress | None = None,
) -> Clustering:
    """Group ``docs`` (lists of lemmas) into ``k`` themes, or into a number chosen in ``k_range`` when k is None.

    Deterministic for a given seed. Answers without lemmas and answers close to no theme get ``OTHER``.
    Runs on one thread (``THREADS``).
    """
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if k_range[0] < 1 or k_range[1] < k_range[0]:
        raise ValueError(f"k_range must be (low, high) with 1 <= low <= high, got {k_range}")
    with threadpool_limits(limits=THREADS):
        return _cluster(docs, k, seed, k_range, progress or (lambda _stage, _share: None))


def _cluster(
    docs: Sequence[Sequence[str]], k: int | None, seed: int, k_range: tuple[int, int], report: Progress
) -> Clustering:
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
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, empty_model())

    used = np.flatnonzero(nonempty)
    texts = [distinct[i] for i in used]
    model, features = fit_vocabulary(texts)
    has_terms = np.asarray(features.getnnz(axis=1) > 0)
    rows = np.flatnonzero(has_terms)
    if len(rows) == 0:
        report("done", 1.0)
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, empty_model())

    rng = np.random.default_rng(seed)
    fit_rows = rows if len(rows) <= FIT_SAMPLE else np.sort(rng.choice(rows, FIT_SAMPLE, replace=False))
    report("reduce", 0.2)
    components = lsa_components(features, fit_rows, seed)
    raw = project(features, components)
    unit = normalize(raw)

    fit_weights = weights[used][fit_rows]
    if len(fit_rows) < FEW:
        wanted = 1
        smoothed = unit[fit_rows]
    else:
        report("smooth", 0.4)
        smoothed = smooth(unit[fit_rows])
        if k is None:
            report("choose k", 0.5)
            wanted = choose_k(smoothed, k_range, seed)
        else:
            wanted = k
    # k-means cannot make more clusters than there are distinct points (bags that differ only in repeated words
    # have the same vector).
    wanted = min(wanted, len(np.unique(smoothed.round(5), axis=0)))

    report("k-means", 0.8)
    if wanted == 1:
        fitted = np.zeros(len(fit_rows), dtype=np.int64)
    else:
        n_init = SMALL_N_INIT if len(fit_rows) == len(rows) else N_INIT
        km = KMeans(n_clusters=wanted, n_init=n_init, random_state=seed)
        fitted = km.fit_predict(smoothed, sample_weight=fit_weights)
    centroids = np.zeros((wanted, unit.shape[1]))
    np.add.at(centroids, fitted, unit[fit_rows] * fit_weights[:, None])
    centroids = centroids[np.abs(centroids).sum(axis=1) > 0]
    if len(centroids) == 0:  # every answer orthogonal to the reduced space: nothing to group
        report("done", 1.0)
        return Clustering(tuple(OTHER for _ in docs), 0, METHOD, empty_model())
    centroids = normalize(centroids)

    similarities = raw @ centroids.T
    distinct_labels = np.asarray(nearest_themes(similarities, OUTLIER_SIMILARITY), dtype=np.int64)
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
    model = replace(
        model,
        components=components,
        centroids=centroids[np.asarray(order, dtype=np.int64)],
        fitted={text: row for row, text in enumerate(texts)},
        fitted_projection=raw,
    )
    report("done", 1.0)
    return Clustering(tuple(int(label) for label in all_labels[inverse]), len(order), METHOD, model)
