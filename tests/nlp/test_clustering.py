"""nlp.clustering: themes from lemma lists, found again, counted automatically, outliers apart, new answers assigned."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score, silhouette_score

from nlp.clustering import OTHER, Clustering, ThemeModel, cluster
from nlp.clustering.reduction import cosine_silhouette, lsa_components
from tests.factories import EVERYDAY_LEMMAS, STAFFING_LEMMAS, THEME_LEMMAS, lemma_answers


@pytest.fixture(scope="module")
def data():
    return lemma_answers()


@pytest.fixture(scope="module")
def three(data) -> Clustering:
    docs, _ = data
    return cluster(docs, k=3, seed=0)


def test_three_separated_themes_are_recovered(data, three) -> None:
    _, truth = data
    assert three.k == 3 and len(three.labels) == len(truth)
    assert adjusted_rand_score(truth, three.labels) > 0.9
    assert set(three.labels) <= {0, 1, 2, OTHER}
    assert three.labels.count(OTHER) <= 2
    assert three.method == "lsa-knn-kmeans" and isinstance(three.model, ThemeModel)


def test_the_number_of_themes_is_chosen_when_not_given(data) -> None:
    docs, truth = data
    found = cluster(docs, seed=0)
    assert found.k == 3
    assert adjusted_rand_score(truth, found.labels) > 0.9


def test_auto_k_on_four_themes_with_uneven_sizes() -> None:
    rng = random.Random(3)
    extra = ("lön", "ersättning", "löneutveckling", "tillägg", "övertid", "schema")
    docs, truth = lemma_answers(per_theme=30, seed=3)
    for _ in range(15):
        docs.append(rng.sample(extra, 3) + rng.sample(EVERYDAY_LEMMAS, 1))
        truth.append(3)
    found = cluster(docs, seed=0)
    assert found.k == 4
    assert adjusted_rand_score(truth, found.labels) > 0.9


def test_the_same_seed_gives_the_same_labels(data) -> None:
    docs, _ = data
    first, second = cluster(docs, seed=7), cluster(docs, seed=7)
    assert first.labels == second.labels and first.k == second.k
    assert np.array_equal(first.model.centroids, second.model.centroids)


def test_theme_ids_are_ordered_by_size() -> None:
    docs, truth = lemma_answers(per_theme=30, seed=1)
    # staffing becomes the largest theme
    docs = docs + [list(STAFFING_LEMMAS[:4]) + [EVERYDAY_LEMMAS[i]] for i in range(8)] * 3
    found = cluster(docs, k=3, seed=0)
    sizes = Counter(label for label in found.labels if label != OTHER)
    assert [sizes[theme] for theme in range(found.k)] == sorted(sizes.values(), reverse=True)
    assert found.labels[-1] == 0


def test_answers_without_lemmas_are_other(data) -> None:
    docs, _ = data
    found = cluster([[], *docs, [], []], k=3, seed=0)
    assert found.labels[0] == found.labels[-1] == found.labels[-2] == OTHER
    assert found.k == 3


def test_empty_input() -> None:
    found = cluster([])
    assert found.labels == () and found.k == 0
    assert found.model.assign([["chef"]]) == (OTHER,)
    assert found.model.assign([]) == ()


def test_only_empty_answers() -> None:
    found = cluster([[], [], []])
    assert found.labels == (OTHER, OTHER, OTHER) and found.k == 0


def test_one_answer_is_one_theme() -> None:
    found = cluster([["chef", "lyssna"]])
    assert found.labels == (0,) and found.k == 1
    assert found.model.assign([["chef", "lyssna"], ["qwxz"]]) == (0, OTHER)


def test_a_few_answers_make_one_theme_and_empty_ones_stay_other() -> None:
    docs = [["chef", "lyssna"], ["personal", "saknas"], [], ["buller", "lokal"], ["chef", "stöd"]]
    found = cluster(docs, k=3, seed=0)
    assert found.k == 1
    assert found.labels == (0, 0, OTHER, 0, 0)


def test_k_above_the_number_of_distinct_answers_is_capped() -> None:
    docs = [list(words[:3]) for words in THEME_LEMMAS] * 4 + [list(words[2:5]) for words in THEME_LEMMAS] * 2
    found = cluster(docs, k=12, seed=0)
    assert 1 <= found.k <= 6
    assert OTHER not in found.labels


def test_thousands_of_identical_answers_share_a_theme(data) -> None:
    docs, _ = data
    same = ["personal", "räcka", "inte"]
    found = cluster([list(same) for _ in range(2000)] + docs, seed=0)
    assert len(set(found.labels[:2000])) == 1 and found.labels[0] != OTHER
    assert found.labels[0] == 0  # the largest theme
    assert 2 <= found.k <= 15
    assert found.model.assign([same])[0] == found.labels[0]


def test_thousands_of_identical_answers_and_a_few_others() -> None:
    docs = [["personal", "räcka"] for _ in range(2000)] + [["chef", "lyssna"], ["buller"], ["personal", "stress"]]
    found = cluster(docs, seed=0)
    assert len(set(found.labels[:2000])) == 1 and found.labels[0] == 0


def test_bags_that_differ_only_in_repeated_words_count_as_one_point() -> None:
    docs = [["chef"], ["chef", "chef"], ["stöd"], ["stöd", "stöd"], ["buller"], ["buller", "buller", "buller"]]
    found = cluster(docs, k=6, seed=0)  # warnings are errors: k-means must not be asked for 6 clusters of 3 points
    assert found.k == 3
    assert found.labels[0] == found.labels[1] and found.labels[2] == found.labels[3]
    assert len(set(found.labels)) == 3


def test_new_answers_go_to_their_theme_and_gibberish_to_other(data, three, majority) -> None:
    docs, truth = data
    theme_of = majority(three.labels, truth)
    new = [["stress", "vikarie", "dag"], ["feedback", "chef"], ["ventilation", "buller", "ljus"]]
    assert three.model.assign(new) == tuple(theme_of[t] for t in range(3))
    assert three.model.assign([["xqzvbn", "plorftk"], [], ["ääöö"]]) == (OTHER, OTHER, OTHER)


def test_inflected_or_compound_forms_unseen_in_training_still_find_their_theme(data, three, majority) -> None:
    docs, truth = data
    theme_of = majority(three.labels, truth)
    assert three.model.assign([["chefen", "lyssnade"], ["ventilationen", "bullret"]]) == (theme_of[1], theme_of[2])


def test_assign_agrees_with_the_clustering_on_its_own_answers(data, three) -> None:
    docs, _ = data
    assert three.model.assign(docs) == three.labels


def test_similarities_and_vectors_have_one_row_per_answer(data, three) -> None:
    docs, _ = data
    assert three.model.similarities(docs[:5]).shape == (5, 3)
    vectors = three.model.vectors([*docs[:2], []])
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0) and not vectors[2].any()


def test_progress_is_reported_up_to_done(data) -> None:
    docs, _ = data
    seen: list[tuple[str, float]] = []
    cluster(docs, seed=0, progress=lambda stage, share: seen.append((stage, share)))
    assert seen[-1] == ("done", 1.0)
    shares = [share for _, share in seen]
    assert shares == sorted(shares) and all(0.0 <= share <= 1.0 for share in shares)


def test_results_are_frozen(three) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        three.k = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        three.model.threshold = 0.0  # type: ignore[misc]


@pytest.mark.parametrize("k, k_range", [(0, (2, 15)), (None, (0, 5)), (None, (6, 5))])
def test_nonsense_arguments_are_refused(k, k_range) -> None:
    with pytest.raises(ValueError):
        cluster([["chef"]], k=k, k_range=k_range)


def test_the_answers_a_model_was_fitted_on_are_not_featurised_again(data, three) -> None:
    docs, _ = data
    remembered = three.model.vectors(docs)
    recomputed = dataclasses.replace(three.model, fitted={}).vectors(docs)
    assert len(three.model.fitted) == len({tuple(sorted(doc)) for doc in docs if doc})
    np.testing.assert_allclose(remembered, recomputed, atol=1e-5)
    unseen = [["lön", "lönen", "personal"], ["helt", "nytt", "ord"]]
    np.testing.assert_allclose(
        three.model.vectors(docs[:3] + unseen), np.vstack([recomputed[:3], three.model.vectors(unseen)]), atol=1e-5
    )


def test_the_cosine_silhouette_is_scikit_learns_without_the_pairwise_distances() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((120, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[5] = 0.0  # an answer the reduced space does not reach
    labels = rng.integers(0, 4, size=120)
    labels[7] = 4  # a theme of one answer scores 0
    expected = silhouette_score(vectors, labels, metric="cosine")
    assert cosine_silhouette(vectors, labels) == pytest.approx(expected, abs=1e-12)


def test_the_lsa_components_span_the_leading_directions_of_the_answers() -> None:
    rng = np.random.default_rng(1)
    topics = rng.random((6, 400)) * (rng.random((6, 400)) < 0.05)
    rows = rng.random((300, 6)) ** 4 @ topics + 0.01 * rng.random((300, 400)) * (rng.random((300, 400)) < 0.02)
    features = sp.csr_matrix(rows)
    components = lsa_components(features, np.arange(300), seed=0)
    assert np.allclose(components @ components.T, np.eye(len(components)), atol=1e-5)
    _, _, exact = np.linalg.svd(rows, full_matrices=False)
    captured = np.linalg.norm(exact[:6] @ components.T, axis=1)  # 1: the direction lies in the components' span
    assert captured.min() > 0.999


def test_repeated_answers_give_no_spurious_lsa_directions() -> None:
    rng = np.random.default_rng(2)
    distinct = rng.random((4, 60)) * (rng.random((4, 60)) < 0.3)
    features = sp.csr_matrix(np.repeat(distinct, 30, axis=0))  # 120 rows spanning 4 directions
    components = lsa_components(features, np.arange(120), seed=0)
    assert len(components) <= 4
    assert np.allclose(np.linalg.norm(components, axis=1), 1.0, atol=1e-5)
