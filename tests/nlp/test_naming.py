"""nlp.naming: theme names from the answers' own words, in the written form, and distinct representative answers."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.clustering import OTHER, cluster
from nlp.naming import (
    central_order,
    clauses,
    ctfidf_terms,
    label_phrase,
    most_frequent_surfaces,
    pick_examples,
    respondent_counts,
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


def test_respondents_are_counted_once_however_often_they_write_a_word() -> None:
    docs = [["vikarie", "vikarie"], ["vikarie"], ["vikarie", "stress"], ["stress"], ["stress"]]
    counts = respondent_counts(docs, [0, 0, 0, 0, 1], ["anna", "anna", "anna", None, None])
    assert counts[0] == {"vikarie": 1, "stress": 2}
    assert counts[1] == {"stress": 1}
    assert respondent_counts(docs, [0] * 5, [None] * 5)[0] == {"vikarie": 3, "stress": 3}
    with pytest.raises(ValueError):
        respondent_counts(docs, [0], [None])


def test_only_allowed_terms_are_ranked() -> None:
    docs = [["chef", "bengt", "bengt"], ["chef", "lyssna"], ["chef", "lyssna"], ["buller"]]
    assert ctfidf_terms(docs, [0, 0, 0, 1], allowed={0: {"chef"}}) == {0: ("chef",), 1: ()}


def test_clauses_split_at_sentence_marks_and_commas() -> None:
    assert clauses("För lite personal, vi hinner inte. Stress!") == ["För lite personal", "vi hinner inte", "Stress"]
    assert clauses("  ") == []


def test_a_label_is_a_short_phrase_whose_every_word_is_supported() -> None:
    supported = {"personal", "lite", "hinna", "kväll"}
    candidates = [
        ("För lite personal, vi hinner inte med allt som ska göras idag heller", ["lite", "personal", "hinna"]),
        ("Bengt har för lite personal", ["bengt", "lite", "personal"]),  # a word only one person wrote
        ("[NAME] har för lite personal", ["lite", "personal"]),  # a placeholder
        ("Lite personal 7-15", ["lite", "personal"]),  # a time or a room number could point at someone
        ("Personal.", ["personal"]),  # one word: the category and key term say more
        ("lite på kvällen", ["lite", "kväll"]),  # none of the theme's defining terms
        ("för lite personal.", ["lite", "personal"]),
    ]
    found = label_phrase(candidates, supported, defining=("personal",), forbidden=("[NAME]",))
    assert found == "För lite personal"
    assert label_phrase(candidates[:6], supported, defining=("personal",), forbidden=("[NAME]",)) == ""
    assert label_phrase(candidates[5:6], supported) == "Lite på kvällen"
    assert label_phrase([("Anna har lite personal", ["lite", "personal"])], supported, redact=lambda t: t) != ""
    hides = label_phrase([("Anna har lite personal", ["lite", "personal"])], supported, redact=str.upper)
    assert hides == ""  # redaction would change it: no label


def test_central_order_puts_the_answers_nearest_the_theme_centre_first() -> None:
    vectors = np.asarray([[1.0, 0.0], [0.6, 0.8], [0.8, 0.6], [0.0, 1.0], [1.0, 0.0]])
    order = central_order(vectors, [0, 0, 0, 1, OTHER])
    assert order[0][0] == 2 and sorted(order[0]) == [0, 1, 2]
    assert order[1] == [3] and OTHER not in order


def test_examples_prefer_the_themes_polarity_and_are_distinct_after_redaction() -> None:
    docs = [["a", "b", "c"]] * 5
    texts = ["Bra chef Anna.", "Bra chef Eva.", "Dålig chef.", "Bra stöd.", "Fint."]
    shown = [text.replace("Anna", "[NAME]").replace("Eva", "[NAME]") for text in texts]
    picked = pick_examples([0, 1, 2, 3, 4], docs, shown.__getitem__, preferred=lambda i: i != 2)
    assert picked == ("Bra chef [NAME].", "Bra stöd.", "Fint.")
