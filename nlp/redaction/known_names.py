"""The organisation's own people, known only as keyed hashes (HMAC-SHA256, hex) of their normalised names.

HR may import staff and manager names; the app stores only ``name_digests(key, full_name)`` and builds a
``KnownNames(key, digests)`` to redact with. The redactor hashes each word that could be a name (alphabetic, two
letters or more; also its inflected base forms) and compares: no plain name is needed at redaction time, and the
digests are good for redaction and nothing else (they cannot be listed back as names without the key and a guess).

Normalisation: NFC, case-folded, runs of white space collapsed to one space. The digests of one person are those of
the whole name and of each part, also each part of a hyphenated part ("Anna-Karin Lindberg-Ahmadi" → the whole,
"anna-karin", "anna", "karin", "lindberg-ahmadi", "lindberg", "ahmadi").
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile(r"[-\u2010\u2011]")


def normalise_name(text: str) -> str:
    """NFC, case-folded, white space collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def _digest(key: bytes, normalised: str) -> str:
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def name_forms(full_name: str) -> frozenset[str]:
    """The normalised forms of one name that are hashed: the whole, each part, each hyphenated part's pieces."""
    whole = normalise_name(full_name)
    forms = {whole} if whole else set()
    for part in whole.split(" "):
        part = part.strip(".,;:'’\"()")
        if len(part) < 2:
            continue
        forms.add(part)
        forms.update(piece for piece in _HYPHENS.split(part) if len(piece) >= 2)
    return frozenset(forms)


def name_digests(key: bytes, full_name: str) -> frozenset[str]:
    """Every digest to store for one person (see the module docstring); empty for a blank name."""
    if not isinstance(full_name, str) or not key:
        return frozenset()
    return frozenset(_digest(key, form) for form in name_forms(full_name))


@dataclass(frozen=True)
class KnownNames:
    """The organisation's people as digests under ``key``; ``in`` tells whether a normalised word is one of them."""

    key: bytes = field(repr=False)
    digests: frozenset[str] = field(repr=False)
    _keyed: Any = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keyed", hmac.new(self.key or b"\0", digestmod=hashlib.sha256))

    def __bool__(self) -> bool:
        return bool(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def knows(self, normalised: str) -> bool:
        """``normalised`` (see ``normalise_name``) is the name, or a part of the name, of one of the people."""
        keyed = self._keyed.copy()
        keyed.update(normalised.encode("utf-8"))
        return keyed.hexdigest() in self.digests
