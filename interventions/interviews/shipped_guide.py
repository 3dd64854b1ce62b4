"""The default guide shipped with Omtanke (``interventions/interview_guides/default.json``), in each language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache

from interventions.interview_guides import DEFAULT_GUIDE_PATH
from interventions.interviews.guide import LANGUAGES, Guide
from interventions.interviews.guide_checks import check_language
from interventions.interviews.guide_json import guide_from_json
from interventions.interviews.theme_keys import THEME_KEYS


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
    return _default_guides()[check_language(language)]
