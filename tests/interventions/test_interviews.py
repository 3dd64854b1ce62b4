"""Interview guides (default guide, text format, JSON) and the rules for compiling interview notes. Plain Python."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.interview_guides import DEFAULT_GUIDE_PATH
from interventions.interviews import (
    LANGUAGES,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    MAX_THEMES,
    MAX_TITLE_LENGTH,
    MESSAGE_BAD_DATA,
    MESSAGE_BAD_THEME_LINE,
    MESSAGE_DUPLICATE_KEY,
    MESSAGE_EMPTY_GUIDE,
    MESSAGE_EMPTY_QUESTION,
    MESSAGE_NO_QUESTIONS,
    MESSAGE_QUESTION_BEFORE_THEME,
    MESSAGE_QUESTION_TOO_LONG,
    MESSAGE_RESERVED_KEY,
    MESSAGE_TITLE_TOO_LONG,
    MESSAGE_TOO_MANY_QUESTIONS,
    MESSAGE_TOO_MANY_THEMES,
    MESSAGE_UNEXPECTED_LINE,
    MESSAGE_UNKNOWN_LANGUAGE,
    OTHER,
    THEME_KEYS,
    Coverage,
    Guide,
    GuideError,
    GuideTheme,
    NoteFact,
    ThemeSummary,
    coverage,
    default_guide,
    guide_from_json,
    guide_to_json,
    guide_to_text,
    parse_guide,
    shown_to_work_group,
    summarise_themes,
)

EXPECTED_KEYS = (
    "workload",
    "working_hours",
    "leadership",
    "communication",
    "collaboration",
    "victimisation",
    "goals",
    "ergonomics",
    "equipment",
    "physical_environment",
    "works_well",
    "suggestions",
)
EXPECTED_SV_TITLES = (
    "Arbetsbelastning",
    "Arbetstid och återhämtning",
    "Ledarskap och styrning",
    "Kommunikation och återkoppling",
    "Samarbete och arbetsklimat",
    "Kränkande särbehandling",
    "Mål och förväntningar",
    "Ergonomi och fysisk belastning",
    "Utrustning och arbetsredskap",
    "Fysisk arbetsmiljö",
    "Det som fungerar bra",
    "Förslag",
)


def guide_text(*themes: tuple[str, str, int]) -> str:
    """A guide text with themes ``(key, title, number of questions)``."""
    blocks = []
    for key, title, count in themes:
        blocks.append("\n".join([f"## {key}: {title}", *(f"- Fråga {n}?" for n in range(1, count + 1))]))
    return "\n\n".join(blocks) + "\n"


def parse_error(text: str, language: str = "sv") -> GuideError:
    with pytest.raises(GuideError) as info:
        parse_guide(text, language)
    return info.value


# --- the default guide ----------------------------------------------------------------------------------------------


def test_theme_keys_constant() -> None:
    assert THEME_KEYS == EXPECTED_KEYS
    assert OTHER == "other"
    assert OTHER not in THEME_KEYS
    assert LANGUAGES == ("sv", "fi", "en")


def test_default_json_has_the_twelve_themes_in_every_language() -> None:
    data = json.loads(DEFAULT_GUIDE_PATH.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert tuple(theme["key"] for theme in data["themes"]) == EXPECTED_KEYS
    assert tuple(theme["title"]["sv"] for theme in data["themes"]) == EXPECTED_SV_TITLES
    for theme in data["themes"]:
        assert set(theme) == {"key", "title", "questions"}
        assert set(theme["title"]) == set(LANGUAGES)
        assert all(theme["title"][language].strip() for language in LANGUAGES)
        assert 3 <= len(theme["questions"]) <= 5, theme["key"]
        for question in theme["questions"]:
            assert set(question) == set(LANGUAGES)
            assert all(question[language].strip() for language in LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_guide(language: str) -> None:
    guide = default_guide(language)
    assert guide.language == language
    assert guide.keys() == EXPECTED_KEYS
    for theme in guide.themes:
        assert theme.title.strip()
        assert len(theme.questions) >= 3
        assert all(question.endswith("?") or question.endswith(".") for question in theme.questions)
    assert default_guide(language) is guide  # loaded once


def test_default_guide_wording() -> None:
    assert default_guide("sv").theme("workload").title == "Arbetsbelastning"
    assert default_guide("fi").theme("leadership").title == "Johtaminen ja esihenkilötyö"
    assert default_guide("en").theme("works_well").title == "What works well"
    finnish = " ".join(question for theme in default_guide("fi").themes for question in theme.questions)
    assert "esihenkilö" in finnish
    assert "esimie" not in finnish.casefold()


def test_default_guide_questions_differ_between_languages() -> None:
    sv, fi, en = (default_guide(language) for language in LANGUAGES)
    for key in EXPECTED_KEYS:
        assert len(sv.theme(key).questions) == len(fi.theme(key).questions) == len(en.theme(key).questions)
        assert set(sv.theme(key).questions).isdisjoint(fi.theme(key).questions)
        assert set(sv.theme(key).questions).isdisjoint(en.theme(key).questions)


@pytest.mark.parametrize("language", ["de", "SV", "", "sv-SE"])
def test_default_guide_unknown_language(language: str) -> None:
    with pytest.raises(ValueError) as info:
        default_guide(language)
    assert isinstance(info.value, GuideError)
    assert info.value.message == MESSAGE_UNKNOWN_LANGUAGE


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_guide_round_trips_through_text(language: str) -> None:
    guide = default_guide(language)
    text = guide_to_text(guide)
    assert parse_guide(text, language) == guide
    assert guide_to_text(parse_guide(text, language)) == text


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_guide_round_trips_through_json(language: str) -> None:
    guide = default_guide(language)
    data = guide_to_json(guide)
    assert json.loads(json.dumps(data)) == data
    assert guide_from_json(data) == guide


def test_guide_theme_lookup() -> None:
    guide = default_guide("sv")
    assert guide.theme("goals") == guide.themes[6]
    with pytest.raises(KeyError):
        guide.theme(OTHER)
    with pytest.raises(KeyError):
        guide.theme("nonexistent")


# --- the text format ------------------------------------------------------------------------------------------------


def test_guide_to_text_format() -> None:
    guide = Guide(
        "sv",
        (
            GuideTheme(
                "workload", "Arbetsbelastning", ("Hur ser en vanlig arbetsdag ut för dig?", "När blir det för mycket?")
            ),
            GuideTheme("extra_theme", "Ett eget tema", ("Något mer?",)),
        ),
    )
    assert guide_to_text(guide) == (
        "## workload: Arbetsbelastning\n"
        "- Hur ser en vanlig arbetsdag ut för dig?\n"
        "- När blir det för mycket?\n"
        "\n"
        "## extra_theme: Ett eget tema\n"
        "- Något mer?\n"
    )


def test_parse_guide_is_tolerant_of_whitespace_and_line_ends() -> None:
    text = (
        "\r\n  ##   workload :  Arbetsbelastning  \r\n-   Fråga ett?  \r\n\t- Fråga två?\r\n\r\n\r\n"
        "## own_1:Eget\r-\tFråga tre?"
    )
    guide = parse_guide(text, "fi")
    assert guide == Guide(
        "fi",
        (
            GuideTheme("workload", "Arbetsbelastning", ("Fråga ett?", "Fråga två?")),
            GuideTheme("own_1", "Eget", ("Fråga tre?",)),
        ),
    )


def test_parse_guide_keeps_colons_dashes_and_hashes_inside_texts() -> None:
    text = "## goals: Mål: vad och varför\n- - Vad är #1 för dig?\n- Kl. 07:00 - vad händer då?\n"
    guide = parse_guide(text, "sv")
    assert guide.themes == (
        GuideTheme("goals", "Mål: vad och varför", ("- Vad är #1 för dig?", "Kl. 07:00 - vad händer då?")),
    )
    assert parse_guide(guide_to_text(guide), "sv") == guide


def test_parse_guide_allows_own_keys_and_limits() -> None:
    themes = [(f"t{n}", "T" * MAX_TITLE_LENGTH, MAX_QUESTIONS) for n in range(MAX_THEMES)]
    guide = parse_guide(guide_text(*themes), "en")
    assert len(guide.themes) == MAX_THEMES
    assert all(len(theme.questions) == MAX_QUESTIONS for theme in guide.themes)
    key = "k" * 40
    question = "q" * MAX_QUESTION_LENGTH
    assert parse_guide(f"## {key}: Title\n- {question}\n", "en").themes == (GuideTheme(key, "Title", (question,)),)


@pytest.mark.parametrize(
    ("text", "message", "line", "params"),
    [
        (
            "- Fråga?\n## workload: Arbetsbelastning\n- Fråga?\n",
            MESSAGE_QUESTION_BEFORE_THEME,
            1,
            {"example": "workload: ..."},
        ),
        ("\n\n- Fråga?\n", MESSAGE_QUESTION_BEFORE_THEME, 3, {"example": "workload: ..."}),
        ("## Workload: Arbetsbelastning\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("## workload Arbetsbelastning\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("## workload:\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("## workload:   \n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("##workload: Arbetsbelastning\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("## arbets-belastning: Titel\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        (f"## {'k' * 41}: Titel\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 1, {"max_key_length": 40}),
        ("## a: A\n- Fråga?\n# en kommentar\n", MESSAGE_BAD_THEME_LINE, 3, {"max_key_length": 40}),
        ("## a: A\n- Fråga?\n### b: B\n- Fråga?\n", MESSAGE_BAD_THEME_LINE, 3, {"max_key_length": 40}),
        ("## other: Övrigt\n- Fråga?\n", MESSAGE_RESERVED_KEY, 1, {"key": "other"}),
        ("## a: A\n- Fråga?\n\n## b: B\n- Fråga?\n\n## a: C\n- Fråga?\n", MESSAGE_DUPLICATE_KEY, 7, {"key": "a"}),
        ("## a: A\n\n## b: B\n- Fråga?\n", MESSAGE_NO_QUESTIONS, 1, {"key": "a"}),
        ("## a: A\n- Fråga?\n## b: B\n\n", MESSAGE_NO_QUESTIONS, 3, {"key": "b"}),
        ("", MESSAGE_EMPTY_GUIDE, None, {}),
        ("\n  \n\t\n", MESSAGE_EMPTY_GUIDE, None, {}),
        ("## a: A\n-\n", MESSAGE_EMPTY_QUESTION, 2, {}),
        ("## a: A\n-    \n", MESSAGE_EMPTY_QUESTION, 2, {}),
        ("## a: A\nFråga utan streck?\n", MESSAGE_UNEXPECTED_LINE, 2, {}),
        ("## a: A\n- Fråga?\n-Fråga?\n", MESSAGE_UNEXPECTED_LINE, 3, {}),
        ("## a: A\n* Fråga?\n", MESSAGE_UNEXPECTED_LINE, 2, {}),
        ("Inledning\n## a: A\n- Fråga?\n", MESSAGE_UNEXPECTED_LINE, 1, {}),
        (
            f"## a: {'T' * (MAX_TITLE_LENGTH + 1)}\n- Fråga?\n",
            MESSAGE_TITLE_TOO_LONG,
            1,
            {"key": "a", "length": 121, "max_length": 120},
        ),
        (
            f"## a: A\n- Fråga?\n- {'q' * (MAX_QUESTION_LENGTH + 1)}\n",
            MESSAGE_QUESTION_TOO_LONG,
            3,
            {"key": "a", "length": 501, "max_length": 500},
        ),
    ],
)
def test_parse_guide_errors(text: str, message: str, line: int | None, params: dict[str, Any]) -> None:
    error = parse_error(text)
    assert error.message == message
    assert error.line == line
    assert error.params == params
    assert str(error) == (message % params if params else message)


def test_parse_guide_too_many_themes() -> None:
    text = guide_text(*[(f"t{n}", "T", 1) for n in range(MAX_THEMES + 1)])
    error = parse_error(text)
    assert error.message == MESSAGE_TOO_MANY_THEMES
    assert error.params == {"max_themes": 40}
    assert error.line == 3 * MAX_THEMES + 1  # each theme takes a title line, a question line and a blank line
    assert str(error) == "A guide can have at most 40 themes."


def test_parse_guide_too_many_questions() -> None:
    text = guide_text(("a", "A", 2), ("b", "B", MAX_QUESTIONS + 1))
    error = parse_error(text)
    assert error.message == MESSAGE_TOO_MANY_QUESTIONS
    assert error.params == {"key": "b", "max_questions": 20}
    assert error.line == 5 + 1 + MAX_QUESTIONS  # lines 1-4 theme a and a blank, 5 theme b, then 20 questions
    assert str(error) == 'The theme "b" has more than 20 questions.'


def test_parse_guide_reports_the_first_problem_in_line_order() -> None:
    error = parse_error("## a: A\n\n## B: bad\n")
    assert (error.message, error.line) == (MESSAGE_NO_QUESTIONS, 1)


@pytest.mark.parametrize("language", ["de", "", "SV"])
def test_parse_guide_unknown_language(language: str) -> None:
    error = parse_error("## a: A\n- Fråga?\n", language)
    assert error.message == MESSAGE_UNKNOWN_LANGUAGE
    assert error.line is None
    assert error.params == {"language": language, "languages": "sv, fi, en"}
    assert str(error) == f'"{language}" is not a supported language (use one of sv, fi, en).'


def test_guide_error_str_fills_placeholders() -> None:
    error = GuideError(MESSAGE_DUPLICATE_KEY, 4, {"key": "workload"})
    assert str(error) == 'The key "workload" is used for more than one theme.'
    assert isinstance(error, ValueError)
    assert str(GuideError(MESSAGE_EMPTY_GUIDE)) == "The guide has no themes."


def test_messages_use_named_placeholders_only() -> None:
    messages = [
        MESSAGE_BAD_DATA,
        MESSAGE_BAD_THEME_LINE,
        MESSAGE_DUPLICATE_KEY,
        MESSAGE_EMPTY_GUIDE,
        MESSAGE_EMPTY_QUESTION,
        MESSAGE_NO_QUESTIONS,
        MESSAGE_QUESTION_BEFORE_THEME,
        MESSAGE_QUESTION_TOO_LONG,
        MESSAGE_RESERVED_KEY,
        MESSAGE_TITLE_TOO_LONG,
        MESSAGE_TOO_MANY_QUESTIONS,
        MESSAGE_TOO_MANY_THEMES,
        MESSAGE_UNEXPECTED_LINE,
        MESSAGE_UNKNOWN_LANGUAGE,
    ]
    for message in messages:
        assert re.sub(r"%\([a-z_]+\)[sd]", "", message).count("%") == 0, message
        assert "%(line)" not in message  # the line number travels in GuideError.line


# --- JSON -----------------------------------------------------------------------------------------------------------


def test_guide_to_json_shape() -> None:
    guide = Guide("en", (GuideTheme("a", "A", ("Q1?", "Q2?")),))
    assert guide_to_json(guide) == {
        "language": "en",
        "themes": [{"key": "a", "title": "A", "questions": ["Q1?", "Q2?"]}],
    }


def valid_json() -> dict[str, Any]:
    return {"language": "sv", "themes": [{"key": "a", "title": "A", "questions": ["Q?"]}]}


@pytest.mark.parametrize(
    ("change", "message", "params"),
    [
        (lambda data: data.pop("themes"), MESSAGE_BAD_DATA, {"detail": "themes is missing"}),
        (lambda data: data.pop("language"), MESSAGE_BAD_DATA, {"detail": "language is missing"}),
        (
            lambda data: data.update(language="de"),
            MESSAGE_UNKNOWN_LANGUAGE,
            {"language": "de", "languages": "sv, fi, en"},
        ),
        (lambda data: data.update(themes="a"), MESSAGE_BAD_DATA, {"detail": "themes must be a list"}),
        (lambda data: data.update(themes=[]), MESSAGE_EMPTY_GUIDE, {}),
        (lambda data: data["themes"].append(3), MESSAGE_BAD_DATA, {"detail": "themes[1] must be an object"}),
        (lambda data: data["themes"][0].pop("title"), MESSAGE_BAD_DATA, {"detail": "themes[0].title is missing"}),
        (
            lambda data: data["themes"][0].update(key="A b"),
            MESSAGE_BAD_DATA,
            {"detail": "themes[0].key must be 1-40 characters of a-z, 0-9 and _"},
        ),
        (lambda data: data["themes"][0].update(key=OTHER), MESSAGE_RESERVED_KEY, {"key": "other"}),
        (lambda data: data["themes"].append(dict(data["themes"][0])), MESSAGE_DUPLICATE_KEY, {"key": "a"}),
        (
            lambda data: data["themes"][0].update(title=" A"),
            MESSAGE_BAD_DATA,
            {"detail": "themes[0].title must be one line of text without surrounding spaces"},
        ),
        (
            lambda data: data["themes"][0].update(title="A\nB"),
            MESSAGE_BAD_DATA,
            {"detail": "themes[0].title must be one line of text without surrounding spaces"},
        ),
        (
            lambda data: data["themes"][0].update(title=1),
            MESSAGE_BAD_DATA,
            {"detail": "themes[0].title must be a string"},
        ),
        (
            lambda data: data["themes"][0].update(title="T" * 121),
            MESSAGE_TITLE_TOO_LONG,
            {"key": "a", "length": 121, "max_length": 120},
        ),
        (lambda data: data["themes"][0].update(questions=[]), MESSAGE_NO_QUESTIONS, {"key": "a"}),
        (
            lambda data: data["themes"][0].update(questions=["Q?", ""]),
            MESSAGE_BAD_DATA,
            {"detail": "themes[0].questions[1] must be one line of text without surrounding spaces"},
        ),
        (
            lambda data: data["themes"][0].update(questions=["q" * 501]),
            MESSAGE_QUESTION_TOO_LONG,
            {"key": "a", "length": 501, "max_length": 500},
        ),
        (
            lambda data: data["themes"][0].update(questions=["Q?"] * 21),
            MESSAGE_TOO_MANY_QUESTIONS,
            {"key": "a", "max_questions": 20},
        ),
        (
            lambda data: data.update(themes=[{"key": f"t{n}", "title": "T", "questions": ["Q?"]} for n in range(41)]),
            MESSAGE_TOO_MANY_THEMES,
            {"max_themes": 40},
        ),
    ],
)
def test_guide_from_json_errors(change: Any, message: str, params: dict[str, Any]) -> None:
    data = valid_json()
    change(data)
    with pytest.raises(GuideError) as info:
        guide_from_json(data)
    assert info.value.message == message
    assert info.value.params == params
    assert info.value.line is None


def test_guide_from_json_ignores_other_keys() -> None:
    data = {**valid_json(), "version": 3}
    assert guide_from_json(data) == Guide("sv", (GuideTheme("a", "A", ("Q?",)),))


# --- round trip property --------------------------------------------------------------------------------------------

_TEXT_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")


def _one_line(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_TEXT_CHARACTERS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


_KEYS = st.from_regex(r"[a-z0-9_]{1,40}", fullmatch=True).filter(lambda key: key != OTHER)


@st.composite
def guides(draw: st.DrawFn) -> Guide:
    keys = draw(st.lists(_KEYS, min_size=1, max_size=8, unique=True))
    themes = tuple(
        GuideTheme(key, draw(_one_line(MAX_TITLE_LENGTH)), tuple(draw(st.lists(_one_line(80), min_size=1, max_size=5))))
        for key in keys
    )
    return Guide(draw(st.sampled_from(LANGUAGES)), themes)


@given(guides())
def test_round_trip_property(guide: Guide) -> None:
    text = guide_to_text(guide)
    assert parse_guide(text, guide.language) == guide
    assert guide_from_json(guide_to_json(guide)) == guide


@given(st.text(max_size=300))
def test_parse_guide_never_fails_other_than_with_guide_error(text: str) -> None:
    try:
        guide = parse_guide(text, "sv")
    except GuideError:
        return
    assert parse_guide(guide_to_text(guide), "sv") == guide


# --- compiling notes ------------------------------------------------------------------------------------------------

ORDER = ("workload", "working_hours", "leadership", "works_well")


def notes() -> list[NoteFact]:
    return [
        NoteFact(1, 5, "leadership", "Chefen syns sällan"),
        NoteFact(1, 5, "workload", "Stressigt på morgonen"),
        NoteFact(1, 5, "workload", "Jag hinner aldrig äta.", quote=True),
        NoteFact(2, 1, "workload", "Zebrarandigt schema", quote=True),
        NoteFact(2, 1, "workload", "Fasta larmtider", suggestion=True),
        NoteFact(2, 1, "mystery", "Parkeringen är full"),
        NoteFact(3, 4, "workload", "alltid bråttom", quote=True),
        NoteFact(3, 4, OTHER, "Bilarna är gamla", suggestion=True),
        NoteFact(3, 4, "leadership", "Bättre återkoppling", suggestion=True),
        NoteFact(3, 4, "leadership", "Ärligt talat vet jag inte.", quote=True),
        NoteFact(3, 4, "leadership", "Chefen lyssnar", quote=True),
    ]


def test_summarise_themes_known_answer() -> None:
    summaries = summarise_themes(notes(), ORDER)
    assert summaries == [
        ThemeSummary(
            key="workload",
            sessions=3,
            participants=10,
            notes=5,
            quotes=("alltid bråttom", "Jag hinner aldrig äta.", "Zebrarandigt schema"),
            suggestions=("Fasta larmtider",),
        ),
        ThemeSummary(
            key="leadership",
            sessions=2,
            participants=9,
            notes=4,
            quotes=("Chefen lyssnar", "Ärligt talat vet jag inte."),  # casefold order: c < ä
            suggestions=("Bättre återkoppling",),
        ),
        ThemeSummary(
            key=OTHER,
            sessions=2,
            participants=5,
            notes=2,
            quotes=(),
            suggestions=("Bilarna är gamla",),
        ),
    ]


def test_summarise_themes_quotes_are_not_in_session_order() -> None:
    texts = ["b sist", "C mitten", "a först", "B igen"]
    facts = [NoteFact(n, 1, "workload", text, quote=True) for n, text in enumerate(texts)]
    (summary,) = summarise_themes(facts, ORDER)
    assert summary.quotes == ("a först", "B igen", "b sist", "C mitten")
    assert summarise_themes(reversed(facts), ORDER) == [summary]


def test_summarise_themes_follows_theme_order_and_puts_other_last() -> None:
    facts = [
        NoteFact(1, 1, OTHER, "x"),
        NoteFact(1, 1, "works_well", "x"),
        NoteFact(1, 1, "unknown_key", "x"),
        NoteFact(1, 1, "workload", "x"),
    ]
    assert [s.key for s in summarise_themes(facts, ORDER)] == ["workload", "works_well", OTHER]
    assert [s.key for s in summarise_themes(facts, ("works_well", "workload"))] == ["works_well", "workload", OTHER]
    # OTHER in the order is ignored (it always comes last); a key that is not in the order counts as OTHER.
    assert [s.key for s in summarise_themes(facts, (OTHER, "workload", "workload"))] == ["workload", OTHER]
    (other,) = [s for s in summarise_themes(facts, (OTHER, "workload")) if s.key == OTHER]
    assert (other.sessions, other.participants, other.notes) == (1, 1, 3)


def test_summarise_themes_empty() -> None:
    assert summarise_themes([], ORDER) == []
    assert summarise_themes([NoteFact(1, 3, "workload", "x")], ()) == [
        ThemeSummary(OTHER, sessions=1, participants=3, notes=1, quotes=(), suggestions=())
    ]


def test_summarise_themes_counts_each_session_once() -> None:
    facts = [NoteFact(7, 6, "workload", f"anteckning {n}") for n in range(4)] + [NoteFact(8, 6, "workload", "y")]
    (summary,) = summarise_themes(facts, ORDER)
    assert (summary.sessions, summary.participants, summary.notes) == (2, 12, 5)


def summary(sessions: int, participants: int) -> ThemeSummary:
    return ThemeSummary(
        "workload", sessions=sessions, participants=participants, notes=sessions, quotes=(), suggestions=()
    )


@pytest.mark.parametrize(
    ("sessions", "participants", "threshold", "shown"),
    [
        (3, 3, 3, True),  # three individual interviews
        (2, 2, 3, False),  # two individual interviews
        (1, 3, 3, True),  # one group of three
        (1, 2, 3, False),  # one group of two
        (2, 5, 6, False),
        (2, 6, 6, True),  # participants reach the threshold, sessions do not
        (6, 6, 6, True),
        (5, 5, 6, False),
        (1, 1, 1, True),
        (0, 0, 1, False),
    ],
)
def test_shown_to_work_group(sessions: int, participants: int, threshold: int, shown: bool) -> None:
    assert shown_to_work_group(summary(sessions, participants), threshold) is shown


@pytest.mark.parametrize("threshold", [0, -1])
def test_shown_to_work_group_rejects_threshold_below_one(threshold: int) -> None:
    with pytest.raises(ValueError):
        shown_to_work_group(summary(3, 3), threshold)


def test_coverage_known_answer() -> None:
    result = coverage([(True, 6), (True, 1), (False, 5), (True, 4), (False, 1)], staff=31)
    assert result == Coverage(interviewed=11, staff=31, sessions_held=3, sessions_planned=5)
    assert result.share == pytest.approx(11 / 31)


def test_coverage_edges() -> None:
    assert coverage([], staff=0) == Coverage(0, 0, 0, 0)
    assert coverage([], staff=0).share is None
    assert coverage([(False, 5)], staff=10).share == 0.0
    assert coverage([(True, 10)], staff=10).share == 1.0
    over = coverage([(True, 12), (True, 1)], staff=10)
    assert over.interviewed == 13
    assert over.share == 1.0
    assert coverage([(True, 3)], staff=0).share is None
    assert coverage(iter([(True, 2)]), staff=4).share == 0.5


@pytest.mark.parametrize(("sessions", "staff"), [([], -1), ([(True, -1)], 5), ([(False, -2)], 5)])
def test_coverage_rejects_negative_counts(sessions: list[tuple[bool, int]], staff: int) -> None:
    with pytest.raises(ValueError):
        coverage(sessions, staff)


# --- the demo interviews (pure data, checked against the rules above) ------------------------------------------------


def test_demo_interview_notes() -> None:
    from survey_app.demo.interview_notes import FINDINGS, INTERVIEWS, REFLECTIONS, STAFF

    assert (
        set(INTERVIEWS)
        == set(REFLECTIONS)
        == set(FINDINGS)
        == set(STAFF)
        == {
            "Hemtjänst Centrum",
            "Äldreboendet Björken",
        }
    )
    assert STAFF == {"Hemtjänst Centrum": 31, "Äldreboendet Björken": 26}
    named = 0
    name = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+\b")
    for unit, sessions in INTERVIEWS.items():
        assert 6 <= len(sessions) <= 9
        facts = []
        for number, session in enumerate(sessions):
            assert session["kind"] in ("individual", "group")
            assert (session["participants"] == 1) == (session["kind"] == "individual")
            assert session["days_ago"] > 0
            assert 4 <= len(session["notes"]) <= 9
            for theme, text, quote, suggestion, *_shareable in session["notes"]:
                assert theme in THEME_KEYS
                assert isinstance(quote, bool) and isinstance(suggestion, bool)
                named += bool(name.search(text))
                facts.append(NoteFact(number, session["participants"], theme, text, quote, suggestion))
        summaries = {s.key: s for s in summarise_themes(facts, THEME_KEYS)}
        for key in ("workload", "working_hours", "leadership"):
            assert summaries[key].sessions > len(sessions) / 2, (unit, key)
        assert any(s.sessions <= 2 for s in summaries.values())
        assert "works_well" in summaries
        held = coverage([(True, session["participants"]) for session in sessions], STAFF[unit])
        assert held.interviewed == {"Hemtjänst Centrum": 27, "Äldreboendet Björken": 22}[unit]
        assert 3 <= len(REFLECTIONS[unit]) <= 4
        assert all(kind in ("reflection", "suggestion") for kind, _ in REFLECTIONS[unit])
        kinds = [kind for kind, _, _ in FINDINGS[unit]]
        assert sorted(kinds) == ["risk", "risk", "risk", "strength", "strength"]
        assert all(theme in THEME_KEYS for _, theme, _ in FINDINGS[unit])
    assert named >= 2  # notes that name someone, for the redaction to show
