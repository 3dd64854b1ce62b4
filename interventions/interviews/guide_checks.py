"""The rules every guide keeps, checked the same way by the text and the JSON reader, and the error they raise.

Problems raise ``GuideError``: ``message`` is the untranslated English text (marked with ``N_``, placeholders in
``%(name)s`` style), ``params`` the values for the placeholders, ``line`` the 1-based line of the text the problem is
on (``None`` when there is no line, e.g. for an empty guide or a guide read from JSON). The message itself never
contains the line number: the web layer shows it next to the message ("Line 3: ...").

Limits: at least 1 and at most ``MAX_THEMES`` (40) themes, 1 to ``MAX_QUESTIONS`` (20) questions per theme, titles of
at most ``MAX_TITLE_LENGTH`` (120) and questions of at most ``MAX_QUESTION_LENGTH`` (500) characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interventions.i18n import N_
from interventions.interviews.guide import LANGUAGES
from interventions.interviews.theme_keys import OTHER

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


def check_language(language: Any) -> str:
    """``language`` if it is one of ``LANGUAGES``; ``GuideError`` (no line) otherwise."""
    if language not in LANGUAGES:
        raise GuideError(MESSAGE_UNKNOWN_LANGUAGE, None, {"language": language, "languages": ", ".join(LANGUAGES)})
    return language


def check_new_theme(key: str, title: str, line: int | None, seen: set[str]) -> None:
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


def check_new_question(key: str, question: str, line: int | None, count_before: int) -> None:
    """Checks one question of the theme ``key``, which already has ``count_before`` questions."""
    if count_before >= MAX_QUESTIONS:
        raise GuideError(MESSAGE_TOO_MANY_QUESTIONS, line, {"key": key, "max_questions": MAX_QUESTIONS})
    if len(question) > MAX_QUESTION_LENGTH:
        raise GuideError(
            MESSAGE_QUESTION_TOO_LONG, line, {"key": key, "length": len(question), "max_length": MAX_QUESTION_LENGTH}
        )
