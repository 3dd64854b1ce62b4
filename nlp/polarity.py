"""Praise, problem or neither: the polarity of a short workplace comment (issue 21), without a neural model.

A comment is split into words and punctuation; each word is looked up, as written and as its lemma
(``nlp.lemmas.lemma``, stop words included), in ``nlp.polarity_lexicon``: an openly licensed
sentiment lexicon under Omtanke's own workplace layer ("för lite personal", "hinner inte", "liian", "kiire",
"toimii hyvin"). The scores are summed with five rules from how staff write:

- Negation ("inte", "ingen", "aldrig"; "ei" and its forms "en", "emme", "eivät"…; "not", "never") turns the polarity
  of the next ``NEGATION_SCOPE`` words (up to "och"/"ja"/"and" and the first strong word) and of the word just before
  ("lyssnar inte", "kiitosta ei tule"). A negated praise word becomes a full problem; a negated problem word three
  quarters of a praise ("inte stressigt").
- A wish or need ("önskar", "behöver", "borde"; "toivoisin", "pitäisi", "tarvitaan"; "should") says that something is
  missing: it counts as a problem, and praise words after it in the same clause count against ("önskar tydligare
  information").
- A clause opened by "när", "om man", "kun", "jos", "when", "if" sets a condition and counts for nothing ("stöd när jag
  behöver det", "någon att fråga om man är osäker").
- Contrast ("men", "dock", "mutta", "but"): the part after the last contrast word carries the message: when it leans the
  other way it alone decides ("bra kollegor men för mycket att göra"), else the parts before it count half.
- "No comments", "vet inte", "en osaa sanoa" say nothing; a question or a "why" counts as a small complaint.

By the rules alone (``rule_polarities``; English) a total of at least ``PRAISE_THRESHOLD`` is praise, at most
``-PROBLEM_THRESHOLD`` a problem, else neither. For Swedish and Finnish the total is evidence added to a small learned
model's (``nlp.polarity_model``: lemmas and their character n-grams), which decides where the lexicons know no word
("Vi drunknar i mejl"). Figures are in ``bench/polarity.py`` and ``docs/polarity.md``. Pure: no I/O beyond reading
the lexicons and weights once; never imports the web app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from nlp.language import LANGUAGES, detect_languages
from nlp.lemmas import lemma
from nlp.normalise import lower_tokens, normalise
from nlp.polarity_lexicon import BUT, NEG, NONE, NOTHING, POLAR, WISH, Entry, Lexicon, lexicon
from nlp.polarity_model import CLASSES, class_scores_many
from nlp.polarity_model import LANGUAGES as MODEL_LANGUAGES

__all__ = [
    "POLARITIES",
    "PRAISE_THRESHOLD",
    "PROBLEM_THRESHOLD",
    "combine",
    "polarities",
    "polarities_of",
    "polarity",
    "rule_polarities",
    "score",
    "scores",
    "tokens_and_lemmas",
]

POLARITIES: tuple[str, ...] = ("praise", "problem", "neither")

PRAISE_THRESHOLD = 0.75  # one weak word ("lagom") is not yet praise
PROBLEM_THRESHOLD = 0.5  # but one negated need ("ingen tid") is a problem
NEGATION_SCOPE = 4
NEGATION_BASE = -0.5  # a negation that turns no word leans towards a complaint ("vi får aldrig veta")
WISH_SCORE = -1.5
QUESTION_SCORE = -0.5
BEFORE_CONTRAST = 0.5
WISHED_PRAISE = -0.5  # "önskar tydligare information": a praise word after a wish names what is missing
NEGATED_PROBLEM = 0.75  # "inte stressigt" is praise, but weaker than "lugnt"
# Combining the rules with the learned model (chosen by cross-validation on the development sets, docs/polarity.md).
RULE_WEIGHT = 3.0
NEITHER_CLOSE = 0.6  # a rule score within ±0.3 of zero is evidence for neither, the more the closer
RULE_LABEL_BONUS = 1.0

_BOUNDARIES = frozenset(".!?;:,")
# "And"/"or" end a negation's scope: "inte sjuk och mår bra".
_CONJUNCTIONS = frozenset({"och", "samt", "eller", "ja", "sekä", "tai", "and", "or"})
# "When/if" opens a clause that sets a condition: what it says is not the comment's message ("jag får stöd när jag
# behöver det", "det finns alltid någon att fråga om man är osäker").
_CONDITIONS = frozenset({"när", "ifall", "kun", "jos", "kunhan", "when", "if", "whenever"})
_CONDITIONAL_OM = frozenset({"man", "jag", "vi", "du", "ni", "någon", "det", "de", "hon", "han", "alla"})  # "om man"
# A negation also turns the word just before it: Swedish and English put "inte"/"not" after the verb ("lyssnar inte"),
# sometimes with a subject between, and Finnish often puts the object first ("kiitosta ei tule"). Not these, which
# join or introduce what follows.
_FORWARD_ONLY = frozenset(
    "eikä enkä etkä emmekä ettekä eivätkä ettei jottei ellei ilman vailla utan varken without nor neither".split()
)
_PRONOUNS = frozenset("det vi jag man hon han de ni den du mig oss dig sig it we they he she me us".split())
# A comment that opens with "more"/"fler" asks for something ("Mer personal!").
_REQUEST_OPENERS = frozenset({"mer", "mera", "fler", "lisää", "enemmän", "more"})
# Staff ask "why" when something is wrong ("Varför får vi aldrig vara med och bestämma").
_QUESTION_WORDS = frozenset({"varför", "miksi", "why"})
# Words that always take part in the reading, entry or not.
_ACTIVE = _BOUNDARIES | _CONJUNCTIONS | _CONDITIONS | {"om"}
_ENTRY_CACHE_LIMIT = 200_000
_MISSING = Entry("missing")


def polarity(text: str, lang: str | None) -> str:
    """``"praise"``, ``"problem"`` or ``"neither"`` for one comment in ``lang`` (sv, fi, en; None: guess)."""
    return polarities([text], [lang])[0]


def polarities(texts: Sequence[str], langs: Sequence[str | None]) -> list[str]:
    """``polarity`` of every text, in order; each distinct text is scored once and its words lemmatised in one batch.

    The rules' score and the learned model (``nlp.polarity_model``) are added as evidence: the model's class scores,
    plus ``RULE_WEIGHT`` times the rules' score for praise (above zero) or a problem (below), and for neither as
    much as the score is close to zero. The rules decide what they are sure of; the model what they do not know."""
    clean, chosen = _prepared(texts, langs)
    return polarities_of(clean, chosen)


def polarities_of(
    texts: Sequence[str], langs: Sequence[str], tokens: Mapping[str, list[str]] | None = None
) -> list[str]:
    """``polarities`` of texts already ``nlp.normalise`` d, each with its language (sv, fi or en): what
    ``nlp.themes`` calls, once per distinct text, without normalising or detecting anything again. ``tokens``
    (optional): each text's ``nlp.normalise.lower_tokens``."""
    labels: dict[tuple[str, str], str] = {}
    for lang, reading in _read(texts, langs, tokens).items():
        if lang in MODEL_LANGUAGES:
            model = class_scores_many(reading.words, reading.lemma_of, lang)
            found = map(combine, model, reading.values)
        else:
            found = map(_label, reading.values)
        labels.update(zip(((text, lang) for text in reading.texts), found, strict=True))
    return [labels[key] for key in zip(texts, langs, strict=True)]


def combine(model: Sequence[float], value: float) -> str:
    """The label from the model's class scores (in ``POLARITIES`` order) and the rules' score ``value``."""
    evidence = [
        model[0] + RULE_WEIGHT * max(value, 0.0),
        model[1] + RULE_WEIGHT * max(-value, 0.0),
        model[2] + RULE_WEIGHT * max(NEITHER_CLOSE - 2 * abs(value), 0.0),
    ]
    ruled = _label(value)
    if ruled != "neither":  # what the rules call praise or a problem ("ingen vikarie") keeps a head start
        evidence[CLASSES.index(ruled)] += RULE_LABEL_BONUS
    return CLASSES[evidence.index(max(evidence))]


def score(text: str, lang: str | None) -> float:
    """The rules' summed polarity of one comment: above zero leans to praise, below to a problem."""
    return scores([text], [lang])[0]


def scores(texts: Sequence[str], langs: Sequence[str | None]) -> list[float]:
    """``score`` of every text, in order."""
    clean, chosen = _prepared(texts, langs)
    values = {
        (text, lang): value
        for lang, reading in _read(clean, chosen).items()
        for text, value in zip(reading.texts, reading.values, strict=True)
    }
    return [values[key] for key in zip(clean, chosen, strict=True)]


def rule_polarities(texts: Sequence[str], langs: Sequence[str | None]) -> list[str]:
    """The label the rules alone give (``PRAISE_THRESHOLD``, ``PROBLEM_THRESHOLD``), without the learned model."""
    return [_label(value) for value in scores(texts, langs)]


def tokens_and_lemmas(text: str, lang: str) -> tuple[list[str], list[str]]:
    """The words and punctuation of one comment, and the lemma of each, as the rules and the model read them."""
    words = lower_tokens(normalise(text))
    lemmatise = _lemma_of(lang)
    return words, [lemmatise(word) for word in words]


def _prepared(texts: Sequence[str], langs: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """The texts normalised, each with its language: the one given, else detected (Swedish when unsure)."""
    if len(texts) != len(langs):
        raise ValueError(f"got {len(texts)} texts but {len(langs)} languages")
    unknown = [index for index, lang in enumerate(langs) if lang not in LANGUAGES]
    guessed = dict(zip(unknown, detect_languages([texts[index] for index in unknown], default="sv"), strict=True))
    chosen = [lang if lang in LANGUAGES else (guessed[index] or "sv") for index, lang in enumerate(langs)]
    clean: dict[str, str] = {}
    return [clean.get(text) or clean.setdefault(text, normalise(text)) for text in texts], chosen


class _Reading(NamedTuple):
    """The distinct texts of one language, the words of each, every word's lemma and each text's rules' score."""

    texts: list[str]
    words: list[list[str]]
    lemma_of: dict[str, str]
    values: list[float]


def _read(
    texts: Sequence[str], langs: Sequence[str], tokens: Mapping[str, list[str]] | None = None
) -> dict[str, _Reading]:
    """Each language's distinct normalised texts read: each distinct word lemmatised and looked up once."""
    by_language: dict[str, dict[str, None]] = {}
    for text, lang in zip(texts, langs, strict=True):
        by_language.setdefault(lang, {})[text] = None
    found: dict[str, _Reading] = {}
    for lang, distinct in by_language.items():
        if lang not in LANGUAGES:
            raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        words = [lower_tokens(text) if tokens is None else tokens[text] for text in distinct]
        lemmatise = _lemma_of(lang)
        lemma_of = {word: lemmatise(word) for word in {word for text_words in words for word in text_words}}
        inert = _inert(lang, lemma_of)
        values = [_score_tokens(text_words, lemma_of, lang, inert) for text_words in words]
        found[lang] = _Reading(list(distinct), words, lemma_of, values)
    return found


def _lemma_of(lang: str) -> Callable[[str], str]:
    """A word's lemma (stop words too: "hyviä" → "hyvä"); punctuation is its own."""
    return lambda word: word if word in _BOUNDARIES else (lemma(word, lang) or word)


def _inert(lang: str, lemma_of: Mapping[str, str]) -> frozenset[str]:
    """The words that the rules pass over: no entry, no phrase starting with them, no boundary, conjunction or
    condition. The reading of a comment skips them (their positions still count)."""
    found = lexicon(lang)
    cache = _word_entries(lang)
    if len(cache) > _ENTRY_CACHE_LIMIT:
        cache.clear()
    inert = []
    for word, base in lemma_of.items():
        if word in _ACTIVE or word in found.phrases or base in found.phrases:
            continue
        entry = cache.get(word, _MISSING)
        if entry is _MISSING:
            entry = cache[word] = found.word(word, base)
        if entry is None:
            inert.append(word)
    return frozenset(inert)


def _label(value: float) -> str:
    if value >= PRAISE_THRESHOLD:
        return "praise"
    if value <= -PROBLEM_THRESHOLD:
        return "problem"
    return "neither"


@functools.cache
def _word_entries(lang: str) -> dict[str, Entry | None]:
    """Each word's entry once looked up (a word's lemma never changes, so the word alone is the key)."""
    return {}


def _matches(element: str, surface: str, base: str) -> bool:
    if element.endswith("*"):
        return surface.startswith(element[:-1]) or base.startswith(element[:-1])
    return element in (surface, base)


def _entry_at(words: list[str], lemma_of: Mapping[str, str], at: int, found: Lexicon) -> tuple[Entry | None, int]:
    """The entry starting at word ``at`` and how many words it covers: the longest phrase, else the word itself."""
    for first in (words[at], lemma_of[words[at]]):
        for elements, entry in found.phrases.get(first, ()):
            end = at + len(elements)
            if end <= len(words) and all(
                _matches(element, words[at + offset], lemma_of[words[at + offset]])
                for offset, element in enumerate(elements[1:], start=1)
            ):
                return entry, len(elements)
    key = words[at]
    cache = _word_entries(found.lang)
    try:
        return cache[key], 1
    except KeyError:
        entry = cache[key] = found.word(key, lemma_of[key])
        return entry, 1


class _Clause:
    """Running state while reading one comment left to right."""

    def __init__(self) -> None:
        self.parts = [0.0]
        self.negated_until = -1
        self.wishing = False
        self.last_polar: tuple[int, float] | None = None  # (word position, contribution) for backward negation
        self.bare_negation = False  # a negation has added NEGATION_BASE and turned no word yet
        self.conditional = False  # after "när"/"jos"/"if": the clause sets a condition and says nothing itself

    def boundary(self) -> None:
        self.negated_until = -1
        self.wishing = False
        self.last_polar = None
        self.bare_negation = False
        self.conditional = False

    def turned(self) -> None:
        """A negation turned a word: it no longer counts on its own."""
        if self.bare_negation:
            self.add(-NEGATION_BASE)
            self.bare_negation = False

    def add(self, value: float) -> None:
        self.parts[-1] += value

    def total(self) -> float:
        """After a contrast the last part decides when it leans the other way; else the earlier parts count half."""
        *before, after = self.parts
        earlier = sum(before)
        if after * earlier < 0:
            return after
        return after + BEFORE_CONTRAST * earlier


def _flip(value: float) -> float:
    return -value if value > 0 else -value * NEGATED_PROBLEM


def _score_tokens(tokens: list[str], lemma_of: Mapping[str, str], lang: str, inert: frozenset[str]) -> float:
    found = lexicon(lang)
    state = _Clause()
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token in inert:
            at += 1
            continue
        if token in _BOUNDARIES:
            state.boundary()
            at += 1
            continue
        if token in _CONJUNCTIONS:
            state.negated_until = -1
        entry, length = _entry_at(tokens, lemma_of, at, found)
        kind = entry.kind if entry is not None else ""
        if _opens_condition(tokens, at):
            state.conditional = True
        if state.conditional and kind != BUT:
            at += length
            continue
        if kind == BUT:
            state.parts.append(0.0)
            state.boundary()
        elif kind == NONE:
            state.turned()
            state.negated_until = -1
        elif kind in (NEG, NOTHING):
            _negate(state, tokens, at, leans=kind == NEG)
        elif kind == WISH:
            state.add(WISH_SCORE)
            state.wishing = True
        elif kind == POLAR and entry is not None:
            value = entry.score
            if at <= state.negated_until:
                value = _flip(value)
                state.last_polar = None
                if abs(value) >= 1:  # one strong word ends it: "ratkaisemme ongelmat hyvällä tavalla"
                    state.negated_until = -1
                state.turned()
            else:
                if state.wishing and value > 0:
                    value = WISHED_PRAISE * value
                state.last_polar = (at + length - 1, value)
            state.add(value)
        at += length
    value = state.total()
    if "?" in tokens or _QUESTION_WORDS.intersection(tokens):
        value += QUESTION_SCORE
    if tokens and tokens[0] in _REQUEST_OPENERS and value < PRAISE_THRESHOLD:
        value += WISH_SCORE
    return value


def _opens_condition(words: list[str], at: int) -> bool:
    """Whether word ``at`` opens a "when/if" clause (sv "om" only before its subject: "om man", not "om budgeten")."""
    if words[at] in _CONDITIONS:
        return True
    return words[at] == "om" and at + 1 < len(words) and words[at + 1] in _CONDITIONAL_OM


def _negate(state: _Clause, tokens: list[str], at: int, leans: bool) -> None:
    """A negation at word ``at``: scope over the next words, and over the word just before it. ``leans``: it counts
    as a small complaint until it turns a word ("inte", "ei"; not "ingenting", "mitään")."""
    if leans and not state.bare_negation and at > state.negated_until:
        state.add(NEGATION_BASE)
        state.bare_negation = True
    state.negated_until = at + NEGATION_SCOPE
    if state.last_polar is None:
        return
    position, value = state.last_polar
    between = tokens[position + 1 : at]
    if tokens[at] not in _FORWARD_ONLY and len(between) <= 1 and all(word in _PRONOUNS for word in between):
        state.add(_flip(value) - value)
        state.last_polar = None
        state.turned()
