"""The work-environment areas Omtanke sorts what people say into: the one list, in its display order.

An area is a topic of the psychosocial or physical work environment that a survey comment, an interview note or a
theme of free text can be about. The interview guide builds its themes from this list
(``interventions.interviews.THEME_KEYS``), and ``nlp`` suggests an area for a theme of free text from keyword lexicons
keyed by these keys: ``nlp`` has no list of its own, the caller passes ``AREAS`` (``nlp.categories``, ``nlp.themes``).
A new area needs a lexicon in every language there and a theme in the guide, or an entry in
``interventions.interviews.FILED_UNDER``.

Plain data, standard library only: never imports Flask, SQLAlchemy, ``survey_app`` or ``nlp``.
"""

from __future__ import annotations

__all__ = ["AREAS"]

AREAS: tuple[str, ...] = (
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
    "competence",
)
