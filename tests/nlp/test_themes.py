"""The whole pipeline on realistic staff comments: themes named with the answers' words, redacted examples."""

from __future__ import annotations

import pytest

from interventions.areas import AREAS
from nlp.io import TextInput
from nlp.themes import OTHER_LABEL, find_themes
from tests.factories import MANAGER_COMMENTS, NOISE_COMMENTS, STAFFING_COMMENTS


def _inputs(texts):
    return [TextInput(f"t{i}", text) for i, text in enumerate(texts)]


@pytest.fixture(scope="module")
def result():
    return find_themes(
        _inputs(STAFFING_COMMENTS + MANAGER_COMMENTS + NOISE_COMMENTS + ["", "😀😀😀", "ok"]), k=3, seed=1, areas=AREAS
    )


def test_three_themes_are_found_and_named_from_the_answers_words(result):
    named = [theme for theme in result.themes if theme.label != OTHER_LABEL]
    assert len(named) == 3
    words = [" ".join(theme.terms).lower() for theme in named]
    assert any("personal" in w or "vikarie" in w for w in words)
    assert any("chef" in w or "återkoppling" in w for w in words)
    assert any("ventilation" in w or "buller" in w for w in words)


def test_each_theme_keeps_its_answers_together(result):
    def theme_of(texts, offset):
        return {result.assignments[f"t{offset + i}"] for i in range(len(texts) - 1)}  # the Finnish one may stray

    staffing, manager, noise = (
        theme_of(STAFFING_COMMENTS, 0),
        theme_of(MANAGER_COMMENTS, 6),
        theme_of(NOISE_COMMENTS, 12),
    )
    assert len(staffing) == len(manager) == len(noise) == 1
    assert len(staffing | manager | noise) == 3


def test_empty_and_emoji_only_answers_go_to_other(result):
    assert result.assignments["t18"] == -1 and result.assignments["t19"] == -1
    other = next(theme for theme in result.themes if theme.id == -1)
    assert other.label == OTHER_LABEL and other.examples == ()


def test_examples_are_redacted_and_categories_suggested(result):
    examples = " ".join(example for theme in result.themes for example in theme.examples)
    assert "070-123 45 67" not in examples and "Bengt" not in examples
    categories = {theme.category for theme in result.themes if theme.id >= 0}
    assert {"workload", "leadership", "physical_environment"} & categories
    assert all(2 <= len(theme.examples) <= 3 for theme in result.themes if theme.id >= 0)


def test_languages_are_detected_per_text(result):
    assert result.languages["t0"] == "sv" and result.languages["t11"] == "fi"


def test_the_same_seed_gives_the_same_themes():
    texts = _inputs(STAFFING_COMMENTS + MANAGER_COMMENTS + NOISE_COMMENTS)
    assert (
        find_themes(texts, k=3, seed=4, areas=AREAS).assignments
        == find_themes(texts, k=3, seed=4, areas=AREAS).assignments
    )


def test_number_of_themes_is_chosen_when_not_given():
    result = find_themes(
        _inputs(STAFFING_COMMENTS * 3 + MANAGER_COMMENTS * 3 + NOISE_COMMENTS * 3), seed=0, areas=AREAS
    )
    assert 2 <= len([t for t in result.themes if t.id >= 0]) <= 5


def test_no_input_gives_no_themes():
    assert find_themes([], areas=AREAS).themes == ()


def test_robust_to_long_texts_html_and_thousands_of_duplicates():
    texts = _inputs(
        ["<p>För lite <b>personal</b></p>" * 500] + ["Stress stress stress"] * 3000 + STAFFING_COMMENTS + NOISE_COMMENTS
    )
    result = find_themes(texts, seed=0, areas=AREAS)
    assert len(result.assignments) == len(texts)
    assert len({result.assignments[f"t{i}"] for i in range(1, 3001)}) == 1
