"""The editable text format HR adapts a guide in, for one unit, in one textarea (``guide_to_text`` / ``parse_guide``)::

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

The limits are those of ``guide_checks``. ``parse_guide(guide_to_text(guide), guide.language) == guide`` holds for
every guide that keeps them.
"""

from __future__ import annotations

import re

from interventions.interviews.guide import Guide, GuideTheme
from interventions.interviews.guide_checks import (
    MAX_KEY_LENGTH,
    MESSAGE_BAD_THEME_LINE,
    MESSAGE_EMPTY_GUIDE,
    MESSAGE_EMPTY_QUESTION,
    MESSAGE_NO_QUESTIONS,
    MESSAGE_QUESTION_BEFORE_THEME,
    MESSAGE_UNEXPECTED_LINE,
    GuideError,
    check_language,
    check_new_question,
    check_new_theme,
)
from interventions.interviews.theme_keys import THEME_KEYS

_THEME_LINE = re.compile(rf"##[ \t]+([a-z0-9_]{{1,{MAX_KEY_LENGTH}}})[ \t]*:(.*)")
_QUESTION_LINE = re.compile(r"-(?:\s+(.*))?")


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
    language = check_language(language)
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
            check_new_theme(key, title, number, seen)
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
        check_new_question(current[0], question, number, len(questions))
        questions.append(question)
    close_current()
    if not themes:
        raise GuideError(MESSAGE_EMPTY_GUIDE)
    return Guide(language, tuple(themes))
