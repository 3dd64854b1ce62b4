"""The polarity lexicons: what one word, or a short run of words, says about a workplace (praise, problem, a role).

Two layers per language, both in ``nlp/data/polarity`` (sources and licences in its README): an openly licensed
general sentiment lexicon (``lexicon_<lang>*.tsv``: lemma, score; the first file wins) and Omtanke's own workplace layer
(``workplace_<lang>.tsv``: words, lemmas and phrases, with a score or a role). The workplace layer wins where both
know a word. "Without" suffixes come next (fi "-ton/-tön", sv "-lös", "-fri": "ongelmaton" and "stressfri" praise,
"kohtuuton" and "planlös" problems). A word the layers miss is looked for once more as a compound (its last part,
when the part before it is a word too: "personalbrist" → "brist") and through negative affixes (sv "o-" on a praising
word; fi "epä-", "-maton/-mätön", "-matta/-mättä"). Finnish verbs in the conditional mood ("toimisi") count as wishes.

Files are read lazily, once per process and language. This module does no network I/O and never imports the web app.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from nlp.lemmas import is_word

__all__ = ["BUT", "NEG", "NONE", "NOTHING", "POLAR", "WISH", "Entry", "Lexicon", "lexicon"]

DATA = Path(__file__).parent / "data" / "polarity"

POLAR = "polar"  # carries a score: praise above zero, problem below
NEG = "neg"  # a negation: turns the polarity of the next few words
NOTHING = "nothing"  # "ingenting", "mitään": turns like a negation but leans nowhere on its own
WISH = "wish"  # a wish, need or "should": what follows is missing, so a problem
BUT = "but"  # contrast: the part after it carries the message
NONE = "none"  # "no comments", "don't know", "opinion" after a negation: says nothing either way
_ROLES = frozenset({NEG, NOTHING, WISH, BUT, NONE})

# Compounds: the last part must be this long, and what is left in front at least _MIN_HEAD letters.
_MIN_TAIL = 4
_MIN_HEAD = {"sv": 4, "fi": 3, "en": 4}  # fi: "työ-" heads many compounds; sv "gem" + "ensam" is no compound
_MIN_PREFIX = 3
# Finnish verbs in the conditional mood end in -isi plus a personal ending; the lemma (an infinitive) ends in a or ä.
_CONDITIONAL = re.compile(r"..isi(?:n|mme|tte|vat|t)?$")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a word or phrase does: its ``kind`` (one of the roles above) and, for ``POLAR``, its ``score``."""

    kind: str
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's entries. ``words`` and ``prefixes`` (the part before a ``*``) hold single words of the
    workplace layer; ``general`` the general lexicon; ``phrases`` maps a first word to the phrases it starts, longest
    first, each a tuple of elements (a word, or a prefix ending in ``*``)."""

    lang: str
    words: Mapping[str, Entry]
    prefixes: Mapping[str, Entry]
    general: Mapping[str, Entry]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], Entry], ...]]
    longest_prefix: int

    def word(self, surface: str, lemma: str) -> Entry | None:
        """The entry of one word given as written and as its lemma, or ``None`` for a word that says nothing."""
        if self.lang == "fi" and surface not in self.words and _CONDITIONAL.search(surface) and lemma[-1:] in "aä":
            return Entry(WISH)  # the conditional mood: "toimisi", "tarvitsisimme" say what is not so
        exact = self.words.get(surface) or self.words.get(lemma)
        privative = self._privative(lemma) or self._privative(surface)
        return exact or privative or self._known(surface, lemma) or self._derived(surface, lemma)

    def _known(self, surface: str, lemma: str) -> Entry | None:
        for form in (surface, lemma):
            found = self.words.get(form)
            if found is not None:
                return found
        for form in (surface, lemma):
            for end in range(min(len(form), self.longest_prefix), _MIN_PREFIX - 1, -1):
                found = self.prefixes.get(form[:end])
                if found is not None:
                    return found
        for form in (surface, lemma):
            found = self.general.get(form)
            if found is not None:
                return found
        return None

    def _derived(self, surface: str, lemma: str) -> Entry | None:
        if surface.startswith("o") and len(surface) > 5 and self.lang == "sv":
            base = self._known(surface[1:], lemma[1:])
            if base is not None and base.kind == POLAR and base.score > 0:
                return Entry(POLAR, -max(base.score, 1.0))
        if self.lang == "fi" and len(surface) > 6:
            if surface.startswith("epä"):
                return Entry(POLAR, -1.5)
            if any(part in surface for part in ("maton", "mätön", "mattom", "mättöm")):
                return Entry(POLAR, -1.5)
            if surface.endswith(("matta", "mättä")) and not surface.endswith("huolimatta"):
                return Entry(POLAR, -1.0)  # "perustelematta": without giving reasons
        for form in (surface, lemma):
            for start in range(_MIN_HEAD[self.lang], len(form) - _MIN_TAIL + 1):
                tail = form[start:]
                found = self.words.get(tail) or self.general.get(tail)
                if found is not None and found.kind == POLAR and is_word(form[:start].rstrip("-"), self.lang):
                    return found
        return None

    def _privative(self, lemma: str) -> Entry | None:
        """ "Without" suffixes (fi "-ton/-tön", sv "-lös"; sv "-fri" only on a problem word): without a problem is
        praise ("ongelmaton", "virheetön", "stressfri"), without anything else a problem ("kohtuuton", "planlös")."""
        pattern = _PRIVATIVES.get(self.lang)
        found = pattern.search(lemma, 4) if pattern is not None else None
        if found is None:
            return None
        stem, ending = lemma[: found.start()].removesuffix("t"), found.group(1) or found.group(2)
        for form in (stem, stem[:-1], stem[:-1] + "i"):  # "virhee-tön" (virhe), "huole-ton" (huoli), "ansvar-s-lös"
            base = self._known(form, form)
            if base is not None and base.kind == POLAR and base.score < 0:
                return Entry(POLAR, 1.0)
        return None if ending.startswith("fri") else Entry(POLAR, -1.0)


# A "without" suffix as it ends a lemma or starts an inflected ending ("kohtuuttomia", "planlösa", "stressfritt").
_PRIVATIVES = {"fi": re.compile(r"(ton|tön)$|(?<=t)(tom|töm)[^\W\d_]*$"), "sv": re.compile(r"(lös|fri)(?:t|tt|a|e)?$")}


def _entries(path: Path) -> list[tuple[tuple[str, ...], Entry]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words, value = line.split("\t")
        entry = Entry(value) if value in _ROLES else Entry(POLAR, float(value))
        found.append((tuple(words.split()), entry))
    return found


@functools.cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` ("sv", "fi" or "en"), read from the data files on first use."""
    general: dict[str, Entry] = {}
    for path in sorted(DATA.glob(f"lexicon_{lang}*.tsv")):  # lexicon_sv.tsv before lexicon_sv_afinn.tsv: first wins
        for words, entry in _entries(path):
            general.setdefault(words[0], entry)
    words: dict[str, Entry] = {}
    prefixes: dict[str, Entry] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    for elements, entry in _entries(DATA / f"workplace_{lang}.tsv"):
        if len(elements) > 1:
            phrases.setdefault(elements[0], []).append((elements, entry))
        elif elements[0].endswith("*"):
            prefixes[elements[0][:-1]] = entry
        else:
            words[elements[0]] = entry
    return Lexicon(
        lang=lang,
        words=MappingProxyType(words),
        prefixes=MappingProxyType(prefixes),
        general=MappingProxyType(general),
        phrases=MappingProxyType(
            {first: tuple(sorted(runs, key=lambda run: -len(run[0]))) for first, runs in phrases.items()}
        ),
        longest_prefix=max(map(len, prefixes), default=0),
    )
