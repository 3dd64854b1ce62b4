"""nlp.naming: theme names from the answers' own words, in the written form, and distinct representative answers."""

from __future__ import annotations

import dataclasses

import pytest

from nlp.clustering import OTHER, cluster
from nlp.naming import (
    ThemeTerms,
    ctfidf_terms,
    label_for,
    most_frequent_surfaces,
    representatives,
    theme_terms,
)
from tests.factories import MANAGER_LEMMAS, PREMISES_LEMMAS, STAFFING_LEMMAS, lemma_answers

COMMON = ["dag", "tid"]


def test_ctfidf_ranks_the_defining_words_first() -> None:
    docs = [
        ["personal", "vikarie", "dag"],
        ["personal", "stress", "tid"],
        ["personal", "vikarie", "tid", "dag"],
        ["chef", "lyssna", "dag"],
        ["chef", "stöd", "tid", "dag"],
        ["chef", "lyssna", "tid"],
    ]
    terms = ctfidf_terms(docs, [0, 0, 0, 1, 1, 1], top_n=3)
    assert terms[0][:2] == ("personal", "vikarie")
    assert terms[1][:2] == ("chef", "lyssna")
    assert not set(COMMON) & set(terms[0][:2] + terms[1][:2])


def test_ctfidf_on_a_clustering_names_each_theme_with_its_own_words(majority) -> None:
    docs, truth = lemma_answers()
    found = cluster(docs, k=3, seed=0)
    terms = ctfidf_terms(docs, found.labels, top_n=8)
    theme_of = majority(found.labels, truth)
    for true, words in enumerate((STAFFING_LEMMAS, MANAGER_LEMMAS, PREMISES_LEMMAS)):
        assert set(terms[theme_of[true]][:5]) <= set(words)
        assert len(terms[theme_of[true]]) == 8


def test_ctfidf_ignores_other_and_respects_top_n() -> None:
    docs = [["chef", "lyssna"], ["chef", "stöd"], ["buller", "buller"], ["xyz"]]
    terms = ctfidf_terms(docs, [0, 0, 1, OTHER], top_n=1)
    assert terms == {0: ("chef",), 1: ("buller",)}
    assert ctfidf_terms([["a"]], [OTHER]) == {}
    assert ctfidf_terms([], []) == {}


def test_words_of_a_single_answer_come_after_shared_words() -> None:
    docs = [["chef", "bengt", "bengt", "bengt"], ["chef", "lyssna"], ["chef", "lyssna"], ["personal"], ["personal"]]
    assert ctfidf_terms(docs, [0, 0, 0, 1, 1])[0] == ("chef", "lyssna", "bengt")


def test_ctfidf_refuses_mismatched_input() -> None:
    with pytest.raises(ValueError):
        ctfidf_terms([["a"]], [0, 1])
    with pytest.raises(ValueError):
        ctfidf_terms([["a"]], [0], top_n=0)


def test_most_frequent_surfaces() -> None:
    pairs = [
        ("personal", "personalen"),
        ("personal", "personal"),
        ("personal", "personalen"),
        ("chef", "chefen"),
        ("chef", "chef"),
        ("vikarie", "vikarier"),
        ("vikarie", "vikarierna"),
    ]
    assert most_frequent_surfaces(pairs) == {"personal": "personalen", "chef": "chef", "vikarie": "vikarier"}
    assert most_frequent_surfaces([]) == {}


def test_label_uses_the_written_forms_of_the_first_terms() -> None:
    surfaces = {"personal": "personalen", "vikarie": "vikarier"}
    assert label_for(["personal", "vikarie", "stress", "hinna"], surfaces) == "personalen · vikarier · stress"
    assert label_for(["personal", "vikarie", "stress"], n=2) == "personal · vikarie"
    assert label_for(["chef"]) == "chef"
    assert label_for([]) == ""


def test_theme_terms_bundle_terms_and_label() -> None:
    docs = [["chef", "lyssna"], ["chef", "stöd"], ["buller", "lokal"], ["buller", "ljus"]]
    found = theme_terms(docs, [0, 0, 1, 1], surfaces={"chef": "chefen"}, n=1)
    assert found[0] == ThemeTerms(0, found[0].terms, "chefen") and found[0].terms[0] == "chef"
    assert found[1].label == "buller"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].label = "x"  # type: ignore[misc]


def test_representatives_are_distinct_members_of_their_theme() -> None:
    docs, truth = lemma_answers()
    duplicated = docs + [docs[0]] * 30  # many copies of one answer must not fill the examples
    found = cluster(duplicated, k=3, seed=0)
    chosen = representatives(found.model, duplicated, found.labels, n=3)
    assert set(chosen) == {0, 1, 2}
    for theme, indices in chosen.items():
        assert len(indices) == 3
        assert all(found.labels[i] == theme for i in indices)
        assert len({tuple(sorted(duplicated[i])) for i in indices}) == 3


def test_representatives_are_closest_to_the_centre_and_skip_short_and_duplicate_texts() -> None:
    base = [["chef", "lyssna", "stöd", "feedback"], ["chef", "lyssna", "stöd"], ["chef", "stöd", "ledning"]]
    docs = [["chef"], *base, ["chef", "lyssna", "stöd", "feedback"], ["buller", "lokal", "ljus"], ["buller", "luft"]]
    texts = ["Chefen!", "a", "b", "c", "A ", "d", "e"]
    found = cluster(docs, k=1, seed=0)
    labels = [0, 0, 0, 0, 0, 1, 1]
    chosen = representatives(found.model, docs, labels, n=3, texts=texts)
    assert sorted(chosen[0]) == [1, 2, 3]  # not the one-word answer, not the second "a"
    assert set(chosen[1]) == {5, 6}  # a theme the model does not know: its members' mean is the centre
    only_short = representatives(found.model, [["chef"], ["stöd"]], [0, 0], n=3)
    assert sorted(only_short[0]) == [0, 1]


def test_representatives_leave_out_other_and_handle_empty_models() -> None:
    empty = cluster([])
    assert representatives(empty.model, [["chef"]], [OTHER]) == {}
    assert representatives(empty.model, [["chef"], ["stöd"]], [0, 0], n=1) == {0: (0,)}
    with pytest.raises(ValueError):
        representatives(empty.model, [["chef"]], [0, 0])
