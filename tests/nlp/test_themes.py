"""The whole pipeline on realistic staff comments: themes of one area and one polarity, named only with words three
respondents wrote, with redacted quotes (issue 21)."""

from __future__ import annotations

import random
import re

import pytest

import nlp.themes
from interventions.areas import AREAS
from nlp.categories import category_label
from nlp.io import TextInput
from nlp.lemmas import analyse
from nlp.redaction import redact_text
from nlp.themes import OTHER_LABEL, POLARITIES, Theme, find_themes
from survey_app.demo.free_text import NAMED, SHOULD_CHANGE, WORKS_WELL
from tests.factories import MANAGER_COMMENTS, NOISE_COMMENTS, STAFFING_COMMENTS


def _inputs(texts):
    return [TextInput(f"t{i}", text) for i, text in enumerate(texts)]


@pytest.fixture(scope="module")
def result():
    return find_themes(
        _inputs(STAFFING_COMMENTS + MANAGER_COMMENTS + NOISE_COMMENTS + ["", "😀😀😀", "ok"]), k=3, seed=1, areas=AREAS
    )


def test_the_three_subjects_are_found_and_named_from_the_answers_words(result):
    named = [theme for theme in result.themes if theme.id >= 0]
    words = [" ".join(theme.terms).lower() for theme in named]
    assert any("personal" in w or "vikarie" in w for w in words)
    assert any("chef" in w or "återkoppling" in w for w in words)
    assert any("ventilation" in w or "buller" in w for w in words)


def test_each_subject_keeps_its_answers_in_one_category_finnish_ones_too(result):
    # Issue 21: themes are split by polarity too, so one subject may make two themes, but never two categories.
    def categories_of(texts, offset):
        themes = {theme.id: theme for theme in result.themes}
        return {themes[result.assignments[f"t{offset + i}"]].category for i in range(len(texts))}

    assert categories_of(STAFFING_COMMENTS, 0) == {"workload"}
    assert categories_of(MANAGER_COMMENTS, 6) == {"leadership"}
    assert categories_of(NOISE_COMMENTS, 12) == {"physical_environment"}


def test_empty_and_emoji_only_answers_go_to_other(result):
    assert result.assignments["t18"] == -1 and result.assignments["t19"] == -1
    other = next(theme for theme in result.themes if theme.id == -1)
    assert other.label == OTHER_LABEL and other.examples == ()


def test_examples_are_redacted_and_categories_suggested(result):
    examples = " ".join(example for theme in result.themes for example in theme.examples)
    assert "070-123 45 67" not in examples and "Bengt" not in examples
    categories = {theme.category for theme in result.themes if theme.id >= 0}
    assert categories == {"workload", "leadership", "physical_environment"}
    for theme in result.themes:
        if theme.id >= 0:
            assert min(2, theme.size) <= len(theme.examples) <= 3
            assert len(set(theme.examples)) == len(theme.examples)


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


def _demo_answers() -> list[str]:
    """Every free-text answer the demo can give, those that name someone included."""
    pools = [WORKS_WELL, SHOULD_CHANGE, *NAMED.values()]
    return [text for pool in pools for texts in pool.values() for text in texts]


def _demo_unit(seed: int) -> list[str]:
    """A demo workplace's answers as the app sees them: drawn from the pools (so repeated), redacted."""
    rng = random.Random(seed)
    answers = _demo_answers()
    return [redact_text(rng.choice(answers)) for _ in range(160)]


def _respondents_using(theme_texts: list[str], lang: str, lemma: str) -> int:
    return sum(lemma in {term.lemma for term in terms} for terms in analyse(theme_texts, [lang] * len(theme_texts)))


@pytest.mark.parametrize("texts", [_demo_answers(), _demo_unit(0), _demo_unit(1)], ids=["each once", "unit", "unit2"])
def test_every_demo_theme_has_a_category_a_polarity_and_a_title_of_words_three_respondents_wrote(texts):
    result = find_themes(_inputs(texts), areas=AREAS)
    for theme in (theme for theme in result.themes if theme.id >= 0):
        assert theme.category in AREAS
        assert theme.polarity in POLARITIES
        members = [text for i, text in enumerate(texts) if result.assignments[f"t{i}"] == theme.id]
        langs = {result.languages[f"t{i}"] for i, _ in enumerate(texts) if result.assignments[f"t{i}"] == theme.id}
        for lang in ("sv", "fi"):
            title = theme.title(lang)
            assert title
            written = title.removeprefix(category_label(theme.category, lang)).strip(" ·")
            for terms in analyse([written] * len(langs), sorted(langs)):
                for term in terms:
                    assert max(_respondents_using(members, lang, term.lemma) for lang in langs) >= 3, (title, term)
            assert "[" not in title


def test_demo_themes_get_readable_labels_when_answers_repeat():
    result = find_themes(_inputs(_demo_unit(0)), areas=AREAS)
    named = [theme for theme in result.themes if theme.id >= 0]
    large = [theme for theme in named if theme.respondents >= 5]
    assert sum(bool(theme.label) for theme in large) >= len(large) // 2
    assert all(len(theme.label.split()) <= 8 for theme in named)
    assert all(theme.key_term is None or theme.key_term in theme.terms for theme in named)


def test_praise_and_a_complaint_on_the_same_subject_never_share_a_theme(monkeypatch):
    praise = ["Chefen lyssnar och stöttar oss.", "Bra chef som lyssnar.", "Esihenkilö tukee ja kuuntelee."]
    problems = ["Chefen lyssnar inte och stöttar ingen.", "Dålig chef som aldrig lyssnar.", "Esihenkilö ei kuuntele."]
    said = dict.fromkeys(praise, "praise") | dict.fromkeys(problems, "problem")
    monkeypatch.setattr(nlp.themes, "polarities_of", lambda texts, _langs, *_: [said.get(t, "neither") for t in texts])
    result = find_themes(_inputs(praise + problems), areas=AREAS)
    praised = {result.assignments[f"t{i}"] for i in range(3)}
    complained = {result.assignments[f"t{i}"] for i in range(3, 6)}
    assert not praised & complained
    themes = {theme.id: theme for theme in result.themes}
    assert {themes[t].polarity for t in praised} == {"praise"}
    assert {themes[t].polarity for t in complained} == {"problem"}
    assert {themes[t].category for t in praised | complained} == {"leadership"}


def test_praise_and_a_complaint_in_the_demo_never_share_a_theme():
    texts = ["Chefen lyssnar alltid och ger oss bra stöd.", "Chefen lyssnar aldrig och ger oss inget stöd."] * 3
    result = find_themes(_inputs(texts + _demo_answers()), areas=AREAS)
    assert result.assignments["t0"] != result.assignments["t1"]
    themes = {theme.id: theme for theme in result.themes}
    assert themes[result.assignments["t0"]].polarity == "praise"
    assert themes[result.assignments["t1"]].polarity == "problem"


def test_swedish_and_finnish_answers_on_one_subject_share_a_theme():
    texts = [
        "Vi har för lite personal.",
        "Det saknas personal varje dag.",
        "Henkilökuntaa on liian vähän.",
        "Liian vähän henkilökuntaa vuoroissa.",
        "Ventilationen är dålig.",
        "Ilmanvaihto on huono.",
    ]
    result = find_themes(_inputs(texts + _demo_answers()), areas=AREAS)
    themes = {theme.id: theme for theme in result.themes}
    staffing = {result.assignments[f"t{i}"] for i in range(4)}
    assert len(staffing) == 1 and themes[staffing.pop()].category == "workload"
    assert themes[result.assignments["t4"]].category == themes[result.assignments["t5"]].category


def test_a_name_one_or_two_respondents_use_never_names_a_theme():
    texts = [
        "lindberg ger oss för lite personal",
        "lindberg saknar personal på kvällarna",
        "För lite personal hela veckan.",
        "Personal saknas på helgerna.",
        "Vi har för lite personal.",
    ]
    result = find_themes(_inputs(texts), areas=AREAS, redactor=lambda text: text)
    for theme in result.themes:
        shown = " ".join([theme.label, theme.key_term or "", *theme.terms, theme.title("sv")]).lower()
        assert "lindberg" not in shown
    assert any(theme.key_term == "personal" for theme in result.themes)


def test_three_answers_of_one_respondent_count_once():
    texts = ["Vikarie saknas.", "Ingen vikarie i dag.", "Vikarie behövs.", "Stress och personal.", "Stress, personal."]
    texts += ["Stress utan personal."]
    one = [TextInput(f"t{i}", text, "sv", "r1" if i < 3 else f"r{i}") for i, text in enumerate(texts)]
    three = [TextInput(f"t{i}", text, "sv", f"r{i}") for i, text in enumerate(texts)]
    terms_one = {term for theme in find_themes(one, areas=AREAS).themes for term in theme.terms}
    terms_three = {term for theme in find_themes(three, areas=AREAS).themes for term in theme.terms}
    assert "vikarie" in terms_three and "vikarie" not in terms_one
    assert "personal" in terms_one  # three different respondents wrote it
    sizes = {theme.respondents for theme in find_themes(one, areas=AREAS).themes}
    assert 4 in sizes  # six answers, four people


def test_quotes_go_through_the_callers_redactor():
    texts = ["Chefen Bengt lyssnar aldrig.", "Chefen lyssnar aldrig på oss.", "Vår chef lyssnar inte."]
    result = find_themes(_inputs(texts), areas=AREAS, redactor=lambda text: re.sub("Bengt", "[X]", text).upper())
    quotes = [quote for theme in result.themes for quote in theme.examples]
    assert quotes and all(quote == quote.upper() for quote in quotes)
    assert not any("BENGT" in quote for quote in quotes)


def test_a_title_is_the_label_else_the_category_and_key_term_else_the_category():
    theme = Theme(0, "", ("vikarier",), 5, "workload", (), "problem", 5, "vikarier")
    assert theme.title("sv") == "Arbetsbelastning · vikarier"
    assert theme.title("fi") == "Työmäärä · vikarier"
    assert Theme(0, "", (), 2, "workload", (), "problem", 2, None).title("en") == "Workload"
    assert Theme(0, "För lite personal", (), 5, "workload", (), "problem", 5, "personal").title("fi") == (
        "För lite personal"
    )
