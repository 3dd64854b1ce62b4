"""The placeholders that replace personal data, and the replacing loop every pattern-based kind shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

KINDS: tuple[str, ...] = ("email", "id", "phone", "name")
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {"email": "[EMAIL]", "id": "[ID]", "phone": "[PHONE]", "name": "[NAME]"}
)


def replace_matches(
    text: str, pattern: re.Pattern[str], placeholder: str, end_of: Callable[[re.Match[str]], int | None]
) -> tuple[str, int]:
    """Replace matches left to right; ``end_of`` says where a match really ends (None: not a match after all).

    Unlike ``re.sub`` the search goes on in the text *with* the placeholders, so the look-behinds see exactly what a
    second run would see: that keeps ``redact`` idempotent when one finding touches the next.
    """
    count = 0
    position = 0
    while match := pattern.search(text, position):
        end = end_of(match)
        if end is None:
            position = match.start() + 1
            continue
        text = text[: match.start()] + placeholder + text[end:]
        position = match.start() + len(placeholder)
        count += 1
    return text, count
