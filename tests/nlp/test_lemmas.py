"""nlp.lemmas: content words with lemmas, stop words out, and a fast batch path that agrees with the one-text path."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from spacy.util import get_lang_class

import nlp.lemmas
from nlp.language import LANGUAGES
from nlp.lemmas import DOMAIN_STOP_WORDS, Term, analyse, lemma, preload, stop_words, terms


def lemmas(text: str, lang: str) -> list[str]:
    return [term.lemma for term in terms(text, lang)]


def test_term_is_a_frozen_pair() -> None:
    term = Term(lemma="chef", surface="cheferna")
    assert (term.lemma, term.surface) == ("chef", "cheferna")
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.lemma = "boss"  # type: ignore[misc]


def test_swedish_lemmas() -> None:
    assert terms("Cheferna lyssnar inte", "sv") == [Term("chef", "cheferna"), Term("lyssna", "lyssnar")]
    assert lemmas("Kollegorna och patienterna på mötena", "sv") == ["kollega", "patient", "möte"]


def test_english_lemmas() -> None:
    assert terms("The nurses and the children", "en") == [Term("nurse", "nurses"), Term("child", "children")]


def test_finnish_lemmas() -> None:
    assert terms("Esihenkilöt eivät kuuntele", "fi") == [
        Term("esihenkilö", "esihenkilöt"),
        Term("kuunnella", "kuuntele"),
    ]
    assert lemmas("Työvuorot ja sairauspoissaolot", "fi") == ["työvuoro", "sairauspoissaolo"]


def test_the_surface_is_the_word_as_written_lower_cased() -> None:
    assert terms("LÖNEN", "sv") == [Term("lön", "lönen")]
    assert terms("Patienterna", "sv")[0].surface == "patienterna"


def test_a_base_form_keeps_itself_where_the_table_knows_a_homograph() -> None:
    # spaCy's Swedish table has "lön" -> "löna", "stress" -> "stressa", "stöd" -> "stödja": one theme, two lemmas.
    assert lemmas("lön lönen löner", "sv") == ["lön", "lön", "lön"]
    assert lemmas("stress stressen", "sv") == ["stress", "stress"]
    assert lemmas("stöd stödet", "sv") == ["stöd", "stöd"]
    assert lemmas("sjuk sjuka trött trötta", "sv") == ["sjuk", "sjuk", "trött", "trött"]
    assert lemmas("meeting meetings training", "en") == ["meeting", "meeting", "training"]


def test_swedish_present_tense_is_not_read_as_an_agent_noun() -> None:
    # The table has "lyssnar" -> "lyssnare" (a listener).
    assert lemmas("lyssnar lyssnade", "sv") == ["lyssna", "lyssna"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("och jag har det är att", "sv"),
        ("jobbet arbetet arbetsplatsen känns tycker väldigt", "sv"),
        ("ja on ei se hyvä työ työpaikka mielestäni", "fi"),
        ("the and is good work job really", "en"),
    ],
)
def test_stop_words_are_dropped(text: str, lang: str) -> None:
    assert terms(text, lang) == []


def test_a_word_whose_lemma_is_a_stop_word_is_dropped() -> None:
    assert "jobbade" not in stop_words("sv")
    assert "jobba" in stop_words("sv")
    assert terms("jobbade", "sv") == []


def test_stop_words_are_spacys_and_the_domain_lists() -> None:
    for lang in LANGUAGES:
        words = stop_words(lang)
        assert DOMAIN_STOP_WORDS[lang] <= words
        assert all(word == word.lower() for word in words)
        assert len(get_lang_class(lang).Defaults.stop_words - words) <= 3
    assert {"och", "jobbet", "bra", "tycker"} <= stop_words("sv")
    assert {"ja", "hyvä", "työ", "mielestäni"} <= stop_words("fi")
    assert {"the", "good", "work", "feel"} <= stop_words("en")


def test_domain_stop_word_lists_are_modest() -> None:
    assert set(DOMAIN_STOP_WORDS) == set(LANGUAGES)
    for words in DOMAIN_STOP_WORDS.values():
        assert 30 <= len(words) <= 60
        assert all(word == word.lower() and word.isalpha() for word in words)


def test_short_words_numbers_and_punctuation_are_dropped() -> None:
    assert lemmas("x 1 2x 3,5 % ... - lön!", "sv") == ["lön"]


def test_markup_urls_and_emoji_are_not_terms() -> None:
    text = "<p>Chefen 😀 lyssnar</p><script>var personal = 1;</script> https://intranat.kommun.se/personal"
    assert lemmas(text, "sv") == ["chef", "lyssna"]


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "<br>", "12 34"])
def test_nothing_to_say(text: str) -> None:
    assert terms(text, "sv") == []


def test_one_word() -> None:
    assert terms("Stressen", "sv") == [Term("stress", "stressen")]


def test_a_ten_thousand_character_text() -> None:
    text = ("Personalen är trött och cheferna lyssnar inte. " * 250)[:9_990].rsplit(" ", 1)[0].ljust(10_000, "!")
    assert len(text) == 10_000
    found = terms(text, "sv")
    assert len(found) > 500
    assert {term.lemma for term in found} == {"personal", "trött", "chef", "lyssna"}


@pytest.mark.parametrize("function", [lambda: terms("Hallo", "de"), lambda: stop_words("de")])
def test_an_unknown_language_is_refused_by_name(function: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="'de'"):
        function()


def test_preload_loads_known_languages_and_refuses_others() -> None:
    preload(["sv", "en"])
    with pytest.raises(ValueError, match="'de'"):
        preload(["de"])


def test_analyse_refuses_an_unknown_language_by_name() -> None:
    with pytest.raises(ValueError, match="'xx'"):
        analyse(["Hej", "Moi"], ["sv", "xx"])


def test_analyse_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        analyse(["Hej", "Moi"], ["sv"])
    with pytest.raises(ValueError):
        analyse(["Hej"], ["sv"], batch_size=0)


def test_analyse_keeps_order_and_length_and_agrees_with_terms() -> None:
    texts = [
        "Cheferna lyssnar inte",
        "Esihenkilöt eivät kuuntele",
        "",
        "The nurses are tired",
        "😀",
        "Lönen är för låg",
        "<b>Palkka</b> on liian pieni",
        "Cheferna lyssnar inte",
    ]
    langs = ["sv", "fi", "sv", "en", "fi", "sv", "fi", "sv"]
    result = analyse(texts, langs, batch_size=2)
    assert len(result) == len(texts)
    assert result == [terms(text, lang) for text, lang in zip(texts, langs, strict=True)]
    assert result[0] == [Term("chef", "cheferna"), Term("lyssna", "lyssnar")]
    assert result[2] == [] and result[4] == []


def test_analyse_of_nothing() -> None:
    calls: list[int] = []
    assert analyse([], [], progress=calls.append) == []
    assert calls == [0]


def test_analyse_analyses_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = nlp.lemmas.normalise

    def counting(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(nlp.lemmas, "normalise", counting)
    texts = ["För lite personal", "Henkilökuntaa on liian vähän"] * 3000 + ["För lite personal"]
    langs = ["sv", "fi"] * 3000 + ["fi"]
    result = analyse(texts, langs)
    assert sorted(seen) == sorted(["För lite personal", "Henkilökuntaa on liian vähän", "För lite personal"])
    assert len(result) == 6001
    assert all(found == [Term("personal", "personal")] for found in result[0:6000:2])
    assert all(found == [Term("henkilökunta", "henkilökuntaa")] for found in result[1:6000:2])


def test_analyse_reports_progress() -> None:
    calls: list[int] = []
    texts = [f"Chefen nummer {index} lyssnar" for index in range(25)] + ["Chefen nummer 0 lyssnar"] * 5
    analyse(texts, ["sv"] * len(texts), batch_size=10, progress=calls.append)
    assert len(calls) >= 3
    assert calls == sorted(calls)
    assert calls[-1] == len(texts)


@pytest.mark.parametrize(
    ("word", "lang", "known"),
    [
        ("työpaikalla", "fi", True),
        ("kissa", "fi", True),
        ("kajsa", "fi", False),
        ("chefen", "sv", True),
        ("arbetsplats", "sv", True),
        ("kajsa", "sv", False),
        ("meetings", "en", True),
        ("qwzx", "en", False),
    ],
)
def test_is_word_knows_the_words_of_the_lemma_tables(word: str, lang: str, known: bool) -> None:
    assert nlp.lemmas.is_word(word, lang) is known


def test_finnish_never_waits_for_simplemma_to_decode_its_own_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    from simplemma.strategies.dictionaries import dictionary_factory

    nlp.lemmas.preload(["fi"])  # builds the compact table once on a fresh machine
    dictionary_factory.DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()

    def slow_decoding(_lang: str) -> None:
        raise AssertionError("simplemma decoded its dictionary")

    monkeypatch.setattr(dictionary_factory, "_load_dictionary_from_disk", slow_decoding)
    nlp.lemmas._lemmatiser.cache_clear()
    nlp.lemmas._word_analyser.cache_clear()
    nlp.lemmas._chunk_analyser.cache_clear()
    try:
        assert lemmas("Työpaikalla on liian vähän sijaisia ja kiirettä", "fi") == ["sijainen", "kiire"]
        assert nlp.lemmas.lemma("hyviä", "fi") == "hyvä"
        assert nlp.lemmas.is_word("työpaikalla", "fi") and not nlp.lemmas.is_word("kajsa", "fi")
    finally:
        nlp.lemmas._lemmatiser.cache_clear()
        nlp.lemmas._word_analyser.cache_clear()
        nlp.lemmas._chunk_analyser.cache_clear()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Esim. työ- ja perhe-elämä, EU:n asiat (kuten palkka) sekä 'johtaminen'!", "fi"),
        ("T.ex. chefen, bl.a. arbetsmiljö-frågor & stress!! :) ca. 5 st.", "sv"),
        ("We cannot cope, e.g. the manager's rota; don't you think? U.S. staff. Gonna quit.", "en"),
        ("«Lön» — “för” låg? Nej... (inte) alls: A. Ab.", "sv"),
    ],
)
def test_a_batch_tokenizes_every_word_as_spacy_does_on_the_whole_text(text: str, lang: str) -> None:
    tokens = nlp.lemmas._blank(lang)(nlp.lemmas.normalise(text))
    expected = [token.lower_ for token in tokens if nlp.lemmas._word_analyser(lang)(token.lower_) is not None]
    assert [term.surface for term in analyse([text, text + " extra"], [lang, lang])[0]] == expected


def test_each_new_word_reaches_simplemma_once_for_analysis_and_lemma(monkeypatch: pytest.MonkeyPatch) -> None:
    from simplemma import Lemmatizer

    asked: list[str] = []
    real = Lemmatizer.lemmatize

    def counting(self: Lemmatizer, token: str, lang: str) -> str:
        asked.append(token)
        return real(self, token, lang)

    monkeypatch.setattr(Lemmatizer, "lemmatize", counting)
    word = "kahvinkeittimettömyydestämme"  # in no table: simplemma's slower strategies decide
    first = analyse([f"Puhumme {word}.", f"{word.capitalize()} taas"], ["fi", "fi"], normalised=True)
    assert first[0][-1] == first[1][0] and lemma(word, "fi") == first[0][-1].lemma
    assert asked.count(word) <= 1
