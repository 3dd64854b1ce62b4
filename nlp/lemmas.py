"""Content words and their lemmas: the terms that theme clustering counts.

``terms`` turns one text into ``Term`` s and ``analyse`` does the same for thousands of texts at once (grouped by
language, each distinct text analysed once, lemma look-ups cached). Texts are normalised with ``nlp.normalise``,
tokenised with spaCy's rule-based tokenizer for the language (``spacy.blank``; no trained pipelines), and only
alphabetic words of two letters or more that are not stop words are kept, lower-cased. Lemmas come from spaCy's
lookup-lemmatizer tables (spacy-lookups-data) for Swedish and English and from simplemma for Finnish, both read from
their compact form in ``nlp.lemma_tables`` (milliseconds to load instead of seconds).

Speed comes from doing each thing once: spaCy splits text at spaces and tokenizes each space-free chunk on its own,
so every distinct chunk of a batch is tokenized once (all of them in one call) and every distinct word analysed
once; a text is then the concatenation of its chunks' terms. Tokenizers and tables are loaded lazily, once per
process. This module never does network I/O and never imports the web app, the database or other Omtanke packages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from types import MappingProxyType

import spacy
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.utils import normalize_token
from spacy.language import Language
from spacy.util import get_lang_class

from nlp.chunks import plain_word
from nlp.language import LANGUAGES
from nlp.lemma_tables import LemmaTable, lemma_table
from nlp.normalise import normalise

__all__ = ["DOMAIN_STOP_WORDS", "Term", "analyse", "is_word", "lemma", "preload", "stop_words", "terms"]


@dataclass(frozen=True, slots=True)
class Term:
    """One content word of a text: its lemma and the word as written, both lower-case."""

    lemma: str
    surface: str


# Words that are everywhere in answers about one's workplace and so tell no theme apart. Inflected forms are listed
# where the lemma tables miss them; both the word and its lemma are checked.
DOMAIN_STOP_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "sv": frozenset(
            """
            bra jättebra toppen jobb jobbet jobba jobbar jobbat arbete arbetet arbeta arbetar arbetat arbetsplats
            arbetsplatsen arbetsplatser känns kännas kände känner känna tycker tycka tyckte tror tro trodde väldigt
            jätte mycket lite också ibland alltid kanske ju bara ganska typ liksom sak saker sätt sättet gång gånger
            behöver behövs okej ok nån nåt sen
            """.split()
        ),
        "fi": frozenset(
            """
            hyvä hyvin työ työt työssä työtä töissä työpaikka työpaikalla työpaikan mielestäni minusta todella tosi
            erittäin paljon vähän myös joskus aina vain ehkä kyllä ihan asia juttu jutut tuntua tuntuu kokea koen
            ajatella ajattelen mieltä saada pitää melko hieman usein yleensä koskaan liian enemmän tarvita tarvitaan
            ok okei
            """.split()
        ),
        "en": frozenset(
            """
            good great fine nice work works working worked job jobs workplace feel feels felt feeling think thinks
            thought really very lot lots also sometimes always just maybe quite often never thing things stuff get
            got like need needs pretty bit kind sort ok okay thanks thank way
            """.split()
        ),
    }
)

# spaCy's stop-word lists hold a few words that do name workplace themes ("beslut": decisions made over one's head).
_NOT_STOP_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {"sv": frozenset({"beslut", "beslutat", "beslutit"}), "fi": frozenset(), "en": frozenset()}
)

# Lookup-table and simplemma errors on words that matter in workplace answers; the heuristics in
# ``_table_lemmatiser`` catch the systematic ones, these are the rest.
_LEMMA_OVERRIDES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "sv": MappingProxyType(
            {
                "tog": "ta",
                "ville": "vilja",
                "mår": "må",
                "it": "it",
                "ont": "ont",
                "kul": "kul",
                "raster": "rast",
                "roller": "roll",
                "stötta": "stötta",
            }
        ),
        "fi": MappingProxyType(
            {
                "sijaiset": "sijainen",
                "sijaisia": "sijainen",
                "sijaisten": "sijainen",
                "sijaisen": "sijainen",
                "sijaista": "sijainen",
                "resurssit": "resurssi",
            }
        ),
        "en": MappingProxyType({"tired": "tired", "premises": "premises"}),
    }
)

MIN_WORD_LENGTH = 2
# Per-language caches of analysed words and chunks; cleared when they grow past this (a long-lived process sees new
# words forever).
_WORD_CACHE_LIMIT = 500_000
_CHUNKS_PER_CALL = 20_000  # distinct chunks tokenized in one spaCy call


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}")


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` and ``DOMAIN_STOP_WORDS[lang]``, lower-case."""
    _check_language(lang)
    spacy_words = {word.lower() for word in get_lang_class(lang).Defaults.stop_words}
    return frozenset((spacy_words - _NOT_STOP_WORDS[lang]) | DOMAIN_STOP_WORDS[lang])


@functools.cache
def _blank(lang: str) -> Language:
    _check_language(lang)
    return spacy.blank(lang)


def _table_lemmatiser(lang: str) -> Callable[[str], str]:
    """The lemma of a lower-case word from spaCy's lookup table for ``lang`` (what its "lookup" lemmatizer uses).

    The tables map many base forms to a homograph (sv "lön" → "löna", "stress" → "stressa", "ledare" → "led"; en
    "meeting" → "meet", "training" → "train"), which would split a theme in two. A word that is itself a lemma in the
    table keeps itself (for a pair that point at each other, "sjuk" ↔ "sjuka", the shorter wins). Swedish present
    tenses in -ar are read as agent nouns ("arbetar" → "arbetare"): when the table says so and the -a verb exists, the
    verb is used.
    """
    table = lemma_table(lang)
    headwords = frozenset(table.lemmas)
    overrides = _LEMMA_OVERRIDES[lang]

    def lemmatise(word: str) -> str:
        override = overrides.get(word)
        if override is not None:
            return override
        lemma = table.get(word)
        if not lemma or lemma == word:
            return word
        if word in headwords:
            return lemma.lower() if table.get(lemma) == word and len(lemma) < len(word) else word
        if lang == "sv" and lemma == word + "e" and word.endswith("ar") and word[:-1] in headwords:
            return word[:-1]
        return lemma.lower()

    return lemmatise


class _CompactDictionaries:
    """simplemma's ``DictionaryFactory`` over the compact tables: its own strategies, our fast-loading dictionary."""

    def get_dictionary(self, lang: str) -> LemmaTable:
        return lemma_table(lang)


@functools.cache
def _simplemma_strategy() -> DefaultStrategy:
    return DefaultStrategy(dictionary_factory=_CompactDictionaries())  # type: ignore[arg-type]


def _finnish_lemmatiser() -> Callable[[str], str]:
    """simplemma's lemma (``simplemma.lemmatize(word, lang="fi")``, the same strategies) from the compact table."""
    overrides = _LEMMA_OVERRIDES["fi"]
    lemmatizer = Lemmatizer(cache_max_size=0, lemmatization_strategy=_simplemma_strategy())
    table = lemma_table("fi")

    def lemmatise(word: str) -> str:
        override = overrides.get(word)
        if override is not None:
            return override
        # simplemma's first step for a Finnish word without apostrophes (all that reach here are alphabetic) is
        # this look-up; its other strategies run only when it fails.
        found = table.get(word) if word.isalpha() else None
        if found is None:
            found = lemmatizer.lemmatize(word, "fi")
        return found.lower() or word

    return lemmatise


@functools.cache
def _lemmatiser(lang: str) -> Callable[[str], str]:
    """The lemma of a lower-case word, remembered per word: ``analyse``, ``lemma`` and ``nlp.polarity`` share it, so
    each distinct word reaches simplemma's slow strategies at most once."""
    _check_language(lang)
    find = _finnish_lemmatiser() if lang == "fi" else _table_lemmatiser(lang)
    memo: dict[str, str] = {}

    def lemmatise(word: str) -> str:
        try:
            return memo[word]
        except KeyError:
            if len(memo) >= _WORD_CACHE_LIMIT:
                memo.clear()
            found = memo[word] = find(word)
            return found

    return lemmatise


def lemma(word: str, lang: str) -> str:
    """The lemma of one lower-case word as ``analyse`` finds it, stop word or not (simplemma's for Finnish, from the
    compact table: use this rather than ``simplemma.lemmatize``, which decodes its own dictionary for seconds)."""
    return _lemmatiser(lang)(word)


@functools.cache
def _word_analyser(lang: str) -> Callable[[str], Term | None]:
    """Maps a lower-case token to its ``Term``, or ``None`` for a stop word or a non-word; cached per word."""
    lemmatise = _lemmatiser(lang)
    stops = stop_words(lang)
    cache: dict[str, Term | None] = {}

    def analyse_word(word: str) -> Term | None:
        try:
            return cache[word]
        except KeyError:
            pass
        term: Term | None = None
        if len(word) >= MIN_WORD_LENGTH and word.isalpha() and word not in stops:
            lemma = lemmatise(word)
            if lemma not in stops:
                term = Term(lemma=lemma, surface=word)
        if len(cache) >= _WORD_CACHE_LIMIT:
            cache.clear()
        cache[word] = term
        return term

    return analyse_word


@functools.cache
def _finnish_lookup() -> DictionaryLookupStrategy:
    return DictionaryLookupStrategy(_CompactDictionaries())  # type: ignore[arg-type]


def is_word(word: str, lang: str) -> bool:
    """Whether the lemma tables know ``word`` (lower-case) as a word of ``lang``: a form or a lemma of spaCy's lookup
    table (sv, en), or a word of simplemma's dictionary (fi, as ``simplemma.is_known``). Redaction asks this of
    capitalised words; it costs microseconds once the table is loaded."""
    _check_language(lang)
    if lang == "fi":
        return _finnish_lookup().get_lemma(normalize_token(word), "fi") is not None
    return lemma_table(lang).knows(word)


def preload(langs: Iterable[str] = LANGUAGES) -> None:
    """Load the tokenizers and lemma tables for ``langs`` now (e.g. at worker start) rather than on first use.

    The first call on a machine builds the compact lemma tables (``nlp.lemma_tables``; Finnish takes several
    seconds); later processes read them in milliseconds.
    """
    for lang in langs:
        _blank(lang)
        _word_analyser(lang)(".")
        lemma_table(lang)


def terms(text: str, lang: str) -> list[Term]:
    """The content words of ``text`` in order, with their lemmas; ``lang`` is "sv", "fi" or "en"."""
    return analyse([text], [lang])[0]


def analyse(
    texts: Sequence[str],
    langs: Sequence[str],
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
    *,
    normalised: bool = False,
) -> list[list[Term]]:
    """``terms(texts[i], langs[i])`` for every i, in order, fast.

    Each distinct (normalised text, language) is analysed once; duplicates get equal lists of their own.
    ``progress(n)`` is called after every batch of ``batch_size`` distinct texts with the number of ``texts`` done
    so far, and once at the end. ``normalised``: the texts are ``nlp.normalise`` d already (not done again).
    """
    if len(texts) != len(langs):
        raise ValueError(f"got {len(texts)} texts but {len(langs)} languages")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    by_language: dict[str, dict[str, list[int]]] = {}
    for index, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        by_language.setdefault(lang, {}).setdefault(text, []).append(index)
    for lang in by_language:
        _check_language(lang)

    results: list[list[Term]] = [[] for _ in texts]
    done = 0
    for lang, by_text in by_language.items():
        by_clean: dict[str, list[int]] = {}
        for text, indices in by_text.items():
            by_clean.setdefault(text if normalised else normalise(text), []).extend(indices)
        done += len(by_clean.pop("", []))
        items = list(by_clean.items())
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            chunks = [text.split(" ") for text, _ in batch]
            terms_of = _chunk_analyser(lang).prepare(chain.from_iterable(chunks))
            for (_, indices), text_chunks in zip(batch, chunks, strict=True):
                found = list(chain.from_iterable(map(terms_of.__getitem__, text_chunks)))
                for index in indices:
                    results[index] = found.copy()
                done += len(indices)
            if progress is not None:
                progress(done)
    if progress is not None:
        progress(len(texts))
    return results


@functools.cache
def _chunk_analyser(lang: str) -> _ChunkAnalyser:
    return _ChunkAnalyser(lang)


class _ChunkAnalyser:
    """The terms of a space-free chunk of normalised text, remembered per chunk (spaCy tokenizes each on its own).

    ``prepare`` analyses the chunks not seen yet: a word with at most plain punctuation around it (``plain_word``)
    directly, the others with one spaCy call for all of them (spaCy builds a lexeme for every new token it meets, in
    Python: the slow part). A chunk that was not prepared is analysed alone on first use.
    """

    def __init__(self, lang: str) -> None:
        self._tokenizer = _blank(lang).tokenizer
        self._special_cases = frozenset(self._tokenizer.rules or ())
        self._analyse_word = _word_analyser(lang)
        self._lang = lang
        self._table = lemma_table(lang)
        self._terms: dict[str, tuple[Term, ...]] = {}

    def __call__(self, chunk: str) -> tuple[Term, ...]:
        try:
            return self._terms[chunk]
        except KeyError:
            self.prepare([chunk])
            return self._terms.get(chunk, ())

    def prepare(self, chunks: Iterable[str]) -> Mapping[str, tuple[Term, ...]]:
        """Analyses the chunks not seen yet; returns the terms of every chunk seen (these ``chunks`` included)."""
        terms = self._terms
        distinct = dict.fromkeys(chunks)
        new = [chunk for chunk in distinct if chunk not in terms]
        if len(terms) + len(new) >= _WORD_CACHE_LIMIT:
            terms.clear()
            new = list(distinct)
        if "" in distinct:
            terms[""] = ()
            new = [chunk for chunk in new if chunk]
        analyse_word = self._analyse_word
        plain = {chunk: plain_word(chunk, self._special_cases) for chunk in new}
        words = {word.lower() for word in plain.values() if word is not None}
        # One vectorised table search for the words and the capitalised forms simplemma tries next.
        self._table.get_many([*words, *(word.capitalize() for word in words)] if self._lang == "fi" else words)
        for_spacy = []
        for chunk, word in plain.items():
            if word is None:
                for_spacy.append(chunk)
            else:
                term = analyse_word(word.lower())
                self._terms[chunk] = () if term is None else (term,)
        for start in range(0, len(for_spacy), _CHUNKS_PER_CALL):
            part = for_spacy[start : start + _CHUNKS_PER_CALL]
            position, current = 0, []
            for token in self._tokenizer(" ".join(part)):
                term = analyse_word(token.lower_)
                if term is not None:
                    current.append(term)
                if token.whitespace_:
                    self._terms[part[position]] = tuple(current)
                    position, current = position + 1, []
            self._terms[part[position]] = tuple(current)
        return terms
