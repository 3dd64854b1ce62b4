"""Evidence that a word no cue word or built-in first name marks is a person's name, weighed per text language.

A capitalised word is a name when, mid-sentence, it is listed (name statistics), has a surname's shape, has a listed
or shaped base form ("Kajsalle", "Virtaselle"), or is no word of the language at all (the lemma tables and stop
words do not know it, nor any of its base forms); at the start of a sentence only a listed or shaped word that is
not also a common word counts, or any non-word followed by another name word ("Zainab Warsame sa"). A lower-case
word is a name only when listed and no word of the language. The gazetteer (``lexicon.not_names``: places, systems,
unions, authorities) wins over all of this, and so does a name that is also an everyday word at a sentence start.
The organisation's own people (``KnownNames``) count like listed names.
"""

from __future__ import annotations

from functools import lru_cache

from nlp.redaction import lexicon
from nlp.redaction.compounds import common, compound, tail_bases
from nlp.redaction.known_names import KnownNames
from nlp.redaction.name_shapes import base_forms, place_shaped, surname_shaped

_MIN_LOWER_CASE = 3


class Evidence:
    """The checks for one text: its language and the organisation's known names (or None)."""

    def __init__(self, lang: str, known: KnownNames | None) -> None:
        self.lang = lang if lang in lexicon.LANGS else "sv"
        self.known = known if known else None

    def common(self, folded: str) -> bool:
        """``folded`` is a word of the text's language (lemma tables or stop words)."""
        return common(folded, self.lang)

    def never_a_name(self, folded: str) -> bool:
        """A place, system, union or authority, also inflected ("Tampereella", "Kelalle"), or a hyphenated one."""
        gazetteer = lexicon.not_names()
        if folded in gazetteer or place_shaped(folded):
            return True
        parts = folded.split("-")
        if len(parts) > 1 and any(part in gazetteer for part in parts):
            return not any(lexicon.is_listed(part) for part in parts if part not in gazetteer)
        if lexicon.lemma_of(folded, self.lang).casefold() in gazetteer:  # "Jyväskylässä", "Tampereelle"
            return True
        # a short base form is rarely the place ("Ville" → "vi"), except in the Swedish genitive ("Åres")
        return any(base in gazetteer for base in base_forms(folded)[:4] if len(base) > 3 or base + "s" == folded)

    def is_known(self, folded: str) -> bool:
        """One of the organisation's people, as written or inflected."""
        if self.known is None or len(folded) < 2:
            return False
        return _known(self.known, folded)

    def listed(self, folded: str) -> bool:
        """A listed name, a hyphenated name with a listed part ("Al-Hassan", "Lindberg-Ahmadi"), or inflected."""
        if lexicon.is_listed(folded):
            return True
        parts = folded.split("-")
        if len(parts) > 1 and any(lexicon.is_listed(part) for part in parts):
            return True
        return any(lexicon.is_listed(base) for base in base_forms(folded))

    def shaped(self, folded: str) -> bool:
        """A surname's shape, also in a base form ("Virtaselle")."""
        return surname_shaped(folded, strong_only=True) or any(
            surname_shaped(base, strong_only=True) and not self._word_stem(base) for base in base_forms(folded)
        )

    def _word_stem(self, base: str) -> bool:
        """A "-nen" base form whose stem is a word or compound ("Muutos-ta", "Kansaneläkelaitos-ta"): a noun in the
        partitive, not a surname ("Virtas-ta" → Virtanen)."""
        stem = base[:-3] + "s"
        return base.endswith("nen") and (self.common(stem) or self.compound(stem))

    def unknown_word(self, folded: str) -> bool:
        """Neither the word nor any of its parts or base forms is a word of the language."""
        if self.common(folded) or len(folded) < 2:
            return False
        parts = folded.split("-")
        if len(parts) > 1 and all(self.common(part) for part in parts):
            return False
        if self.lang == "sv" and folded.endswith(_SWEDISH_ADVERB_ENDINGS):
            return False
        return not any(self.common(base) for base in tail_bases(folded))

    def capitalised_name(
        self, folded: str, sentence_start: bool, name_follows: bool, after_place_word: bool = False
    ) -> bool:
        """A capitalised word that no earlier rule decided (see the module docstring). ``after_place_word``: it
        follows "i", "på" or "in", where an unknown word is a place ("på Kastanjen", "i Visby")."""
        if len(folded) < 2:
            return False
        known = self.is_known(folded)
        if self.never_a_name(folded):
            return known and not sentence_start
        if folded in lexicon.ambiguous():
            return not sentence_start or name_follows
        if known:
            return not sentence_start or not self.common(folded) or name_follows
        if not sentence_start:
            if self.listed(folded) or self.shaped(folded):
                return True
            if after_place_word:
                return False
            return self.unknown_word(folded) and not compound(folded, self.lang, strict=True) and self.foreign(folded)
        if lexicon.is_listed(folded):  # a listed name that is no everyday word (those are in ``ambiguous``)
            return True
        if self.listed(folded):  # inflected or hyphenated
            if not self.common(folded) or surname_shaped(folded, strong_only=True) or name_follows:
                return True
            if self.lang != "fi":
                return False
            lemma = lexicon.lemma_of(folded, self.lang).casefold()  # "Mikon" → mikko: the name, inflected
            return lemma != folded and lexicon.is_listed(lemma) and lemma not in lexicon.ambiguous()
        if self.common(folded):
            return False
        if name_follows or self.proper(folded):
            return True
        if self.compound(folded, any_language=True):  # "Körlistan" (not "Sjöström": a surname's shape)
            return False
        if self.shaped(folded):
            return True
        if len(folded) < 4 or not self.unknown_word(folded):
            return False
        return self.foreign(folded)

    def foreign(self, folded: str) -> bool:
        """No word of the other languages either (English "Lean", Swedish words in Finnish text), nor shaped like
        a derived word of the text's language ("Schemaläggningen", "Kuunteleminen")."""
        if folded.endswith(_DERIVED_ENDINGS.get(self.lang, ())):
            return False
        return not any(common(folded, other) for other in lexicon.LANGS if other != self.lang)

    def compound(self, folded: str, any_language: bool = False) -> bool:
        """A compound of words ("Körlistan", "Koulutusmatka"; see ``compounds``), of the text's language or, with
        ``any_language``, of Swedish or Finnish (a short sentence's language is easily guessed wrong)."""
        if compound(folded, self.lang):
            return True
        return any_language and any(compound(folded, other) for other in ("sv", "fi") if other != self.lang)

    def proper(self, folded: str) -> bool:
        """The lemma tables know the word, or one of its base forms, as a proper noun only."""
        return lexicon.proper_noun(folded, self.lang) or any(
            lexicon.proper_noun(base, self.lang) for base in base_forms(folded)[:4]
        )

    def lower_case_name(self, folded: str) -> bool:
        """A lower-case word that is a listed or known name, also inflected ("kajsa", "fatimalta"), and no word of
        the language."""
        ambiguous = lexicon.ambiguous()
        if len(folded) < _MIN_LOWER_CASE or folded in ambiguous or lexicon.stop_word(folded, self.lang):
            return False
        if not (
            lexicon.is_listed(folded)
            or self.is_known(folded)
            or any(
                lexicon.is_listed(base) and base not in ambiguous and not base.endswith("nen")  # "tuomista"
                for base in base_forms(folded)[:4]
            )
        ):
            return False
        if self.never_a_name(folded):
            return False
        if not self.common(folded):
            return True
        lemma = lexicon.lemma_of(folded, self.lang).casefold() if self.lang == "fi" else folded
        return lemma != folded and lexicon.is_listed(lemma) and lemma not in ambiguous  # "jukalta" → jukka

    def name_word(self, folded: str) -> bool:
        """Could follow a name as its surname even at a line's start: listed, shaped or known."""
        return lexicon.is_listed(folded) or surname_shaped(folded) or self.is_known(folded)


# Endings of derived common words (nouns of action and quality, adjectives, participles): never a name's ending.
_DERIVED_ENDINGS: dict[str, tuple[str, ...]] = {
    "sv": (
        "ningen",
        "ningar",
        "ningarna",
        "heten",
        "heter",
        "andet",
        "endet",
        "arna",
        "erna",
        "orna",
        "ingen",
        "ande",
        "ende",
        "else",
        "elsen",
        "het",
        "tion",
        "tionen",
        "tioner",
        "ism",
        "ismen",
        "isten",
        "erad",
        "erat",
        "iska",
        "iskt",
        "ligt",
        "liga",
        "lig",
        "fullt",
        "ering",
        "eringen",
        "skap",
        "skapet",
        "dom",
        "domen",
        "itet",
        "iteten",
        "ansen",
        "ensen",
        "grupp",
        "gruppen",
        "tjänst",
    ),
    "fi": (
        "minen",
        "misen",
        "miseen",
        "misessa",
        "uus",
        "yys",
        "uuden",
        "yyden",
        "isuus",
        "mus",
        "mys",
        "sto",
        "stö",
        "llinen",
        "llisen",
        "ttava",
        "ttävä",
        "nut",
        "nyt",
        "neet",
        "tava",
        "tävä",
        "vaa",
        "vää",
        "ssaan",
        "ssään",
        "staan",
        "stään",
        "lleen",
    ),
}
_SWEDISH_ADVERB_ENDINGS = ("vis", "mässigt", "mässig", "bra", "dag", "tid", "över")


@lru_cache(maxsize=100_000)
def _known(known: KnownNames, folded: str) -> bool:
    """One HMAC per form (the word and its base forms), remembered across texts for the same ``KnownNames``."""
    return known.knows(folded) or any(known.knows(base) for base in base_forms(folded))
