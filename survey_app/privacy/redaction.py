"""Redaction as the app does it: the one home every page, export and job calls before showing free text.

``redact_for_display`` is ``nlp.redaction.redact_text`` plus the organisation's own people (known names, kept only as
keyed hashes; see ``known_names``). STUB for issue 21: the known names are added by the known-names work.
"""

from __future__ import annotations

from nlp.redaction import redact_text


def redact_for_display(text: str) -> str:
    """``text`` with every e-mail address, identity number, phone number and personal name replaced."""
    return redact_text(text)
