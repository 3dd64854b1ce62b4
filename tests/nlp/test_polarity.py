"""Praise, problem or neither in staff comments (issue 21): the rules a reader of the themes page relies on, and the
figure on the labelled development sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.polarity import POLARITIES, polarities, polarity

DEV_SETS = [
    Path(__file__).parents[2] / "bench" / "data" / name for name in ("polarity_dev.jsonl", "polarity_dev2.jsonl")
]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Bra kollegor som hjälper varandra.", "sv"),
        ("Jag trivs väldigt bra på min arbetsplats.", "sv"),
        ("Chefen lyssnar och tar oss på allvar.", "sv"),
        ("Viihdyn todella hyvin työpaikallani.", "fi"),
        ("Esimies kuuntelee ja tiimimme toimii hyvin.", "fi"),
        ("Great colleagues who help each other.", "en"),
    ],
)
def test_praise_is_praise(text, lang):
    assert polarity(text, lang) == "praise"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("För lite personal på helgerna.", "sv"),
        ("Det är alldeles för stressigt.", "sv"),
        ("Datorerna krånglar och information saknas.", "sv"),
        ("Liian vähän henkilökuntaa viikonloppuisin.", "fi"),
        ("Tietokoneet reistailevat ja tieto muutoksista puuttuu.", "fi"),
        ("Far too stressful.", "en"),
    ],
)
def test_complaints_are_problems(text, lang):
    assert polarity(text, lang) == "problem"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Chefen lyssnar inte på oss.", "sv"),
        ("Vi hinner inte ta rast.", "sv"),
        ("Jag trivs inte längre.", "sv"),
        ("Esimies ei kuuntele meitä.", "fi"),
        ("Emme ehdi pitää taukoja.", "fi"),
        ("En viihdy enää.", "fi"),
        ("Kiitosta ei tule koskaan.", "fi"),
        ("The manager never listens to us.", "en"),
    ],
)
def test_negated_praise_is_a_problem(text, lang):
    assert polarity(text, lang) == "problem"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Det är inte stressigt längre.", "sv"),
        ("Vi har inga problem i arbetsgruppen.", "sv"),
        ("Ei ole enää niin kiire.", "fi"),
        ("Meillä ei ole ongelmia työryhmässä.", "fi"),
    ],
)
def test_a_negated_problem_is_praise(text, lang):
    assert polarity(text, lang) == "praise"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Jag önskar mer stöd från ledningen.", "sv"),
        ("Önskar tydligare information.", "sv"),
        ("Behöver fler händer i köket.", "sv"),
        ("Ledningen borde komma ut på golvet oftare.", "sv"),
        ("Toivoisin enemmän tukea johdolta.", "fi"),
        ("Johdon pitäisi käydä useammin osastolla.", "fi"),
        ("Keittiöön tarvitaan lisää käsiä.", "fi"),
        ("Olisi kiva saada enemmän palautetta.", "fi"),
        ("We need more support from management.", "en"),
    ],
)
def test_a_wish_is_a_problem(text, lang):
    assert polarity(text, lang) == "problem"


def test_a_need_that_is_met_is_no_wish():
    assert polarity("Jag får stöd när jag behöver det.", "sv") == "praise"
    assert polarity("Saan tukea silloin kun tarvitsen.", "fi") == "praise"


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Bra kollegor men för mycket att göra.", "sv", "problem"),
        ("Trevligt gäng, men chefen är aldrig här.", "sv", "problem"),
        ("Stressigt ibland, men jag trivs.", "sv", "praise"),
        ("Hyvät työkaverit, mutta liikaa töitä.", "fi", "problem"),
        ("Välillä kiirettä, mutta viihdyn hyvin.", "fi", "praise"),
        ("Nice people, but way too much work.", "en", "problem"),
    ],
)
def test_after_a_contrast_the_second_part_decides(text, lang, expected):
    assert polarity(text, lang) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Meillä on hyviä työkavereita.", "praise"),
        ("Olen hyvässä tiimissä.", "praise"),
        ("Työkavereilta saa aina apua.", "praise"),
        ("Töissä on aina kiirettä.", "problem"),
        ("Teemme työtä jatkuvassa kiireessä.", "problem"),
        ("Henkilöstöpulan takia kaikki on sekaisin.", "problem"),
    ],
)
def test_finnish_case_forms_and_compounds_are_recognised(text, expected):
    assert polarity(text, "fi") == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Yhteistyö on ollut ongelmatonta.", "fi", "praise"),
        ("Työpäivät ovat olleet stressittömiä.", "fi", "praise"),
        ("Aivan järjettömiä päätöksiä.", "fi", "problem"),
        ("Ammattitaidottomia sijaisia.", "fi", "problem"),
        ("Arbetet är stressfritt nu.", "sv", "praise"),
        ("Problemfria arbetsdagar.", "sv", "praise"),
        ("Ledningen är helt planlös.", "sv", "problem"),
    ],
)
def test_without_a_problem_is_praise_and_without_anything_else_a_problem(text, lang, expected):
    assert polarity(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Hoitajat hukkuvat kirjaamiseen.", "fi"),
        ("Työvuorot ovat yhtä sirkusta.", "fi"),
        ("Olen täysin loppuun palanut.", "fi"),
        ("Vi drunknar i mejl.", "sv"),
    ],
)
def test_complaints_in_words_no_lexicon_knows_are_problems(text, lang):
    assert polarity(text, lang) == "problem"


def test_help_in_words_no_lexicon_knows_is_praise():
    assert polarity("Kollegorna rycker alltid in.", "sv") == "praise"


@pytest.mark.parametrize(
    "no_opinion, opinion, lang",
    [
        ("Inga synpunkter.", "Inga synpunkter, men för lite personal.", "sv"),
        ("Vet inte.", "Vet inte varför chefen aldrig lyssnar.", "sv"),
        ("Vi har arbetsplatsträff på tisdagar.", "Vi har bra arbetsplatsträffar på tisdagar.", "sv"),
        ("Ei kommentoitavaa.", "Ei kommentoitavaa, kaikki toimii hyvin.", "fi"),
        ("En osaa sanoa.", "En osaa sanoa, miksi kukaan ei kuuntele.", "fi"),
        ("Minulla ei ole mielipidettä.", "Minulla ei ole aikaa taukoihin.", "fi"),
        ("We have meetings on Tuesdays.", "We have useless meetings on Tuesdays.", "en"),
    ],
)
def test_comments_without_an_opinion_are_neither(no_opinion, opinion, lang):
    assert polarity(no_opinion, lang) == "neither"
    assert polarity(opinion, lang) != "neither"


def test_many_comments_keep_their_order_and_unknown_languages_are_guessed():
    texts = ["Vi har roligt tillsammans på jobbet.", "Otydligt vem som ansvarar för vad.", "Liian vähän aikaa.", ""]
    assert polarities(texts, [None, "sv", None, "fi"]) == ["praise", "problem", "problem", "neither"]
    assert set(polarities(texts, ["sv"] * 4)) <= set(POLARITIES)


def test_at_least_four_in_five_of_the_development_sets_are_right():
    rows = [
        json.loads(line) for path in DEV_SETS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(rows) >= 300 and {row["lang"] for row in rows} >= {"sv", "fi"}
    guessed = polarities([row["text"] for row in rows], [row["lang"] for row in rows])
    right = sum(guess == row["label"] for guess, row in zip(guessed, rows, strict=True))
    assert right / len(rows) >= 0.8, f"{right}/{len(rows)}"


def test_normalised_texts_in_known_languages_get_the_same_polarity_scored_once_each(monkeypatch):
    import nlp.polarity
    from nlp.normalise import normalise
    from nlp.polarity import polarities_of

    texts = ["Vi har roligt tillsammans på jobbet.", "Otydligt vem  som ansvarar för vad.", "Liian vähän aikaa.", ""]
    texts = [normalise(text) for text in texts] * 50
    langs = ["sv", "sv", "fi", "fi"] * 50
    scored: list[list[str]] = []
    real = nlp.polarity._score_tokens
    monkeypatch.setattr(nlp.polarity, "_score_tokens", lambda words, *rest: scored.append(words) or real(words, *rest))
    assert polarities_of(texts, langs) == polarities(texts, langs) == ["praise", "problem", "problem", "neither"] * 50
    assert len(scored) == 2 * 4
