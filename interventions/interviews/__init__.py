"""Interview guides and the rules for compiling interview notes: coverage, per-theme summaries, what the group sees.

HR specialists interview all staff of a unit, individually or in focus groups, following an *interview guide*: an
ordered list of themes, each with a few open questions. During a session they file short notes under the guide's
themes (or under ``OTHER``); afterwards the notes of all sessions are compiled per theme for the work-group meeting.

The default guide ships as ``interventions/interview_guides/default.json`` in Swedish, Finnish and English
(``default_guide(language)``); its twelve theme keys are ``THEME_KEYS``: the work-environment areas
(``interventions.areas``) and two themes open to any area. A ``Guide`` holds one language only.

The modules: ``guide`` (``Guide``, ``GuideTheme``), ``theme_keys`` (the default guide's keys, ``OTHER``, and under
which theme text about an area goes), ``guide_checks`` (the limits, ``GuideError`` and its messages), ``guide_text``
(the editable text format HR adapts a guide in), ``guide_json`` (how a unit's adapted guide is stored),
``shipped_guide`` (the default guide) and ``compilation`` (summaries per theme, what the work group and managers are
shown, coverage).

Plain Python, standard library only: this package never imports Flask, SQLAlchemy or ``survey_app``, never stores
anything and never decides who may see what (``shown_to_work_group`` and ``shown_count`` only apply a threshold the
caller chooses).
"""

from __future__ import annotations

from interventions.interviews.compilation import (
    Coverage,
    NoteFact,
    ThemeSummary,
    coverage,
    shown_count,
    shown_to_managers,
    shown_to_work_group,
    summarise_themes,
)
from interventions.interviews.guide import LANGUAGES, Guide, GuideTheme
from interventions.interviews.guide_checks import (
    MAX_KEY_LENGTH,
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
    GuideError,
)
from interventions.interviews.guide_json import guide_from_json, guide_to_json
from interventions.interviews.guide_text import guide_to_text, parse_guide
from interventions.interviews.shipped_guide import default_guide
from interventions.interviews.theme_keys import FILED_UNDER, OPEN_THEMES, OTHER, THEME_KEYS, theme_for_area

__all__ = [
    "FILED_UNDER",
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
    "OPEN_THEMES",
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
    "shown_count",
    "shown_to_managers",
    "shown_to_work_group",
    "summarise_themes",
    "theme_for_area",
]
