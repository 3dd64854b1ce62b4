"""Compounds of known words ("Körlistan", "Veckoschemat", "Sijaisjärjestelyt"): capitalised, yet no name.

Swedish and Finnish write compounds as one word, so a sentence-initial "Körscheman" or "Työpuhelimet" is unknown to
the lemma tables as a whole. Split into a known first part and a known, possibly inflected, last part (three letters
or more each; short parts only next to a long one), it is a word. Surnames built from words ("Lindberg" = lind +
berg, "Sjöström") keep their surname shape and are never taken for a compound; listed names ("Järvinen") are
decided before this is asked. All functions take case-folded words and never raise.
"""

from __future__ import annotations

from functools import lru_cache

from nlp.redaction import lexicon
from nlp.redaction.name_shapes import base_forms, surname_shaped

MIN_PART = 3  # letters in each part ("kör" + "listan", "personal" + "rum")
_MIN_LAST_PART = 4  # unless the first part is long: three letters are too often a name's ending ("Simps|ons")
_MIN_LENGTH = 7
_FINNISH_CASE_ENDINGS = frozenset("lle lla llä lta ltä ssa ssä sta stä na nä ksi n".split())
_SWEDISH_ENDINGS = ("erna", "arna", "orna", "en", "et", "na", "n", "t", "s")


@lru_cache(maxsize=100_000)
def compound(folded: str, lang: str, strict: bool = False) -> bool:
    """``folded`` is a compound of words of ``lang`` and has no surname's shape. ``strict`` (for a capitalised word
    mid-sentence, where a name is likelier): parts of four and five letters or more, as before issue 21's fix."""
    if "-" in folded or len(folded) < _MIN_LENGTH or surname_shaped(folded, strong_only=True):
        return False
    min_first, min_last = (MIN_PART + 1, 5) if strict else (MIN_PART, MIN_PART)
    for split in range(min_first, len(folded) - min_last + 1):
        head, tail = folded[:split], folded[split:]
        if len(tail) < _MIN_LAST_PART and len(head) < 6:  # "Simps|ons", "Stanf|ord" (but "Personal|rum")
            continue
        if len(head) == MIN_PART and len(tail) < 5:  # "Hel|ena", "Tin|dra": too short to tell from a name
            continue
        if _first_part(head, lang) and _last_part(tail, lang):
            return True
    return False


def _first_part(head: str, lang: str) -> bool:
    """A word, or a word with a linking letter or in its compound form ("arbets", "köks", "vecko", "skol",
    "sijais" from "sijainen", "pielis")."""
    stem = head[:-1]
    if common(head, lang) or (len(stem) > MIN_PART and common(stem, lang)):
        return True
    if lang == "fi":
        return head.endswith("s") and len(stem) >= MIN_PART and common(stem + "nen", lang)
    if head.endswith(("s", "e", "a")) and len(stem) == MIN_PART and common(stem, lang):
        return True
    if head.endswith(("o", "u")) and common(stem + "a", lang):  # vecko- (vecka), gatu- (gata)
        return True
    return not head.endswith("a") and common(head + "a", lang)  # skol- (skola), flick- (flicka)


def _last_part(tail: str, lang: str) -> bool:
    """A word, also inflected ("listan", "scheman", "lautakunnan"); not a vowel and a case ending ("Mykyt|alle")."""
    if len(tail) < 5 and tail[1:] in _FINNISH_CASE_ENDINGS:
        return False
    return common(tail, lang) or any(common(base, lang) for base in tail_bases(tail))


def tail_bases(tail: str) -> list[str]:
    """Base forms of the end of a word, four letters or more: Finnish case endings and Swedish inflections."""
    bases = [base for base in base_forms(tail)[:3] if len(base) > 3]
    bases += [
        tail[: -len(ending)] for ending in _SWEDISH_ENDINGS if tail.endswith(ending) and len(tail) - len(ending) > 3
    ]
    return bases


@lru_cache(maxsize=200_000)
def common(folded: str, lang: str) -> bool:
    """A word of ``lang`` (``lexicon.common_word``); True when the word tables cannot be read."""
    try:
        return lexicon.common_word(folded, lang)
    except Exception:  # noqa: BLE001 - redaction never raises; without word tables no word counts as unknown
        return True
