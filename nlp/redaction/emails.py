"""E-mail addresses, also written ``anna (at) kommun.se`` or ``anna [snabel-a] kommun.se``."""

from __future__ import annotations

import re

from nlp.redaction.placeholders import PLACEHOLDERS, replace_matches

_EMAIL_HINT = re.compile(r"@|[(\[]\s?(?:at|snabel-a)\s?[)\]]", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+%'-])[\w.+%'-]+"
    r"(?:@|\s?[(\[]\s?(?:at|snabel-a)\s?[)\]]\s?)"
    r"(?:[\w-]++\.)+[^\W\d_]{2,}(?![^\W\d]|-)",
    re.IGNORECASE,
)


def redact_emails(text: str) -> tuple[str, int]:
    """``text`` with every e-mail address replaced by ``[EMAIL]``, and how many were."""
    if not _EMAIL_HINT.search(text):
        return text, 0
    return replace_matches(text, _EMAIL, PLACEHOLDERS["email"], _match_end)


def _match_end(match: re.Match[str]) -> int:
    return match.end()
