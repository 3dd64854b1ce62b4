"""Redaction as the app does it: the one home every page, export and job calls before showing free text.

``redact_for_display`` is ``nlp.redaction.redact_text`` plus the organisation's own people: the names HR imported,
held only as keyed hashes (``survey_app.privacy.known_names``). ``current_known_names`` gives them to any other
caller that redacts (the ``omtanke redact`` command): loaded once per process, their version checked once per
request, job or command, so a new import is seen everywhere on the next request.
"""

from __future__ import annotations

from nlp.redaction import KnownNames, redact_text
from survey_app.privacy.known_names import current_names


def current_known_names() -> KnownNames | None:
    """The organisation's imported names as keyed hashes, or None when none are stored (or outside the app)."""
    return current_names()


def redact_for_display(text: str) -> str:
    """``text`` with every e-mail address, identity number, phone number and personal name replaced, the
    organisation's own people's names included."""
    return redact_text(text, known_names=current_known_names())
