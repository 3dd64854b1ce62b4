"""Praise, problem or neither: the polarity of a short workplace comment (issue 21). STUB: the polarity work fills it.

``polarity(text, lang)`` returns one of ``POLARITIES``; ``polarities(texts, langs)`` does many at once.
"""

from __future__ import annotations

from collections.abc import Sequence

POLARITIES: tuple[str, ...] = ("praise", "problem", "neither")


def polarity(text: str, lang: str | None) -> str:
    """``"praise"``, ``"problem"`` or ``"neither"`` for one comment in ``lang`` (sv, fi, en; None: guess)."""
    return "neither"


def polarities(texts: Sequence[str], langs: Sequence[str | None]) -> list[str]:
    """``polarity`` of every text, in order."""
    return [polarity(text, lang) for text, lang in zip(texts, langs, strict=True)]
