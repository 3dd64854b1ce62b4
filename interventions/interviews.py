"""Interview guides and the rules for compiling interview notes: coverage, per-theme summaries, what the group sees.

HR specialists interview all staff of a unit, individually or in focus groups, following an *interview guide*: an
ordered list of themes, each with a few open questions. During a session they file short notes under the guide's
themes (or under ``OTHER``); afterwards the notes of all sessions are compiled per theme for the work-group meeting.

The default guide ships as ``interventions/interview_guides/default.json`` in Swedish, Finnish and English
(``default_guide(language)``); its twelve theme keys are ``THEME_KEYS``. A ``Guide`` holds one language only.

Editable text format
--------------------
When HR adapts a guide for a unit they edit it as plain text in one textarea (``guide_to_text`` / ``parse_guide``)::

    ## workload: Arbetsbelastning
    - Hur ser en vanlig arbetsdag ut för dig?
    - När känner du att det blir för mycket?

    ## extra_theme: Ett eget tema
    - …

* A theme line is ``## key: Title``. The key is 1-40 characters of ``a-z``, ``0-9`` and ``_``; any such identifier
  may be used, so HR can add themes of their own, except ``OTHER`` (``"other"``), which is reserved for notes that fit
  no theme. Keys must be unique.
* A question line starts with ``-`` followed by whitespace (normally ``- ``) and belongs to the theme above it.
* Blank lines are ignored; leading and trailing whitespace of every line, title and question is ignored.
* Anything else is an error: there are no comments, and any line starting with ``#`` must be a valid theme line.

Limits: at least 1 and at most ``MAX_THEMES`` (40) themes, 1 to ``MAX_QUESTIONS`` (20) questions per theme, titles of
at most ``MAX_TITLE_LENGTH`` (120) and questions of at most ``MAX_QUESTION_LENGTH`` (500) characters.
``parse_guide(guide_to_text(guide), guide.language) == guide`` holds for every guide that keeps these rules.

Problems raise ``GuideError``: ``message`` is the untranslated English text (marked with ``N_``, placeholders in
``%(name)s`` style), ``params`` the values for the placeholders, ``line`` the 1-based line of the text the problem is
on (``None`` when there is no line, e.g. for an empty guide or a guide read from JSON). The message itself never
contains the line number: the web layer shows it next to the message ("Line 3: ...").

Plain Python, standard library only: this module never imports Flask, SQLAlchemy or ``survey_app``, never stores
anything and never decides who may see what (``shown_to_work_group`` only applies a threshold the caller chooses).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from interventions.i18n import N_
from interventions.interview_guides import DEFAULT_GUIDE_PATH

__all__ = [
    "LANGUAGES",
    "MAX_KEY_LENGTH",
    "MAX_QUESTIONS",
    "MAX_QUESTION_LENGTH",
    "MAX_THEMES",
    "MAX_TITLE_LENGTH",
    "MESSAGE_BAD_DATA",
    "MESSAGE_BAD_THEME_LINE",
    "MESSAGE_DUPLICATE_KEY",
    "MESSAGE_EMPTY_GUIDE",
    "MESSAGE_EMPTY_QUESTION",
    "MESSAGE_NO_QUESTIONS",
    "MESSAGE_QUESTION_BEFORE_THEME",
    "MESSAGE_QUESTION_TOO_LONG",
    "MESSAGE_RESERVED_KEY",
    "MESSAGE_TITLE_TOO_LONG",
    "MESSAGE_TOO_MANY_QUESTIONS",
    "MESSAGE_TOO_MANY_THEMES",
    "MESSAGE_UNEXPECTED_LINE",
    "MESSAGE_UNKNOWN_LANGUAGE",
    "OTHER",
    "THEME_KEYS",
    "Coverage",
    "Guide",
    "GuideError",
    "GuideTheme",
    "NoteFact",
    "ThemeSummary",
    "coverage",
    "default_guide",
    "guide_from_json",
    "guide_to_json",
    "guide_to_text",
    "parse_guide",
    "shown_to_work_group",
    "summarise_themes",
]

LANGUAGES = ("sv", "fi", "en")
THEME_KEYS: tuple[str, ...] = (
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
OTHER = "other"  # theme key for notes and texts that fit no theme of the guide

MAX_KEY_LENGTH = 40
MAX_THEMES = 40
MAX_QUESTIONS = 20  # per theme
MAX_TITLE_LENGTH = 120
MAX_QUESTION_LENGTH = 500

MESSAGE_UNKNOWN_LANGUAGE = N_('"%(language)s" is not a supported language (use one of %(languages)s).')
MESSAGE_QUESTION_BEFORE_THEME = N_(
    'A question comes before the first theme. Start with a theme line such as "## %(example)s".'
)
MESSAGE_BAD_THEME_LINE = N_(
    'A theme line must look like "## key: Title", where the key is 1-%(max_key_length)d characters of a-z, 0-9 and _.'
)
MESSAGE_RESERVED_KEY = N_('The key "%(key)s" is reserved for notes that fit no theme. Please choose another key.')
MESSAGE_DUPLICATE_KEY = N_('The key "%(key)s" is used for more than one theme.')
MESSAGE_NO_QUESTIONS = N_('The theme "%(key)s" has no questions.')
MESSAGE_EMPTY_GUIDE = N_("The guide has no themes.")
MESSAGE_TOO_MANY_THEMES = N_("A guide can have at most %(max_themes)d themes.")
MESSAGE_TOO_MANY_QUESTIONS = N_('The theme "%(key)s" has more than %(max_questions)d questions.')
MESSAGE_TITLE_TOO_LONG = N_(
    'The title of the theme "%(key)s" has %(length)d characters; it can have at most %(max_length)d.'
)
MESSAGE_QUESTION_TOO_LONG = N_(
    'A question of the theme "%(key)s" has %(length)d characters; it can have at most %(max_length)d.'
)
MESSAGE_EMPTY_QUESTION = N_("A question line has no text after the dash.")
MESSAGE_UNEXPECTED_LINE = N_('Every line must be a theme ("## key: Title"), a question ("- Question") or blank.')
MESSAGE_BAD_DATA = N_("The saved interview guide could not be read (%(detail)s).")

_KEY = re.compile(rf"[a-z0-9_]{{1,{MAX_KEY_LENGTH}}}")
_THEME_LINE = re.compile(rf"##[ \t]+([a-z0-9_]{{1,{MAX_KEY_LENGTH}}})[ \t]*:(.*)")
_QUESTION_LINE = re.compile(r"-(?:\s+(.*))?")


class GuideError(ValueError):
    """A guide that breaks the format or its limits.

    ``message`` is the untranslated English text (marked with ``N_``), ``params`` the values for its ``%(name)s``
    placeholders, ``line`` the 1-based line of the guide text the problem is on, or ``None``. ``str(error)`` is the
    English message with the values filled in (without the line number).
    """

    def __init__(self, message: str, line: int | None = None, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.line = line
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(message % self.params if self.params else message)


@dataclass(frozen=True)
class GuideTheme:
    """One theme of a guide in one language: its key, its title and its open questions in order."""

    key: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """An interview guide in one language: its themes in the order the interview follows."""

    language: str
    themes: tuple[GuideTheme, ...]

    def theme(self, key: str) -> GuideTheme:
        """The theme with this key; ``KeyError`` if there is none."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        raise KeyError(key)

    def keys(self) -> tuple[str, ...]:
        """The theme keys in guide order."""
        return tuple(theme.key for theme in self.themes)


# --- validation shared by the text and JSON readers -------------------------------------------------------------------


def _check_language(language: Any) -> str:
    if language not in LANGUAGES:
        raise GuideError(MESSAGE_UNKNOWN_LANGUAGE, None, {"language": language, "languages": ", ".join(LANGUAGES)})
    return language


def _check_new_theme(key: str, title: str, line: int | None, seen: set[str]) -> None:
    """Checks a theme as soon as its key and title are known; ``seen`` holds the keys of the themes before it."""
    if key == OTHER:
        raise GuideError(MESSAGE_RESERVED_KEY, line, {"key": key})
    if key in seen:
        raise GuideError(MESSAGE_DUPLICATE_KEY, line, {"key": key})
    if len(seen) >= MAX_THEMES:
        raise GuideError(MESSAGE_TOO_MANY_THEMES, line, {"max_themes": MAX_THEMES})
    if len(title) > MAX_TITLE_LENGTH:
        raise GuideError(
            MESSAGE_TITLE_TOO_LONG, line, {"key": key, "length": len(title), "max_length": MAX_TITLE_LENGTH}
        )


def _check_new_question(key: str, question: str, line: int | None, count_before: int) -> None:
    """Checks one question of the theme ``key``, which already has ``count_before`` questions."""
    if count_before >= MAX_QUESTIONS:
        raise GuideError(MESSAGE_TOO_MANY_QUESTIONS, line, {"key": key, "max_questions": MAX_QUESTIONS})
    if len(question) > MAX_QUESTION_LENGTH:
        raise GuideError(
            MESSAGE_QUESTION_TOO_LONG, line, {"key": key, "length": len(question), "max_length": MAX_QUESTION_LENGTH}
        )


# --- the editable text format ---------------------------------------------------------------------------------------


def guide_to_text(guide: Guide) -> str:
    """The guide in the editable text format (see the module docstring): themes separated by a blank line."""
    blocks = []
    for theme in guide.themes:
        lines = [f"## {theme.key}: {theme.title}", *(f"- {question}" for question in theme.questions)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def parse_guide(text: str, language: str) -> Guide:
    """Read a guide in the editable text format (see the module docstring) as a guide in ``language``.

    Accepts ``\\n``, ``\\r\\n`` and ``\\r`` line ends. Raises ``GuideError`` for the first problem, in line order, with
    the 1-based line number: an unknown language (no line), a question before the first theme, a malformed theme line,
    the reserved key ``OTHER``, a duplicate key, a theme without questions (the theme's line), more than ``MAX_THEMES``
    themes (the first theme too many), more than ``MAX_QUESTIONS`` questions (the first question too many), a title or
    question that is too long, a question line without text, any other non-blank line, and an empty guide (no line).
    """
    language = _check_language(language)
    themes: list[GuideTheme] = []
    seen: set[str] = set()
    current: tuple[str, str, int] | None = None  # key, title, line of the theme being read
    questions: list[str] = []

    def close_current() -> None:
        if current is None:
            return
        key, title, theme_line = current
        if not questions:
            raise GuideError(MESSAGE_NO_QUESTIONS, theme_line, {"key": key})
        themes.append(GuideTheme(key, title, tuple(questions)))

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            close_current()
            match = _THEME_LINE.fullmatch(line)
            title = match.group(2).strip() if match else ""
            if match is None or not title:
                raise GuideError(MESSAGE_BAD_THEME_LINE, number, {"max_key_length": MAX_KEY_LENGTH})
            key = match.group(1)
            _check_new_theme(key, title, number, seen)
            seen.add(key)
            current = (key, title, number)
            questions = []
            continue
        match = _QUESTION_LINE.fullmatch(line)
        if match is None:
            raise GuideError(MESSAGE_UNEXPECTED_LINE, number)
        if current is None:
            raise GuideError(MESSAGE_QUESTION_BEFORE_THEME, number, {"example": f"{THEME_KEYS[0]}: ..."})
        question = (match.group(1) or "").strip()
        if not question:
            raise GuideError(MESSAGE_EMPTY_QUESTION, number)
        _check_new_question(current[0], question, number, len(questions))
        questions.append(question)
    close_current()
    if not themes:
        raise GuideError(MESSAGE_EMPTY_GUIDE)
    return Guide(language, tuple(themes))


# --- JSON (how a unit's adapted guide is stored) --------------------------------------------------------------------


def guide_to_json(guide: Guide) -> dict[str, Any]:
    """The guide as JSON-ready data: ``{"language", "themes": [{"key", "title", "questions": [...]}]}``."""
    return {
        "language": guide.language,
        "themes": [
            {"key": theme.key, "title": theme.title, "questions": list(theme.questions)} for theme in guide.themes
        ],
    }


def _bad_data(detail: str) -> GuideError:
    return GuideError(MESSAGE_BAD_DATA, None, {"detail": detail})


def _one_line(value: Any, path: str) -> str:
    """A non-empty single-line string without surrounding whitespace (what the text format can carry)."""
    if not isinstance(value, str):
        raise _bad_data(f"{path} must be a string")
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        raise _bad_data(f"{path} must be one line of text without surrounding spaces")
    return value


def guide_from_json(data: Mapping[str, Any]) -> Guide:
    """Read a guide stored with ``guide_to_json``, checking the same rules and limits as ``parse_guide``.

    Raises ``GuideError`` (``line`` is ``None``): ``MESSAGE_BAD_DATA`` naming the JSON path for data of the wrong
    shape (a missing key, a wrong type, an invalid key, an empty or multi-line title or question), otherwise the same
    messages as ``parse_guide``. Keys other than ``language`` and ``themes`` are ignored.
    """
    if not isinstance(data, Mapping):
        raise _bad_data("the guide must be an object")
    for name in ("language", "themes"):
        if name not in data:
            raise _bad_data(f"{name} is missing")
    language = _check_language(data["language"])
    raw_themes = data["themes"]
    if not isinstance(raw_themes, list | tuple):
        raise _bad_data("themes must be a list")
    themes: list[GuideTheme] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_themes):
        path = f"themes[{index}]"
        if not isinstance(raw, Mapping):
            raise _bad_data(f"{path} must be an object")
        for name in ("key", "title", "questions"):
            if name not in raw:
                raise _bad_data(f"{path}.{name} is missing")
        key = raw["key"]
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise _bad_data(f"{path}.key must be 1-{MAX_KEY_LENGTH} characters of a-z, 0-9 and _")
        title = _one_line(raw["title"], f"{path}.title")
        _check_new_theme(key, title, None, seen)
        seen.add(key)
        raw_questions = raw["questions"]
        if not isinstance(raw_questions, list | tuple):
            raise _bad_data(f"{path}.questions must be a list")
        if not raw_questions:
            raise GuideError(MESSAGE_NO_QUESTIONS, None, {"key": key})
        questions: list[str] = []
        for number, raw_question in enumerate(raw_questions):
            question = _one_line(raw_question, f"{path}.questions[{number}]")
            _check_new_question(key, question, None, len(questions))
            questions.append(question)
        themes.append(GuideTheme(key, title, tuple(questions)))
    if not themes:
        raise GuideError(MESSAGE_EMPTY_GUIDE)
    return Guide(language, tuple(themes))


# --- the shipped default guide --------------------------------------------------------------------------------------


@cache
def _default_guides() -> Mapping[str, Guide]:
    """Reads ``default.json`` once per process and checks it: every language, the keys of ``THEME_KEYS`` in order."""
    data = json.loads(DEFAULT_GUIDE_PATH.read_text(encoding="utf-8"))
    guides = {}
    for language in LANGUAGES:
        themes = [
            {
                "key": theme["key"],
                "title": theme["title"][language],
                "questions": [question[language] for question in theme["questions"]],
            }
            for theme in data["themes"]
        ]
        guide = guide_from_json({"language": language, "themes": themes})
        if guide.keys() != THEME_KEYS:
            raise ValueError(f"{DEFAULT_GUIDE_PATH.name}: the theme keys must be {', '.join(THEME_KEYS)} in order")
        guides[language] = guide
    return guides


def default_guide(language: str) -> Guide:
    """The shipped default guide in ``language`` (``sv``, ``fi`` or ``en``); ``GuideError`` (a ``ValueError``) else."""
    return _default_guides()[_check_language(language)]


# --- compiling notes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteFact:
    """One note as the compilation rules see it.

    ``participants`` is the number of people in the note's session (1 for an individual interview); ``theme`` a key of
    the guide or ``OTHER``. ``quote`` marks a note that quotes a participant, ``suggestion`` one that records a
    proposal.
    """

    session_id: int
    participants: int
    theme: str
    text: str
    quote: bool = False
    suggestion: bool = False


@dataclass(frozen=True)
class ThemeSummary:
    """What was said under one theme across all sessions.

    ``sessions`` counts the distinct sessions with at least one note in the theme, ``participants`` sums the
    participants of those sessions, ``notes`` counts the notes. ``quotes`` and ``suggestions`` are the texts of the
    flagged notes, sorted alphabetically (ignoring case) so that their order never reveals which session said what.
    """

    key: str
    sessions: int
    participants: int
    notes: int
    quotes: tuple[str, ...]
    suggestions: tuple[str, ...]


def _alphabetical(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(texts, key=lambda text: (text.casefold(), text)))


def summarise_themes(notes: Iterable[NoteFact], theme_order: Sequence[str]) -> list[ThemeSummary]:
    """One ``ThemeSummary`` per theme that has notes.

    Themes come in the order of ``theme_order`` (normally ``guide.keys()``; repeated keys count once), followed by
    ``OTHER``, which collects the notes filed under ``OTHER`` and under any key not in ``theme_order``. Themes without
    notes are left out. Should notes of one session disagree on its ``participants``, the largest value counts.
    """
    order: list[str] = []
    for key in theme_order:
        if key != OTHER and key not in order:
            order.append(key)
    known = set(order)
    grouped: dict[str, list[NoteFact]] = {}
    for note in notes:
        grouped.setdefault(note.theme if note.theme in known else OTHER, []).append(note)
    summaries = []
    for key in [*order, OTHER]:
        group = grouped.get(key)
        if not group:
            continue
        sessions: dict[int, int] = {}
        for note in group:
            sessions[note.session_id] = max(sessions.get(note.session_id, 0), note.participants)
        summaries.append(
            ThemeSummary(
                key=key,
                sessions=len(sessions),
                participants=sum(sessions.values()),
                notes=len(group),
                quotes=_alphabetical(note.text for note in group if note.quote),
                suggestions=_alphabetical(note.text for note in group if note.suggestion),
            )
        )
    return summaries


def shown_to_work_group(summary: ThemeSummary, threshold: int) -> bool:
    """Whether a theme is brought to the work group: raised in at least ``threshold`` sessions, or by sessions with at
    least ``threshold`` participants in total. ``ValueError`` for a threshold below 1."""
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, not {threshold}")
    return summary.sessions >= threshold or summary.participants >= threshold


@dataclass(frozen=True)
class Coverage:
    """How much of a unit's staff the interviews reached.

    ``interviewed`` sums the participants of the sessions held; ``sessions_planned`` counts all sessions, held or not.
    """

    interviewed: int
    staff: int
    sessions_held: int
    sessions_planned: int

    @property
    def share(self) -> float | None:
        """``interviewed / staff``, at most 1.0 (staff figures can lag behind); ``None`` when ``staff`` is 0."""
        if self.staff == 0:
            return None
        return min(1.0, self.interviewed / self.staff)


def coverage(sessions: Iterable[tuple[bool, int]], staff: int) -> Coverage:
    """The coverage of a unit's interviews from ``(held, participants)`` per planned session and the staff count.

    Only held sessions count towards ``interviewed``. ``ValueError`` for a negative staff or participant count.
    """
    if staff < 0:
        raise ValueError(f"staff must not be negative, not {staff}")
    interviewed = held_count = planned = 0
    for held, participants in sessions:
        if participants < 0:
            raise ValueError(f"participants must not be negative, not {participants}")
        planned += 1
        if held:
            held_count += 1
            interviewed += participants
    return Coverage(interviewed=interviewed, staff=staff, sessions_held=held_count, sessions_planned=planned)
