"""How a unit's adapted guide is stored: JSON-ready data, read back with the same rules as the text format."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from interventions.interviews.guide import Guide, GuideTheme
from interventions.interviews.guide_checks import (
    MAX_KEY_LENGTH,
    MESSAGE_BAD_DATA,
    MESSAGE_EMPTY_GUIDE,
    MESSAGE_NO_QUESTIONS,
    GuideError,
    check_language,
    check_new_question,
    check_new_theme,
)

_KEY = re.compile(rf"[a-z0-9_]{{1,{MAX_KEY_LENGTH}}}")


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
    language = check_language(data["language"])
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
        check_new_theme(key, title, None, seen)
        seen.add(key)
        raw_questions = raw["questions"]
        if not isinstance(raw_questions, list | tuple):
            raise _bad_data(f"{path}.questions must be a list")
        if not raw_questions:
            raise GuideError(MESSAGE_NO_QUESTIONS, None, {"key": key})
        questions: list[str] = []
        for number, raw_question in enumerate(raw_questions):
            question = _one_line(raw_question, f"{path}.questions[{number}]")
            check_new_question(key, question, None, len(questions))
            questions.append(question)
        themes.append(GuideTheme(key, title, tuple(questions)))
    if not themes:
        raise GuideError(MESSAGE_EMPTY_GUIDE)
    return Guide(language, tuple(themes))
