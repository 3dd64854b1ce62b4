"""Free-text themes: what a group's open answers are about, found by ``nlp.themes`` and kept per identical set.

Text comes in only as a reader may already see it, and this module reads nothing itself: a unit's survey free text
from the results gate (``results.comments.unit_free_text``: above the free-text threshold, redacted, never in the
order given, each with an opaque respondent key so that a label's words are counted per person), or an interview
theme's notes redacted by the interviews service. So results and interviews call themes, never the other way
round. Finding themes is the slow part (about 2 s for 3,000 answers), so an identical set of answers is clustered
once per process: a closed round's text never changes. What a page must not wait for is the caller's to leave to a
background job. Nothing here formats or translates (``themes.display`` presents a theme to a reader).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from interventions.areas import AREAS
from nlp.io import TextInput

if TYPE_CHECKING:
    from nlp.themes import ThemeResult


def comment_themes(comments: Sequence[HasText], seed: int = 0) -> ThemeResult | None:
    """Themes of a unit's free text (already redacted), cached per identical set of answers and respondents."""
    if len(comments) < 2:
        return None
    texts = tuple(comment.text for comment in comments)
    respondents = tuple(getattr(comment, "respondent", None) for comment in comments)
    return themes_of_texts(texts, seed, respondents if any(key is not None for key in respondents) else None)


class HasText(Protocol):
    """An answer as the caller may show it: its (already redacted) text. It may also carry ``respondent``: an opaque
    key, the same for the answers of one person (``results.comments.Comment``), which is never shown."""

    text: str


@lru_cache(maxsize=64)
def themes_of_texts(
    texts: tuple[str, ...], seed: int = 0, respondents: tuple[object, ...] | None = None
) -> ThemeResult:
    """Themes of a set of short texts (already redacted), cached per identical set: a closed round's text never
    changes, so a report opened twice clusters once.

    ``respondents`` (one opaque key per text; None: every text is its own respondent) lets ``nlp.themes`` count a word
    once per person, so that a theme's label only uses words at least three different people wrote. It is part of the
    cache key: the same texts from other people are another set.
    """
    k = None if len(texts) >= 12 else max(1, math.ceil(len(texts) / 4))
    keys = respondents if respondents is not None else (None,) * len(texts)
    inputs = [
        TextInput(id=str(number), text=text, respondent=None if key is None else str(key))
        for number, (text, key) in enumerate(zip(texts, keys, strict=True))
    ]
    return find_themes(inputs, k=k, seed=seed, areas=AREAS)


def find_themes(inputs: Sequence[TextInput], **options: object) -> ThemeResult:
    """``nlp.themes.find_themes``, imported on first use: it brings scikit-learn, scipy and spaCy (about 200 MB),
    which every app process and ``omtanke`` command would otherwise hold without ever finding a theme."""
    from nlp.themes import find_themes as find

    return find(inputs, **options)
