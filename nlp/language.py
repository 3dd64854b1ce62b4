"""Language detection for answers and notes: Swedish, Finnish or English, or "don't know".

Wraps lingua, restricted to the three languages Omtanke analyses. A text with no letters, or a short text whose best
guess is weak, gets the caller's ``default`` instead of a guess. The detector is built once per process.

Never does I/O beyond lingua's bundled models and never imports the web app, the database or other Omtanke packages.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from nlp.normalise import normalise

__all__ = ["LANGUAGES", "detect_language", "detect_languages", "dominant_language"]

LANGUAGES: tuple[str, ...] = ("sv", "fi", "en")

_LINGUA: dict[str, Language] = {"sv": Language.SWEDISH, "fi": Language.FINNISH, "en": Language.ENGLISH}
_CODES: dict[Language, str] = {language: code for code, language in _LINGUA.items()}

# Texts with fewer words than this are "short": lingua's best guess on one or two words ("ok", "ja", "bra", "stress")
# is often a coin toss, so it must be clearly ahead before it is believed.
SHORT_TEXT_WORDS = 3
MIN_SHORT_TEXT_CONFIDENCE = 0.7


@functools.cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LINGUA.values()).build()


def _check_default(default: str | None) -> None:
    if default is not None and default not in LANGUAGES:
        raise ValueError(f"unsupported default language {default!r}; expected one of {', '.join(LANGUAGES)} or None")


def _word_count(text: str) -> int:
    """Whitespace-separated chunks that hold at least one letter."""
    return sum(1 for chunk in text.split() if any(char.isalpha() for char in chunk))


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
    detector = _detector()
    detected = _detect_short(detector, clean) if words < SHORT_TEXT_WORDS else _detect_long(detector, clean)
    return default if detected is None else detected


def detect_languages(texts: Sequence[str], default: str | None = None) -> list[str | None]:
    """``detect_language`` for each text, in order; long texts are detected in parallel, each text on its own."""
    _check_default(default)
    results: list[str | None] = [default] * len(texts)
    long_texts: dict[str, list[int]] = {}
    short_texts: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        clean = normalise(text)
        words = _word_count(clean)
        if words == 0:
            continue
        (short_texts if words < SHORT_TEXT_WORDS else long_texts).setdefault(clean, []).append(index)
    if not long_texts and not short_texts:
        return results
    detector = _detector()
    detected: dict[str, str | None] = {text: _detect_short(detector, text) for text in short_texts}
    distinct_long = list(long_texts)
    parallel = getattr(detector, "detect_languages_in_parallel_of", None)
    if parallel is not None and len(distinct_long) > 1:
        languages = parallel(distinct_long)
        detected.update(
            (text, None if language is None else _CODES.get(language))
            for text, language in zip(distinct_long, languages, strict=True)
        )
    else:
        detected.update((text, _detect_long(detector, text)) for text in distinct_long)
    for group in (short_texts, long_texts):
        for text, indices in group.items():
            language = detected[text]
            if language is not None:
                for index in indices:
                    results[index] = language
    return results


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
