"""How a word is recognised as a name: word tokens, capitalisation, and listed first names, also inflected."""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.names import FIRST_NAMES

#: Word tokens and placeholders: a word may join parts with an apostrophe or a hyphen ("Anna-Karin", "O'Brien").
TOKEN = re.compile(r"\[(?:EMAIL|ID|PHONE|NAME)\]|[^\W\d_]+(?:['’\-\u2010\u2011][^\W\d_]+)*")
_PARTS = re.compile(r"['’\-\u2010\u2011]")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_FI_SUFFIXES = tuple(
    sorted(
        "n a ä ta tä na nä lla llä lta ltä lle ssa ssä sta stä ksi han hen hin hon hun hän hön ineen".split(),
        key=len,
        reverse=True,
    )
)
_VOWELS = frozenset("aeiouyäö")
_WORD_SUBS = frozenset({"s"})  # "Anna's" in English text


def capitalised(word: str) -> bool:
    """Each hyphenated part is capitalised: "Anna", "Anna-Karin", "O'Brien", "Anna's"; not "ANNA", "anna", "McKay"."""
    for part in _HYPHENS.split(word):
        first, _, rest = part.replace("’", "'").partition("'")
        if not _title(first) or (rest and not (rest.islower() or _title(rest))):
            return False
    return True


def _title(part: str) -> bool:
    return bool(part) and part[0].isupper() and (len(part) == 1 or part[1:].islower())


def listed(word: str) -> bool:
    """``word`` is a listed first name, or every part of a hyphenated one is ("Anna-Karin")."""
    if word in FIRST_NAMES:
        return True
    parts = _PARTS.split(word)
    return len(parts) > 1 and all(part in FIRST_NAMES for part in parts)


@lru_cache(maxsize=4096)
def inflected_base(word: str) -> str | None:
    """The listed name ``word`` is an inflected form of: "Annas", "Mikolle", "Matin", "Erikille", "Anna's"."""
    if "'" in word or "’" in word:
        base, _, rest = word.replace("’", "'").partition("'")
        return base if rest in _WORD_SUBS and listed(base) else None
    if len(word) < 4:
        return None
    if word.endswith("s") and listed(word[:-1]):
        return word[:-1]
    for suffix in _FI_SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        stem = word[: -len(suffix)]
        candidates = [stem]
        if stem[-1] in _VOWELS and stem[-2] in "kpt" and stem[-3] != stem[-2]:
            candidates.append(stem[:-1] + stem[-2] + stem[-1])  # Finnish gradation: Mikon -> Mikko, Matin -> Matti
        if stem.endswith("i") and stem[-2] not in _VOWELS:
            candidates.append(stem[:-1])  # a consonant-final name takes -i-: Erikille -> Erik
        for candidate in candidates:
            if listed(candidate):
                return candidate
    return None
