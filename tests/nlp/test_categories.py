"""Suggesting a work-environment category for a theme from its lemmas, in Swedish, Finnish and English."""

from __future__ import annotations

import pytest

from interventions.areas import AREAS
from nlp.categories import (
    CATEGORY_LABELS,
    COMPOUND_WEIGHT,
    LANGUAGES,
    VOCABULARY,
    answer_areas,
    category_label,
    category_scores,
    closest_area,
    suggest_category,
)
from nlp.lemmas import analyse
from survey_app.demo.free_text import SHOULD_CHANGE, WORKS_WELL


@pytest.mark.parametrize(
    ("lemmas", "lang", "expected"),
    [
        # Swedish
        (["personal", "vikarie", "stress", "hinna"], "sv", "workload"),
        (["schema", "delad", "tur", "helg"], "sv", "working_hours"),
        (["chef", "lyssna", "stöd", "feedback"], "sv", "leadership"),
        (["information", "apt", "möte", "mejl"], "sv", "communication"),
        (["kollega", "stämning", "konflikt", "skvaller"], "sv", "collaboration"),
        (["kränkning", "hot", "våld", "brukare"], "sv", "victimisation"),
        (["mål", "uppdrag", "prioritering", "otydlig"], "sv", "goals"),
        (["rygg", "ont", "tung", "axel"], "sv", "ergonomics"),
        (["dator", "system", "inloggning", "långsam"], "sv", "equipment"),
        (["buller", "ventilation", "lokal", "trång"], "sv", "physical_environment"),
        (["utbildning", "introduktion", "nyanställd", "handledning"], "sv", "competence"),
        # Finnish
        (["kiire", "sijainen", "ehtiä", "henkilökunta"], "fi", "workload"),
        (["työvuoro", "vuorolista", "ylityö", "tauko"], "fi", "working_hours"),
        (["esihenkilö", "tuki", "palaute"], "fi", "leadership"),
        (["tiedottaminen", "palaveri", "sähköposti"], "fi", "communication"),
        (["työkaveri", "ilmapiiri", "ristiriita"], "fi", "collaboration"),
        (["kiusaaminen", "häirintä", "uhka", "asiakas"], "fi", "victimisation"),
        (["tavoite", "perustehtävä", "priorisointi"], "fi", "goals"),
        (["selkä", "nosto", "olkapää", "kipu"], "fi", "ergonomics"),
        (["tietokone", "apuväline", "järjestelmä"], "fi", "equipment"),
        (["melu", "ilmanvaihto", "lämpötila", "siivous"], "fi", "physical_environment"),
        (["koulutus", "perehdytys", "työnohjaus"], "fi", "competence"),
        # English
        (["staff", "understaffed", "busy", "time"], "en", "workload"),
        (["rota", "shift", "overtime", "weekend"], "en", "working_hours"),
        (["manager", "listen", "support"], "en", "leadership"),
        (["meeting", "email", "information"], "en", "communication"),
        (["colleague", "atmosphere", "conflict"], "en", "collaboration"),
        (["bullying", "harassment", "threat"], "en", "victimisation"),
        (["goal", "priority", "clarity"], "en", "goals"),
        (["back", "pain", "lifting", "shoulder"], "en", "ergonomics"),
        (["computer", "software", "printer", "broken"], "en", "equipment"),
        (["noise", "ventilation", "temperature"], "en", "physical_environment"),
        (["training", "induction", "mentor"], "en", "competence"),
    ],
)
def test_realistic_themes_get_their_category(lemmas, lang, expected):
    assert suggest_category(lemmas, lang, areas=AREAS) == expected
    assert suggest_category(lemmas, areas=AREAS) == expected  # all languages at once


def test_every_category_is_reachable_in_every_language():
    for category in AREAS:
        for lang in LANGUAGES:
            assert suggest_category(sorted(VOCABULARY[category][lang])[:5], lang, areas=AREAS) in {category, None}


def test_no_match_gives_none():
    assert suggest_category(["kaffe", "fika", "sommar"], "sv", areas=AREAS) is None
    assert suggest_category([], "fi", areas=AREAS) is None
    assert suggest_category({}, "en", areas=AREAS) is None


def test_a_tie_gives_none():
    assert suggest_category(["stress", "schema"], "sv", areas=AREAS) is None  # workload 1, working_hours 1
    assert suggest_category(["lyft"], "sv", areas=AREAS) is None  # ergonomics (lifting) and equipment (hoist)


def test_min_score():
    assert suggest_category(["stress"], "sv", areas=AREAS) == "workload"
    assert suggest_category(["stress"], "sv", min_score=2, areas=AREAS) is None
    assert suggest_category(["stress", "vikarie"], "sv", min_score=2, areas=AREAS) == "workload"


def test_weights_matter():
    assert suggest_category({"stress": 2.0, "schema": 1.0}, "sv", areas=AREAS) == "workload"
    assert suggest_category({"stress": 0.4, "schema": 1.5}, "sv", areas=AREAS) == "working_hours"
    assert suggest_category({"stress": 0.4, "schema": 0.4}, "sv", areas=AREAS) is None  # below min_score
    assert suggest_category({"stress": 0.4, "schema": 0.3}, "sv", min_score=0.1, areas=AREAS) == "workload"


def test_repeated_lemmas_count_each_time():
    assert suggest_category(["stress", "stress", "schema"], "sv", areas=AREAS) == "workload"


def test_odd_weights_and_lemmas_are_ignored():
    weights = {"stress": float("nan"), "vikarie": -3.0, "schema": 1.0, "rast": True, 7: 5.0, "helg": "2"}
    assert dict(category_scores(weights, "sv", areas=AREAS))["working_hours"] == 1.0  # type: ignore[arg-type]
    assert suggest_category(weights, "sv", areas=AREAS) == "working_hours"  # type: ignore[arg-type]
    assert suggest_category([None, 3, "  Stress  "], "sv", areas=AREAS) == "workload"  # type: ignore[list-item]
    assert suggest_category(None, "sv", areas=AREAS) is None  # type: ignore[arg-type]


def test_the_language_narrows_the_vocabulary():
    # "tid" is Swedish; in an English theme it means nothing.
    assert suggest_category(["tid", "personal"], "sv", areas=AREAS) == "workload"
    assert suggest_category(["tid", "personal"], "en", areas=AREAS) is None
    assert suggest_category(["tid", "personal"], "sv-SE", areas=AREAS) == "workload"
    assert suggest_category(["tid", "personal"], "de", areas=AREAS) == "workload"  # unknown language: all vocabularies


def test_compounds_count_at_half_weight_through_their_last_part():
    assert "nattskift" not in VOCABULARY["working_hours"]["sv"]
    scores = category_scores(["nattskift"], "sv", areas=AREAS)
    assert scores["working_hours"] == COMPOUND_WEIGHT
    assert suggest_category(["nattskift", "kvällsskift"], "sv", areas=AREAS) == "working_hours"
    assert suggest_category(["personaltoalett", "städning"], "sv", areas=AREAS) == "physical_environment"
    assert suggest_category(["niskakipu", "polvikipu"], "fi", areas=AREAS) == "ergonomics"  # "kipu"
    assert suggest_category(["nattskift"], "en", areas=AREAS) is None  # no compounds in English


def test_scores_are_per_category():
    scores = category_scores(["buller", "buller", "dator"], "sv", areas=AREAS)
    assert tuple(scores) == AREAS
    assert scores["physical_environment"] == 2.0
    assert scores["equipment"] == 1.0


def test_vocabulary_shape():
    assert set(VOCABULARY) == set(AREAS)
    for category, by_lang in VOCABULARY.items():
        assert set(by_lang) == set(LANGUAGES), category
        for lang, words in by_lang.items():
            assert 20 <= len(words) <= 60, (category, lang, len(words))
            for word in words:
                assert word and word == word.strip().lower() and " " not in word, (category, lang, word)


def test_labels_exist_for_every_category_and_language():
    assert set(CATEGORY_LABELS) == set(AREAS)
    for category in AREAS:
        for lang in LANGUAGES:
            label = category_label(category, lang)
            assert label and label == CATEGORY_LABELS[category][lang]
    assert category_label("workload", "sv") == "Arbetsbelastning"
    assert category_label("workload", "fi") == "Työmäärä"
    assert category_label("workload", "en") == "Workload"


def test_label_fallbacks():
    assert category_label("workload", "fi-FI") == "Työmäärä"
    assert category_label("workload", "de") == "Workload"
    assert category_label("workload", None) == "Workload"  # type: ignore[arg-type]
    assert category_label("retired_area", "sv") == "retired_area"


def test_every_domain_area_has_a_vocabulary_and_a_label_in_every_language():
    assert set(LANGUAGES) == {"sv", "fi", "en"}
    for area in AREAS:
        assert area in VOCABULARY, area
        for lang in LANGUAGES:
            assert VOCABULARY[area][lang], (area, lang)
            assert CATEGORY_LABELS[area][lang], (area, lang)


def test_nlp_invents_no_area_of_its_own():
    assert set(VOCABULARY) <= set(AREAS)
    assert set(CATEGORY_LABELS) <= set(AREAS)


def test_the_caller_decides_which_areas_there_are_and_in_what_order():
    reordered = tuple(reversed(AREAS))
    assert tuple(category_scores(["buller"], "sv", areas=reordered)) == reordered
    without_workload = tuple(area for area in AREAS if area != "workload")
    assert "workload" not in category_scores(["stress", "vikarie"], "sv", areas=without_workload)
    assert suggest_category(["stress", "vikarie"], "sv", areas=without_workload) is None
    assert suggest_category(["stress"], "sv", areas=("workload",)) == "workload"
    assert suggest_category(["stress"], "sv", areas=()) is None


def test_an_area_without_a_vocabulary_scores_nothing():
    assert dict(category_scores(["stress", "schema"], "sv", areas=("works_well",))) == {"works_well": 0.0}
    assert suggest_category(["stress"], "sv", areas=("works_well", "workload")) == "workload"


def _areas_of(texts, lang):
    lemmas = [[term.lemma for term in terms] for terms in analyse(texts, [lang] * len(texts))]
    return [vote.area for vote in answer_areas(lemmas, [lang] * len(texts), areas=AREAS)]


def test_every_demo_answer_is_filed_by_its_own_words():
    for pool in (WORKS_WELL, SHOULD_CHANGE):
        for lang, texts in pool.items():
            assert None not in _areas_of(texts, lang), lang


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Det är för många barn i grupperna och för få vuxna.", "sv", "workload"),  # not "collaboration"
        ("Bra introduktion för vikarier den senaste tiden.", "sv", "competence"),
        ("Otydligt vem som ansvarar för vad när chefen är borta.", "sv", "goals"),
        ("Tydliga rutiner för överlämning mellan passen.", "sv", "communication"),
        ("Ojämn arbetsfördelning, några får ta allt ansvar.", "sv", "workload"),
        ("Schemat är planerat i god tid och jag kan påverka mina önskemål.", "sv", "working_hours"),
        ("Körscheman i hemtjänsten är för täta, ingen tid mellan besöken.", "sv", "workload"),
        ("Vuoronvaihdon raportointi toimii hyvin.", "fi", "communication"),
    ],
)
def test_a_demo_answer_gets_the_area_it_is_about(text, lang, expected):
    assert _areas_of([text], lang) == [expected]


@pytest.mark.parametrize(
    ("swedish", "finnish"),
    [
        ("För lite personal, vi hinner inte med allt som ska göras.", "Henkilökuntaa on liian vähän, kaikkea ei ehdi."),
        ("Schemat ändras med kort varsel.", "Vuorot vaihtuvat lyhyellä varoitusajalla."),
        ("Vi får information för sent om förändringar.", "Tietoa muutoksista tulee liian myöhään."),
        ("Tunga lyft utan lyfthjälpmedel, ont i ryggen.", "Raskaat nostot ilman apuvälineitä, selkä on kipeä."),
        ("Ventilationen är dålig, det blir varmt.", "Ilmanvaihto on huono ja tiloissa on kuuma."),
        ("Jag får använda min kompetens och lära mig nya saker.", "Saan käyttää osaamistani ja oppia uutta."),
    ],
)
def test_swedish_and_finnish_answers_on_one_subject_get_one_area(swedish, finnish):
    assert _areas_of([swedish], "sv") == _areas_of([finnish], "fi") != [None]


def test_an_answer_vote_breaks_ties_by_the_word_written_first():
    votes = answer_areas([["stämning", "apt"], ["apt", "stämning"], ["lyft"], [], ["kaffe"]], ["sv"] * 5, areas=AREAS)
    assert [vote.area for vote in votes] == ["collaboration", "communication", None, None, None]
    assert dict(votes[2].scores) == {"ergonomics": 1.0, "equipment": 1.0}  # a tie on one word is left open
    assert votes[3].scores == {} and votes[4].scores == {}
    assert answer_areas([["nattskift"]], ["sv"], areas=AREAS)[0].scores == {"working_hours": COMPOUND_WEIGHT}


def test_the_closest_area_by_letters_is_a_fallback_that_never_gives_none():
    assert closest_area(["ventilationsaggregat", "luftkonditionering"], areas=AREAS) == "physical_environment"
    assert closest_area(["xyzzy"], areas=AREAS) == AREAS[0]  # nothing shared: the first area, deterministically
    assert closest_area([], areas=("goals", "workload")) == "goals"
    assert closest_area(["stress"], areas=()) is None
