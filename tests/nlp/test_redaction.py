"""Redaction of e-mail addresses, identity numbers, phone numbers and names in realistic Swedish/Finnish answers."""

from __future__ import annotations

import random

import pytest

from nlp.names import AMBIGUOUS_NAMES, FIRST_NAMES, NOT_NAMES
from nlp.redaction import KINDS, PLACEHOLDERS, Redaction, redact, redact_text

NAME, ID, PHONE, EMAIL = (PLACEHOLDERS[kind] for kind in ("name", "id", "phone", "email"))


def test_placeholders_are_language_neutral_tokens():
    assert dict(PLACEHOLDERS) == {"email": "[EMAIL]", "id": "[ID]", "phone": "[PHONE]", "name": "[NAME]"}
    assert set(KINDS) == set(PLACEHOLDERS)


def test_the_example_from_the_brief():
    result = redact("Ring mig på 070-123 45 67 eller mejla anna.svensson@kommun.se")
    assert result.text == f"Ring mig på {PHONE} eller mejla {EMAIL}"
    assert dict(result.counts) == {"email": 1, "id": 0, "phone": 1, "name": 0}
    assert result.total == 2
    assert isinstance(result, Redaction)


# --- e-mail ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skriv till anna.svensson@kommun.se.", f"Skriv till {EMAIL}."),
        ("Lähetä viesti osoitteeseen matti.virtanen@hel.fi, kiitos", f"Lähetä viesti osoitteeseen {EMAIL}, kiitos"),
        ("mejl: Åsa.Öberg+hr@vård.region-x.se", f"mejl: {EMAIL}"),
        ("anna.svensson (at) kommun.se svarar aldrig", f"{EMAIL} svarar aldrig"),
        ("Kontakta hr[at]kommun.se", f"Kontakta {EMAIL}"),
    ],
)
def test_email_addresses(text, expected):
    assert redact_text(text) == expected


def test_an_at_sign_alone_is_not_an_address():
    for text in ("Vi möts @ fikarummet", "Betyg 4 @ 5", "a@b"):
        assert redact_text(text) == text


# --- identity numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "811218-9876",  # YYMMDD-NNNN, correct Luhn digit
        "811218+9876",  # over 100 years old
        "19811218-9876",  # YYYYMMDD-NNNN
        "198112189876",  # YYYYMMDDNNNN, Luhn correct
        "8112189876",  # YYMMDDNNNN, Luhn correct
        "701063-2391",  # samordningsnummer: day 03 + 60
        "7010632391",
        "811218–9876",  # en dash from a word processor
    ],
)
def test_swedish_personnummer_and_samordningsnummer(number):
    result = redact(f"Mitt personnummer är {number}, ring inte.")
    assert result.text == f"Mitt personnummer är {ID}, ring inte."
    assert result.counts["id"] == 1


def test_with_a_separator_a_wrong_luhn_digit_is_still_an_identity_number():
    # People mistype; the number is personal all the same.
    assert redact_text("Mitt personnummer är 811218-9875") == f"Mitt personnummer är {ID}"
    assert redact_text("pnr 19811218-9875") == f"pnr {ID}"


def test_without_a_separator_the_luhn_digit_decides():
    assert redact_text("Ärende 8112189875 är stängt") == "Ärende 8112189875 är stängt"  # wrong check digit
    assert redact_text("Ärende 198112189875 är stängt") == "Ärende 198112189875 är stängt"
    assert redact_text("Ärende 8112189876 är stängt") == f"Ärende {ID} är stängt"


@pytest.mark.parametrize(
    "text",
    [
        "Organisationsnummer 212000-1142",  # month 20: not a date
        "Kod 811232-9876",  # 32 December
        "Kod 19810229-1234",  # 29 February 1981 does not exist
        "Kod 811250-9876",  # day 50: neither a birth day nor a samordningsnummer day (61-91)
    ],
)
def test_invalid_dates_are_not_personnummer(text):
    assert redact_text(text) == text


def test_with_a_two_digit_year_29_february_may_be_a_leap_day():
    assert redact_text("Kod 840229-1234") == f"Kod {ID}"


@pytest.mark.parametrize(
    "number",
    ["131052-308T", "131052-308t", "010120A123K", "010120a123k", "290200A1239", "311299-1236"],
)
def test_finnish_henkilotunnus(number):
    result = redact(f"Henkilötunnukseni on {number} eikä muuta.")
    assert result.text == f"Henkilötunnukseni on {ID} eikä muuta."
    assert result.counts["id"] == 1


@pytest.mark.parametrize("text", ["Koodi 131052-308U", "Koodi 310299-1236", "Koodi 290201A1239"])
def test_finnish_henkilotunnus_needs_the_check_character_and_a_real_date(text):
    assert redact_text(text) == text


# --- phone numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "0046 70 123 45 67",
        "+46 (0)70-123 45 67",
        "08-123 456 78",
        "(08) 123 456 78",
        "+46 8 123 456 78",
        "031-12 34 56",
        "0480-123 45",
        "040 123 4567",
        "040-1234567",
        "+358 40 123 4567",
        "+358401234567",
        "09 1234 5678",
        "050 123 456",
    ],
)
def test_swedish_and_finnish_phone_numbers(number):
    result = redact(f"Ring {number} efter lunch.")
    assert result.text == f"Ring {PHONE} efter lunch."
    assert result.counts["phone"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Mötet är 2026-11-24 kl 08.00-16.30",
        "Kokous on 24.11.2026 klo 8.00–16.30",
        "Vi jobbar 0800-1630 varje dag",
        "Från 01-02-2026 gäller nytt schema",
        "3 av 12 kollegor",
        "Det kostar 1 500 kr per månad",
        "25 % av oss vill byta jobb, 2026 blir värre",
        "Sijaisia oli 0 kpl, tarvitaan 10 000 euroa",
        "Det är 0,5 tjänst och 100 procent",
        "Postnummer 123 45 och 00100 Helsinki",
        "Vi var 8-12 personer",
    ],
)
def test_dates_times_years_percentages_money_and_small_numbers_are_not_phone_numbers(text):
    result = redact(text)
    assert result.text == text
    assert result.total == 0


def test_a_phone_number_does_not_swallow_the_number_after_it():
    assert redact_text("Ring 070-123 45 67 12 gånger") == f"Ring {PHONE} 12 gånger"
    assert redact_text("Ring 070-123 45 67 3 gånger") == f"Ring {PHONE} 3 gånger"


# --- names ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chefen Bengt lyssnar aldrig", f"Chefen {NAME} lyssnar aldrig"),
        ("Esihenkilö Raimo Virtanen ei kuuntele", f"Esihenkilö {NAME} ei kuuntele"),
        ("Jag har pratat med Anna Svensson om schemat", f"Jag har pratat med {NAME} om schemat"),
        ("Eva och Lars jobbar alltid helger", f"{NAME} och {NAME} jobbar alltid helger"),
        ("Anna-Karin Lindqvist-Berg är bäst", f"{NAME} är bäst"),
        ("Fråga Anna S. om nycklarna", f"Fråga {NAME}. om nycklarna"),
        ("Mohammed och Fatima täcker upp när Ahmed är sjuk", f"{NAME} och {NAME} täcker upp när {NAME} är sjuk"),
        ("Pirjo ja Tiina tekevät kaikki yövuorot", f"{NAME} ja {NAME} tekevät kaikki yövuorot"),
        ("Sanna sanoi, että Jukka ja Päivi auttavat", f"{NAME} sanoi, että {NAME} ja {NAME} auttavat"),
        ("Leena ja Matti hoitavat, Juha ei", f"{NAME} ja {NAME} hoitavat, {NAME} ei"),
    ],
)
def test_listed_first_names_and_their_surnames(text, expected):
    assert redact_text(text) == expected


def test_one_placeholder_per_person_is_counted():
    result = redact("Anna Maria Svensson och Erik Johansson")
    assert result.text == f"{NAME} och {NAME}"
    assert result.counts["name"] == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chefen Gösta säger att det inte finns pengar", f"Chefen {NAME} säger att det inte finns pengar"),
        ("Vi tycker att kollegan Zlatan gör ett bra jobb", f"Vi tycker att kollegan {NAME} gör ett bra jobb"),
        ("min kollega Dagny har slutat", f"min kollega {NAME} har slutat"),
        ("Vår chef Urban Ek är sällan här", f"Vår chef {NAME} är sällan här"),
        ("Enhetschefen Bojan svarar inte", f"Enhetschefen {NAME} svarar inte"),
        ("sjuksköterskan Gerd och undersköterskan Birger", f"sjuksköterskan {NAME} och undersköterskan {NAME}"),
        ("Den nya vikarien heter Tindra", f"Den nya vikarien heter {NAME}"),
        ("esihenkilö Urho ei vastaa puhelimeen", f"esihenkilö {NAME} ei vastaa puhelimeen"),
        ("Työkaveri Reino auttaa aina, esimies Aulis ei", f"Työkaveri {NAME} auttaa aina, esimies {NAME} ei"),
        ("hoitaja Tuure ja uusi sijainen nimeltä Ulpu", f"hoitaja {NAME} ja uusi sijainen nimeltä {NAME}"),
        ("My manager Brenda never listens", f"My manager {NAME} never listens"),
        ("a new nurse called Keisha started", f"a new nurse called {NAME} started"),
        ("Dr. Nyström ringde", f"Dr. {NAME} ringde"),
    ],
)
def test_a_capitalised_word_after_a_cue_word_is_a_name(text, expected):
    assert redact_text(text) == expected


def test_cue_words_do_not_reach_across_lines_sentences_or_lower_case_words():
    # (a listed name at a line's start is a name since issue 21, so the word after the line break is no name here)
    text = "Vi saknar chefen. Tyvärr är det så. Kollegan\nIngen kom. chefen sa nej"
    assert redact_text(text) == text


def test_a_weekday_or_month_after_a_cue_word_is_not_a_name():
    text = "We told the manager Monday and the boss January"
    assert redact_text(text) == text


def test_names_are_case_sensitive():
    assert redact_text("Väggarna är rosa och ljusa") == "Väggarna är rosa och ljusa"
    assert redact_text("Jag ringde Rosa igår") == f"Jag ringde {NAME} igår"


@pytest.mark.parametrize(
    "text",
    [
        "Per vecka jobbar vi fyrtio timmar.",
        "Hans chef är aldrig här.",
        "Inga vikarier kommer på helgerna.",
        "Bo nära jobbet är en fördel.",
        "Mina kollegor är fantastiska.",
        "Kai se on niin, että kiire on kova.",
        "Satu on kaunis, mutta työ on raskasta.",
        "Max tre personer får vara i rummet.",
        "Rosa väggar i personalrummet.",
    ],
)
def test_ambiguous_names_at_sentence_start_are_words(text):
    assert redact_text(text) == text
    assert redact_text("Det var bra. " + text) == "Det var bra. " + text


def test_ambiguous_names_are_names_mid_sentence_after_a_cue_or_with_a_surname():
    assert redact_text("Jag pratade med Hans igår") == f"Jag pratade med {NAME} igår"
    assert redact_text("Per Andersson håller inte med") == f"{NAME} håller inte med"
    text = "Kollegan Per sa nej. Kai Virtanen sanoi kyllä."
    assert redact_text(text) == f"Kollegan {NAME} sa nej. {NAME} sanoi kyllä."


def test_inflected_names():
    assert redact_text("Puhuin Mikon kanssa ja sitten Matille") == f"Puhuin {NAME} kanssa ja sitten {NAME}"
    assert redact_text("Kerroin Annalle ja myös Erikille") == f"Kerroin {NAME} ja myös {NAME}"
    assert redact_text("Vi pratade om Annas schema") == f"Vi pratade om {NAME} schema"
    assert redact_text("Annas schema är konstigt") == f"{NAME} schema är konstigt"
    assert redact_text("I think Anna's plan works") == f"I think {NAME} plan works"


def test_inflected_forms_at_sentence_start_stay_when_they_can_be_words():
    # Finnish "annan" = I give; Swedish "Annan" = other. At a sentence start only the Swedish genitive counts.
    for text in ("Annan personal har det bättre.", "Annan sinulle palautetta."):
        assert redact_text(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Förskolan Solrosen behöver fler vikarier",
        "Vi på förskolan Linnea saknar en kock",
        "Avdelningen Lilla Björn har för många barn",
        "Päiväkoti Aino tarvitsee lisää henkilökuntaa",
        "Vi behöver mer tid i maj",
        "Omtanke är ett bra verktyg. Måndag är värst.",
        "Vi använder Teams och Outlook för allt",
        "Jag tycker att Kommunal borde engagera sig",
    ],
)
def test_places_weekdays_months_and_products_are_not_names(text):
    assert redact_text(text) == text


def test_extra_names_are_whole_words_in_any_case():
    staff = ["Ingegerd", "Loviisa Heikkinen", "bengt"]
    # (a capitalised "Ingegerdsson" is a surname by its shape since issue 21, so the whole-word check is lower-case)
    assert redact_text("ingegerd och INGEGERD och ingegerdsson", staff) == f"{NAME} och {NAME} och ingegerdsson"
    assert redact_text("puhuin loviisa heikkinen kanssa", staff) == f"puhuin {NAME} kanssa"
    assert redact_text("Bengt Karlsson och bengt", staff) == f"{NAME} och {NAME}"


def test_the_words_of_a_multi_word_extra_name_count_on_their_own_when_capitalised():
    staff = ["Loviisa Heikkinen"]
    assert redact_text("Loviisa sanoi että Heikkinen on lomalla", staff) == f"{NAME} sanoi että {NAME} on lomalla"
    assert redact_text("Puhuin Loviisa Heikkisen kanssa", staff) == f"Puhuin {NAME} kanssa"
    assert redact_text("loviisa on kaupunki", staff) == "loviisa on kaupunki"


def test_extra_names_that_are_also_words_must_be_capitalised():
    staff = ["Per", "Maj"]
    assert redact_text("Tre gånger per vecka, Per sa det i maj", staff) == f"Tre gånger per vecka, {NAME} sa det i maj"


def test_extra_names_accept_odd_input():
    assert redact_text("Anna och Ingegerd", "Ingegerd") == f"{NAME} och {NAME}"  # one name as a string
    assert redact_text("Anna", [None, "", "  ", 3]) == NAME  # type: ignore[list-item]
    assert redact_text("Ingegerd", (name for name in ["Ingegerd"])) == NAME


def test_the_name_list():
    assert 300 <= len(FIRST_NAMES) <= 550
    for name in ("Anna", "Maria", "Erik", "Lars", "Karin", "Johan", "Eva", "Mohammed", "Ahmed", "Fatima", "Aino"):
        assert name in FIRST_NAMES
    for name in ("Juha", "Mikko", "Pirjo", "Tiina", "Sanna", "Jukka", "Leena", "Matti", "Päivi"):
        assert name in FIRST_NAMES
    assert AMBIGUOUS_NAMES <= FIRST_NAMES
    assert not FIRST_NAMES & NOT_NAMES
    assert all(name[0].isupper() and name[1:].islower() for name in FIRST_NAMES)


# --- everything together, totality, idempotence, speed ---------------------------------------------------------

NOTES = [
    "Ring mig på 070-123 45 67 eller mejla anna.svensson@kommun.se",
    "Chefen Bengt lyssnar aldrig. Per vecka har vi två APT.",
    "Esihenkilö Raimo Virtanen ei kuuntele, soita 040 123 4567",
    "Mitt personnummer är 811218-9876 och min kollega Zlatan vet det",
    "Henkilötunnukseni on 131052-308T, Pirjo tietää",
    "Mötet är 2026-11-24 kl 08.00-16.30 på Förskolan Solrosen",
    "3 av 12 kollegor är sjukskrivna i maj. Hans chef säger inget.",
    "Anna S. och Per Andersson ringer +46 8 123 456 78",
    "Puhuin Mikon kanssa: mikko.virtanen@hel.fi, +358 40 123 4567",
    "Kollegan Per sa 😊 att \u200fمحمد\u200f och Mohammed kommer",
]


def test_a_whole_answer():
    text = (
        "Chefen Bengt Karlsson ringde från 070-123 45 67 och bad mig mejla mitt personnummer 811218-9876 "
        "till bengt.karlsson@kommun.se. Mötet är 2026-11-24 kl 08.00-16.30 på Förskolan Solrosen; "
        "3 av 12 kollegor kommer, Anna och Per Andersson också."
    )
    result = redact(text)
    assert result.text == (
        f"Chefen {NAME} ringde från {PHONE} och bad mig mejla mitt personnummer {ID} "
        f"till {EMAIL}. Mötet är 2026-11-24 kl 08.00-16.30 på Förskolan Solrosen; "
        f"3 av 12 kollegor kommer, {NAME} och {NAME} också."
    )
    assert dict(result.counts) == {"email": 1, "id": 1, "phone": 1, "name": 3}


@pytest.mark.parametrize("text", ["", " ", "\n", "😊" * 50, "\u200f\u200e\u202e", "[NAME]", "[", "@", "+", "0"])
def test_odd_texts(text):
    result = redact(text)
    assert result.text == text
    assert result.total == 0


def test_never_raises_on_non_strings():
    assert redact(None).text == ""  # type: ignore[arg-type]
    assert redact(8112189876).text == ID  # type: ignore[arg-type]


def test_decomposed_characters_are_normalised():
    assert redact_text("Kollegan A\u030asa sa nej") == f"Kollegan {NAME} sa nej"


def test_ten_thousand_characters():
    text = " ".join(NOTES) * 20
    text = text[:10_000]
    result = redact(text)
    assert NAME in result.text and PHONE in result.text and ID in result.text and EMAIL in result.text
    assert redact_text(result.text) == result.text


@pytest.mark.parametrize("text", NOTES)
def test_idempotent_on_realistic_notes(text):
    once = redact_text(text)
    assert redact_text(once) == once
    assert redact(once).total == 0


def test_idempotent_on_random_mixtures():
    rng = random.Random(20261124)
    pieces = [
        *"Anna Per Hans Bo Kai Rosa rosa Svensson Mikon Annas chefen kollegan esihenkilö Förskolan Måndag".split(),
        *"070-123 45 67 0701234567 +46 8 123 811218-9876 8112189876 131052-308T 2026-11-24 08.00-16.30 3 12".split(),
        *"anna@kommun.se [NAME] [ID] [PHONE] [EMAIL] . , ; : ! ? - ( ) \n 😊 \u200f ä Å".split(" "),
        " ",
        "  ",
    ]
    extras = ["Ingegerd", "Per", "lisa karlsson"]
    for _ in range(5000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        once = redact_text(text, extras)
        assert redact_text(once, extras) == once, text
