"""nlp.language: Swedish, Finnish or English, and the caller's default when there is nothing to go on."""

from __future__ import annotations

import pytest

from nlp.language import LANGUAGES, detect_language, detect_languages, dominant_language

SWEDISH = [
    "För lite personal, vi hinner inte med",
    "Chefen lyssnar inte på oss när vi säger att det är för mycket",
    "Vi behöver mer tid för brukarna och bättre scheman",
]
FINNISH = [
    "Henkilökuntaa on liian vähän",
    "Esihenkilö ei kuuntele meitä, vaikka sanomme että kiirettä on liikaa",
    "Tarvitsemme lisää aikaa asiakkaille ja parempia työvuorolistoja",
]
ENGLISH = [
    "We are too few staff and cannot keep up",
    "The manager never listens when we say the workload is too heavy",
    "We need more time for the residents and better rotas",
]


def test_the_three_languages() -> None:
    assert LANGUAGES == ("sv", "fi", "en")


@pytest.mark.parametrize(("texts", "expected"), [(SWEDISH, "sv"), (FINNISH, "fi"), (ENGLISH, "en")])
def test_staff_comments(texts: list[str], expected: str) -> None:
    for text in texts:
        assert detect_language(text) == expected, text
        assert detect_language(text, default="sv") == expected, text


def test_markup_does_not_confuse_detection() -> None:
    assert detect_language("<p>Henkilökuntaa on <b>liian</b> vähän</p> https://www.example.com/staff/english") == "fi"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "12 34 56", "2024-06-11 08:30", "!!! ???", "<br><br>"])
def test_no_letters_gives_the_default(text: str) -> None:
    assert detect_language(text) is None
    assert detect_language(text, default="fi") == "fi"


@pytest.mark.parametrize("text", ["ok", "OK!", "ja", "stress"])
def test_a_weak_guess_on_a_short_text_gives_the_default(text: str) -> None:
    assert detect_language(text) is None
    assert detect_language(text, default="en") == "en"


@pytest.mark.parametrize(("text", "expected"), [("Henkilökuntaa", "fi"), ("Kiitos", "fi"), ("Mycket stress", "sv")])
def test_a_clear_short_text_is_detected(text: str, expected: str) -> None:
    assert detect_language(text, default="en") == expected


def test_an_unsupported_default_is_refused() -> None:
    with pytest.raises(ValueError, match="'de'"):
        detect_language("Hallo", default="de")
    with pytest.raises(ValueError, match="'de'"):
        detect_languages(["Hallo"], default="de")


def test_a_mixed_batch_keeps_order_and_gives_the_default_where_detection_fails() -> None:
    texts = [SWEDISH[0], FINNISH[0], ENGLISH[0], "", "😀😀", "123", "ok", SWEDISH[1], FINNISH[0]]
    assert detect_languages(texts, default="sv") == ["sv", "fi", "en", "sv", "sv", "sv", "sv", "sv", "fi"]
    assert detect_languages(texts) == ["sv", "fi", "en", None, None, None, None, "sv", "fi"]


def test_the_batch_agrees_with_one_at_a_time() -> None:
    texts = [*SWEDISH, *FINNISH, *ENGLISH, "Kiitos", "stress", "😀", "Lönen"]
    assert detect_languages(texts, default="en") == [detect_language(text, default="en") for text in texts]


def test_an_empty_batch() -> None:
    assert detect_languages([]) == []
    assert detect_languages(["", "😀"]) == [None, None]


def test_dominant_language_is_the_most_frequent() -> None:
    assert dominant_language(["fi", "fi", "sv", None, None, None]) == "fi"
    assert dominant_language(iter(["en", "sv", "en"])) == "en"


def test_dominant_language_falls_back_when_nothing_is_known() -> None:
    assert dominant_language([]) == "sv"
    assert dominant_language([None, None], fallback="fi") == "fi"
    assert dominant_language(["de", None], fallback="en") == "en"


def test_dominant_language_ties() -> None:
    assert dominant_language(["sv", "fi"], fallback="fi") == "fi"
    assert dominant_language(["en", "fi"], fallback="sv") == "fi"


def test_dominant_language_refuses_an_unsupported_fallback() -> None:
    with pytest.raises(ValueError, match="'no'"):
        dominant_language(["sv"], fallback="no")


def test_clear_sentences_are_decided_without_the_slow_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.language

    def slow_detector() -> None:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(nlp.language, "_detector", slow_detector)
    texts = [*SWEDISH, *FINNISH, *ENGLISH, "Työvuorolistat julkaistaan myöhään"]
    expected = ["sv"] * 3 + ["fi"] * 3 + ["en"] * 3 + ["fi"]
    assert detect_languages(texts) == expected
    assert [detect_language(text) for text in texts] == expected


def test_a_file_in_one_language_gives_that_language_to_what_the_votes_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.language

    def slow_detector() -> None:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(nlp.language, "_detector", slow_detector)
    finnish = [f"{text} ({n})" for n in range(40) for text in FINNISH]
    texts = [*finnish, "Kiire", "Työ 5 / 10", "!!!"]
    found = detect_languages(texts, normalised=True, majority=True)
    assert found == ["fi"] * len(finnish) + ["fi", "fi", None]


def test_a_file_in_two_languages_still_asks_lingua_about_short_answers() -> None:
    texts = [f"{text} ({n})" for n in range(25) for text in (*SWEDISH, *FINNISH)] + ["Jättebra stämning"]
    assert detect_languages(texts, majority=True)[-1] == "sv"
