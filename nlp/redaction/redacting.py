"""``redact``: every kind of personal data replaced in its turn (e-mail, identity numbers, phones, names)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from nlp.redaction.emails import redact_emails
from nlp.redaction.extra_names import prepare_extra_names
from nlp.redaction.identity_numbers import redact_identity_numbers
from nlp.redaction.known_names import KnownNames
from nlp.redaction.language_guess import guess_language
from nlp.redaction.personal_names import redact_names
from nlp.redaction.phone_numbers import redact_phone_numbers
from nlp.redaction.placeholders import KINDS

_ANY_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many of each kind (``KINDS``) were replaced."""

    text: str
    counts: Mapping[str, int] = field(hash=False)

    @property
    def total(self) -> int:
        """How many replacements there were, of all kinds."""
        return sum(self.counts.values())


def redact(
    text: str, extra_names: Iterable[str] = (), known_names: KnownNames | None = None, lang: str | None = None
) -> Redaction:
    """Replace e-mail addresses, identity numbers, phone numbers and personal names in ``text`` by placeholders.

    ``extra_names``: names to redact in addition to the built-in list (e.g. the staff of the workplace), matched
    as whole words in any case; a multi-word name ("Anna Svensson") is matched as a whole. ``known_names``: the
    organisation's people as keyed digests (``KnownNames``), matched like listed names. ``lang`` (sv, fi, en) decides
    which language's words are not names; None guesses it from the text. Never raises: ``None`` counts as an empty
    text and anything else that is not a string is converted with ``str``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    counts = dict.fromkeys(KINDS, 0)
    if not text:
        return Redaction("", MappingProxyType(counts))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)

    text, counts["email"] = redact_emails(text)
    if _ANY_DIGIT.search(text):
        text, counts["id"] = redact_identity_numbers(text)
        text, counts["phone"] = redact_phone_numbers(text)
    if lang not in ("sv", "fi", "en"):
        lang = guess_language(text)
    known = known_names if isinstance(known_names, KnownNames) else None
    text, counts["name"] = redact_names(text, prepare_extra_names(extra_names), lang, known)
    return Redaction(text, MappingProxyType(counts))


def redact_text(
    text: str, extra_names: Iterable[str] = (), known_names: KnownNames | None = None, lang: str | None = None
) -> str:
    """``redact(text, extra_names, known_names, lang).text``."""
    return redact(text, extra_names, known_names, lang).text
