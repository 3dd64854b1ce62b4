"""Free-text themes: what a group's open answers are about, found by ``nlp.themes`` and kept per identical set.

Text comes in only as a reader may already see it, and this module reads nothing itself: a unit's survey free text
from the results gate (``results.comments.unit_free_text``: above the free-text threshold, redacted, never in the
order given), or an interview theme's notes redacted by the interviews service. So results and interviews call
themes, never the other way round. Finding themes is the slow part (about 2 s for 3,000
answers), so an identical set of answers is clustered once per process: a closed round's text never changes. What a
page must not wait for is the caller's to leave to a background job. Nothing here formats or translates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from interventions.areas import AREAS
from nlp.io import TextInput
from nlp.themes import ThemeResult, find_themes


def comment_themes(comments: Sequence[HasText], seed: int = 0) -> ThemeResult | None:
    """Themes of a unit's free text (already redacted), cached per identical set of answers."""
    if len(comments) < 2:
        return None
    return themes_of_texts(tuple(comment.text for comment in comments), seed)


class HasText(Protocol):
    """An answer as the caller may show it: its (already redacted) text."""

    text: str


@lru_cache(maxsize=64)
def themes_of_texts(texts: tuple[str, ...], seed: int = 0) -> ThemeResult:
    """Themes of a set of short texts (already redacted), cached per identical set: a closed round's text never
    changes, so a report opened twice clusters once."""
    k = None if len(texts) >= 12 else max(1, math.ceil(len(texts) / 4))
    inputs = [TextInput(id=str(number), text=text) for number, text in enumerate(texts)]
    return find_themes(inputs, k=k, seed=seed, areas=AREAS)
