"""Personal names: listed first names (also inflected), the caller's extra names, and any capitalised word after a
cue word, with the capitalised surnames that follow; never a workplace's name (see the package docstring)."""

from __future__ import annotations

import re

from nlp.names import AMBIGUOUS_NAMES, NOT_NAMES
from nlp.redaction import lexicon
from nlp.redaction.evidence import Evidence
from nlp.redaction.extra_names import ExtraNames
from nlp.redaction.known_names import KnownNames
from nlp.redaction.name_forms import TOKEN, capitalised, inflected_base, listed
from nlp.redaction.placeholders import PLACEHOLDERS

# A capitalised word right after one of these (separated by spaces only) is a person, even when not in the list.
CUE_WORDS: frozenset[str] = frozenset(
    # Swedish
    "chef chefen enhetschef enhetschefen verksamhetschef verksamhetschefen avdelningschef avdelningschefen "
    "kollega kollegan arbetskamrat arbetskamraten sjuksköterskan undersköterskan sköterskan syster "
    "rektor rektorn läraren förskolläraren handledaren samordnaren vårdbiträdet mentorn heter hette kallas "
    "fru herr doktor läkaren läkare kuratorn fysioterapeuten arbetsterapeuten handläggaren vikarien praktikanten "
    "brukaren patienten "
    # Finnish
    "esihenkilö esihenkilöni esihenkilömme esimies esimieheni esimiehemme kollega kollegani kollegamme "
    "työkaveri työkaverini työkaverimme työtoveri hoitaja hoitajamme sairaanhoitaja lähihoitaja johtaja "
    "johtajamme rehtori opettaja ohjaaja nimeltä nimeltään rouva herra lääkäri osastonhoitaja palveluesimies "
    "sijainen harjoittelija fysioterapeutti toimintaterapeutti sosiaalityöntekijä psykologi kuraattori "
    "lähiesihenkilö palvelupäällikkö päällikkö tiiminvetäjä vuorovastaava "
    # English
    "manager colleague coworker co-worker boss supervisor nurse teacher named called mr mrs ms dr".split()
)
# Abbreviated titles may carry a full stop before the name ("Dr. Nyström").
_ABBREVIATED_CUES = frozenset({"mr", "mrs", "ms", "dr"})

# Capitalised words right after one of these are the name of a workplace, never a person ("Förskolan Solrosen").
WORKPLACE_WORDS: frozenset[str] = frozenset(
    # Swedish
    "förskola förskolan skola skolan boende boendet äldreboende äldreboendet gruppboende gruppboendet "
    "hemtjänst hemtjänsten enhet enheten avdelning avdelningen vårdcentral vårdcentralen mottagning mottagningen "
    "fritidshem fritidshemmet kvarteret huset "
    # Finnish
    "päiväkoti koulu yksikkö osasto hoivakoti palvelutalo asumisyksikkö kotihoito neuvola terveysasema "
    # English
    "school preschool unit ward department".split()
)

# Prepositions after which an unknown capitalised word is a place ("på Kastanjen", "i Visby", "in Leeds").
_PLACE_WORDS = frozenset({"i", "på", "in", "at"})
# Words joining two names: "Björn och Kajsa", "Mikon ja Lahjan".
_AND_WORDS = frozenset({"och", "eller", "samt", "ja", "sekä", "tai", "and", "or", "&"})
_SENTENCE_BREAK = re.compile(r"[.!?…:;\n\r\u2029]")
# Where a capitalised word may be capitalised for another reason than being a name: a quote, a bullet, a bracket.
_SOFT_START = re.compile(r"[\"“”„«»'‘(\[\-–—•*/]")
_CASE_MARKS = frozenset(":’'")
_CASE_AFTER_COLON = re.compile(r"[:’'][a-zåäö]{1,6}")
_PREFIX = re.compile(r"[-\u2010\u2011]\s")
_ONLY_SPACES = re.compile(r"[ \t\u00a0\u202f]{1,3}")
_ABBREVIATION_GAP = re.compile(r"\.?[ \t\u00a0\u202f]{1,3}")


def redact_names(text: str, extras: ExtraNames, lang: str = "sv", known: KnownNames | None = None) -> tuple[str, int]:
    """``text`` with every personal name replaced by ``[NAME]``, and how many were."""
    return _NameScanner(text, extras, Evidence(lang, known)).redact()


class _NameScanner:
    """One pass over the word tokens of a text, deciding token by token (see the package docstring for the rules)."""

    def __init__(self, text: str, extras: ExtraNames, evidence: Evidence) -> None:
        self.text = text
        self.extras = extras
        self.evidence = evidence
        self.tokens = list(TOKEN.finditer(text))
        self.words = [token.group() for token in self.tokens]

    def gap_before(self, index: int) -> str:
        if not index:
            return self.text[: self.tokens[0].start()]
        return self.text[self.tokens[index - 1].end() : self.tokens[index].start()]

    def joined(self, index: int) -> bool:
        """Token ``index`` follows the previous one with spaces only in between (same line, same sentence)."""
        return index > 0 and _ONLY_SPACES.fullmatch(self.gap_before(index)) is not None

    def surname_like(self, index: int) -> bool:
        word = self.words[index]
        if word[0] == "[" or word in NOT_NAMES or not self.joined(index):
            return False
        if len(word) == 1:  # an initial: "Anna S."
            end = self.tokens[index].end()
            return word.isupper() and self.text[end : end + 1] == "."
        folded = word.casefold()
        if not capitalised(word):
            return self.evidence.lower_case_name(folded) and self.evidence.name_word(folded)
        return not self.evidence.never_a_name(folded) or lexicon.is_listed(folded)

    def name_length(self, index: int) -> int:
        """How many tokens from ``index`` on make up a name (0: none); the surnames that follow are added later."""
        words, extras = self.words, self.extras
        word = words[index]
        folded = word.casefold()
        if extras:
            for candidate in extras.multi.get(folded, ()):
                end = index + len(candidate)
                if end <= len(words) and all(
                    words[index + offset].casefold() == part and (not offset or self.joined(index + offset))
                    for offset, part in enumerate(candidate)
                ):
                    return len(candidate)
            if folded in extras.single:
                return 1
        if not capitalised(word):
            lower_case = self.evidence.lower_case_name(folded) or self._listed_before_case_ending(index)
            return 1 if word[0].islower() and lower_case else 0
        gap = self.gap_before(index)
        sentence_start = index == 0 or _SENTENCE_BREAK.search(gap) is not None
        if folded in extras.capitalised:  # a supplied name that is also a word: like an ambiguous listed name
            return 1 if not sentence_start or self._surname_follows(index) else 0
        if folded in extras.parts:
            return 1
        if word in NOT_NAMES:
            return 0
        previous = words[index - 1].casefold() if index else ""
        if (previous in CUE_WORDS and _ONLY_SPACES.fullmatch(gap)) or (
            previous in _ABBREVIATED_CUES and _ABBREVIATION_GAP.fullmatch(gap)
        ):
            return 1
        if listed(word):
            if sentence_start and word in AMBIGUOUS_NAMES:
                return 1 if self._surname_follows(index) else 0
            return 1
        base = inflected_base(word)
        if base is not None and (not sentence_start or (word == base + "s" and base not in AMBIGUOUS_NAMES)):
            return 1  # at a sentence start only the Swedish genitive ("Annas schema"); else the evidence decides
        if folded in WORKPLACE_WORDS or folded in CUE_WORDS or _PREFIX.match(self.text, self.tokens[index].end()):
            return 0  # a cue or workplace word itself, or the first half of "Sosiaali- ja terveystoimi"
        soft_start = sentence_start or _SOFT_START.search(gap) is not None
        after_place_word = previous in _PLACE_WORDS and _ONLY_SPACES.fullmatch(gap) is not None
        name = self.evidence.capitalised_name(folded, soft_start, self._name_follows(index), after_place_word)
        return 1 if name else 0

    def _listed_before_case_ending(self, index: int) -> bool:
        """A listed name written in lower case with a Finnish case ending after a colon ("tiina:lle")."""
        end = self.tokens[index].end()
        return (
            self.text[end : end + 1] in _CASE_MARKS
            and index + 1 < len(self.tokens)
            and _CASE_AFTER_COLON.fullmatch(self.text, end, self.tokens[index + 1].end()) is not None
            and lexicon.is_listed(self.words[index].casefold())
        )

    def _name_follows(self, index: int) -> bool:
        """The next word, on the same line, is capitalised and listed, shaped or known ("Zainab Warsame")."""
        following = index + 1
        if following >= len(self.words) or not self.joined(following):
            return False
        word = self.words[following]
        return capitalised(word) and len(word) > 1 and self.evidence.name_word(word.casefold())

    def _surname_follows(self, index: int) -> bool:
        return index + 1 < len(self.words) and len(self.words[index + 1]) > 1 and self.surname_like(index + 1)

    def redact(self) -> tuple[str, int]:
        spans = self._coordinated(self._name_spans())
        if not spans:
            return self.text, 0
        pieces: list[str] = []
        position = 0
        for first, last in sorted(spans):
            pieces.append(self.text[position : self.tokens[first].start()])
            pieces.append(PLACEHOLDERS["name"])
            position = self.tokens[last].end()
            if last + 1 < len(self.tokens) and _CASE_AFTER_COLON.fullmatch(
                self.text, position, self.tokens[last + 1].end()
            ):
                position = self.tokens[last + 1].end()  # "Pirjo:lle": the Finnish case ending goes with the name
        pieces.append(self.text[position:])
        return "".join(pieces), len(spans)

    def _name_spans(self) -> list[tuple[int, int]]:
        """(first, last) token index of each name, left to right."""
        tokens, words = self.tokens, self.words
        total = len(tokens)
        spans: list[tuple[int, int]] = []
        index = 0
        while index < total:
            word = words[index]
            if word[0] == "[" or (
                word[0].islower()
                and not self.extras.may_start(word)
                and not self.evidence.lower_case_name(word.casefold())
                and not self._listed_before_case_ending(index)
            ):
                index += 1
                continue
            if (
                index
                and word[0].isupper()
                and words[index - 1].casefold() in WORKPLACE_WORDS
                and _ONLY_SPACES.fullmatch(self.gap_before(index))
            ):
                index += 1  # "Förskolan Solrosen", "avdelningen Lilla Björn": a place, not a person
                while index < total and capitalised(words[index]) and self.joined(index):
                    index += 1
                continue
            length = self.name_length(index)
            if not length:
                index += 1
                continue
            end = index + length
            while end < total and self.surname_like(end):
                end += 1
            if end < total and _CASE_AFTER_COLON.fullmatch(self.text, tokens[end - 1].end(), tokens[end].end()):
                end += 1
                spans.append((index, end - 2))
            else:
                spans.append((index, end - 1))
            index = end
        return spans

    def _coordinated(self, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """Add a capitalised word joined to a name by "och", "ja", "and"… ("Björn och [NAME]", "[NAME] ja
        Tsegayn"): a listed, known or ambiguous name ("Björn" is also a word), or mid-sentence an unknown word that
        is no compound; never a place. Repeated until nothing changes, so that redacting twice changes nothing."""
        found = set(spans)
        named = {index for first, last in found for index in range(first, last + 1)}
        changed = bool(found)
        while changed:
            changed = False
            for first, last in sorted(found):
                for word_index, and_index in ((first - 2, first - 1), (last + 2, last + 1)):
                    if self._coordinated_name(word_index, and_index, named):
                        found.add((word_index, word_index))
                        named.add(word_index)
                        changed = True
        return found

    def _coordinated_name(self, index: int, and_index: int, named: set[int]) -> bool:
        if index < 0 or index >= len(self.words) or index in named:
            return False
        word, conjunction = self.words[index], self.words[and_index].casefold()
        if conjunction not in _AND_WORDS or not (self.joined(and_index) and self.joined(and_index + 1)):
            return False
        folded = word.casefold()
        if not capitalised(word) or len(word) < 3 or word in NOT_NAMES or folded in CUE_WORDS:
            return False
        if index and self.words[index - 1].casefold() in _PLACE_WORDS and self.joined(index):
            return False  # "i Rogaland och …": places
        evidence = self.evidence
        if evidence.never_a_name(folded) or lexicon.stop_word(folded, evidence.lang) or folded in WORKPLACE_WORDS:
            return False
        if folded in lexicon.ambiguous() or evidence.listed(folded) or evidence.is_known(folded):
            return True
        gap = self.gap_before(index)
        sentence_start = index == 0 or _SOFT_START.search(gap) is not None or _SENTENCE_BREAK.search(gap) is not None
        return not sentence_start and evidence.unknown_word(folded) and not evidence.compound(folded)
