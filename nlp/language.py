"""Language detection for answers and notes: Swedish, Finnish or English, or "don't know".

Wraps lingua, restricted to the three languages Omtanke analyses. A text with no letters, or a short text whose best
guess is weak, gets the caller's ``default`` instead of a guess. The detector is built once per process.

lingua takes about a millisecond per sentence, so two cheap votes come first, for texts of three words or more:

1. stop words: at least two stop words found in only one of the three languages' spaCy lists, and none of
   another's ("och", "että", "the");
2. the lemma tables (``nlp.lemma_tables``): at least three words and 60 % of them known to one language's table,
   and at least twice as many as to any other.

On the labelled corpora (9,092 sentences) the first vote decides 86 % of the texts and agrees with lingua on all but
one, where lingua is wrong; on what it leaves of them and of 50,000 varied Finnish sentences (9,961 texts) the second
decides 89 %, wrong on 2 texts of symbols, where lingua is wrong too. lingua decides the rest, each distinct text once.
In a file the votes find to be in one language (``detect_languages(majority=True)``, what ``nlp.themes`` asks), the
texts they leave take that language without lingua, whose first use loads its models for most of a second.

Never does I/O beyond lingua's bundled models and never imports the web app, the database or other Omtanke packages.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from spacy.util import get_lang_class

from nlp.lemma_tables import lemma_table, word_hashes
from nlp.normalise import letter_runs, normalise

__all__ = ["LANGUAGES", "detect_language", "detect_languages", "dominant_language"]

LANGUAGES: tuple[str, ...] = ("sv", "fi", "en")

_LINGUA: dict[str, Language] = {"sv": Language.SWEDISH, "fi": Language.FINNISH, "en": Language.ENGLISH}
_CODES: dict[Language, str] = {language: code for code, language in _LINGUA.items()}

# Texts with fewer words than this are "short": lingua's best guess on one or two words ("ok", "ja", "bra", "stress")
# is often a coin toss, so it must be clearly ahead before it is believed.
SHORT_TEXT_WORDS = 3
MIN_SHORT_TEXT_CONFIDENCE = 0.7


MIN_STOP_WORD_VOTES = 2
MIN_KNOWN_WORDS = 3
MIN_KNOWN_SHARE = 0.6
MAJORITY_MIN_TEXTS = 100
MAJORITY_SHARE = 0.99
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def _own_stop_words() -> Mapping[str, frozenset[str]]:
    """Each language's spaCy stop words that are stop words of neither other language ("och", "että", "the")."""
    stops = {lang: frozenset(word.lower() for word in get_lang_class(lang).Defaults.stop_words) for lang in LANGUAGES}
    return {lang: stops[lang].difference(*(stops[other] for other in LANGUAGES if other != lang)) for lang in LANGUAGES}


@functools.cache
def _stop_word_language() -> Mapping[str, str]:
    return {word: lang for lang, words in _own_stop_words().items() for word in words}


def _vote(text: str) -> str | None:
    """The language whose own stop words the text uses at least twice while using none of another's, else None."""
    return _stop_word_vote(_WORD.findall(text.lower()))


def _stop_word_vote(words: Sequence[str]) -> str | None:
    """``_vote`` of a text's lower-case words."""
    known = _stop_word_language()
    found = [lang for lang in map(known.get, words) if lang is not None]
    if len(found) >= MIN_STOP_WORD_VOTES and found.count(found[0]) == len(found):
        return found[0]
    return None


def _lexicon_votes(texts: Sequence[str]) -> dict[str, str]:
    """The language of each text whose words one lemma table clearly knows best (see the module docstring)."""
    return _lexicon_word_votes({text: _WORD.findall(text.lower()) for text in texts})


def _lexicon_word_votes(words_of: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """``_lexicon_votes`` of texts given with their lower-case words: each distinct word hashed and searched once."""
    texts = list(words_of)
    long_words = [[word for word in words_of[text] if len(word) > 1] for text in texts]
    index: dict[str, int] = {}
    ids = np.fromiter(
        (index.setdefault(word, len(index)) for text_words in long_words for word in text_words), dtype=np.int64
    )
    words = list(index)
    keys = word_hashes(words)
    known = np.asarray([lemma_table(lang).knows_many(words, keys) for lang in LANGUAGES], dtype=bool).reshape(
        len(LANGUAGES), len(words)
    )
    lengths = np.fromiter(map(len, long_words), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts)), lengths)
    counts = np.stack([np.bincount(owner[known[k, ids]], minlength=len(texts)) for k in range(len(LANGUAGES))], 1)
    ranked = np.argsort(-counts, axis=1, kind="stable")  # ties in the order of LANGUAGES
    rows = np.arange(len(texts))
    best, second = counts[rows, ranked[:, 0]], counts[rows, ranked[:, 1]]
    chosen = (best >= MIN_KNOWN_WORDS) & (best >= MIN_KNOWN_SHARE * lengths) & (best >= 2 * second)
    return {texts[i]: LANGUAGES[ranked[i, 0]] for i in np.flatnonzero(chosen).tolist()}


@functools.cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LINGUA.values()).build()


def _check_default(default: str | None) -> None:
    if default is not None and default not in LANGUAGES:
        raise ValueError(f"unsupported default language {default!r}; expected one of {', '.join(LANGUAGES)} or None")


def _word_count(text: str, enough: int = SHORT_TEXT_WORDS) -> int:
    """Whitespace-separated chunks that hold at least one letter, counted up to ``enough``."""
    count = 0
    for chunk in text.split():
        if chunk.isalpha() or any(map(str.isalpha, chunk)):
            count += 1
            if count >= enough:
                break
    return count


def _detect_short(detector: LanguageDetector, text: str) -> str | None:
    confidences = detector.compute_language_confidence_values(text)
    if not confidences or confidences[0].value < MIN_SHORT_TEXT_CONFIDENCE:
        return None
    return _CODES.get(confidences[0].language)


def _detect_long(detector: LanguageDetector, text: str) -> str | None:
    language = detector.detect_language_of(text)
    return None if language is None else _CODES.get(language)


def detect_language(text: str, default: str | None = None) -> str | None:
    """``"sv"``, ``"fi"`` or ``"en"``; ``default`` when the text has no letters or the evidence is too weak."""
    _check_default(default)
    clean = normalise(text)
    words = _word_count(clean)
    if words == 0:
        return default
    if words < SHORT_TEXT_WORDS:
        detected = _detect_short(_detector(), clean)
    else:
        detected = _vote(clean) or _lexicon_votes([clean]).get(clean) or _detect_long(_detector(), clean)
    return default if detected is None else detected


def detect_languages(
    texts: Sequence[str],
    default: str | None = None,
    *,
    normalised: bool = False,
    majority: bool = False,
    tokens: Mapping[str, list[str]] | None = None,
) -> list[str | None]:
    """``detect_language`` for each text, in order: each distinct text once, the long texts lingua must decide in
    parallel. ``normalised``: the texts are ``nlp.normalise`` d already, and ``tokens`` (optional) holds the
    ``nlp.normalise.lower_tokens`` of every one of them.

    ``majority``: when the cheap votes decide at least ``MAJORITY_MIN_TEXTS`` distinct texts and ``MAJORITY_SHARE``
    of them are in one language (a file in one language, as most are), the texts they leave, short ones included,
    get that language and lingua is not asked: its first use loads its models for most of a second, and what the
    votes leave in such a file is that language or no language at all (on 50,000 varied Finnish sentences: 937 of
    the 943 left, the other 6 strings of symbols). A file in two languages is left to lingua as usual.
    """
    _check_default(default)
    results: list[str | None] = [default] * len(texts)
    by_text: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        by_text.setdefault(text, []).append(index)
    long_texts: dict[str, list[int]] = {}
    short_texts: dict[str, list[int]] = {}
    for text, indices in by_text.items():
        clean = text if normalised else normalise(text)
        words = _word_count(clean)
        if words:
            (short_texts if words < SHORT_TEXT_WORDS else long_texts).setdefault(clean, []).extend(indices)
    detected = _cheap_votes(long_texts, tokens)
    settled = _majority(detected.values()) if majority else None
    distinct_long = [text for text in long_texts if text not in detected]
    if settled is not None:
        detected.update((text, settled) for text in [*short_texts, *distinct_long])
    elif short_texts or distinct_long:
        detected.update(_lingua(list(short_texts), distinct_long))
    for group in (short_texts, long_texts):
        for text, indices in group.items():
            language = detected[text]
            if language is not None:
                for index in indices:
                    results[index] = language
    return results


def _cheap_votes(texts: Iterable[str], tokens: Mapping[str, list[str]] | None) -> dict[str, str | None]:
    """The stop-word vote, then the lemma tables' vote on what it leaves (see the module docstring)."""
    if tokens is None:
        words_of = {text: _WORD.findall(text.lower()) for text in texts}
    else:
        words_of = {text: letter_runs(tokens[text]) for text in texts}
    detected: dict[str, str | None] = {}
    for text, words in words_of.items():
        vote = _stop_word_vote(words)
        if vote is not None:
            detected[text] = vote
    detected.update(_lexicon_word_votes({text: words for text, words in words_of.items() if text not in detected}))
    return detected


def _majority(decided: Iterable[str | None]) -> str | None:
    counts = Counter(decided)
    if not counts or counts.total() < MAJORITY_MIN_TEXTS:
        return None
    language, count = counts.most_common(1)[0]
    return language if count >= MAJORITY_SHARE * counts.total() else None


def _lingua(short_texts: list[str], long_texts: list[str]) -> dict[str, str | None]:
    """lingua's language of each text: the short ones only when it is confident, the long ones in parallel."""
    detector = _detector()
    detected = {text: _detect_short(detector, text) for text in short_texts}
    parallel = getattr(detector, "detect_languages_in_parallel_of", None)
    if parallel is not None and len(long_texts) > 1:
        languages = parallel(long_texts)
        detected.update(
            (text, None if language is None else _CODES.get(language))
            for text, language in zip(long_texts, languages, strict=True)
        )
    else:
        detected.update((text, _detect_long(detector, text)) for text in long_texts)
    return detected


def dominant_language(languages: Iterable[str | None], fallback: str = "sv") -> str:
    """The most frequent of ``LANGUAGES`` among ``languages`` (``None`` and others ignored), else ``fallback``.

    A tie goes to ``fallback`` if it is among the tied, otherwise to the earliest in ``LANGUAGES``.
    """
    if fallback not in LANGUAGES:
        raise ValueError(f"unsupported fallback language {fallback!r}; expected one of {', '.join(LANGUAGES)}")
    counts = Counter(language for language in languages if language in LANGUAGES)
    if not counts:
        return fallback
    top = max(counts.values())
    tied = [language for language in LANGUAGES if counts[language] == top]
    return fallback if fallback in tied else tied[0]
