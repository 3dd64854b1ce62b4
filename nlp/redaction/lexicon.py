"""The word lists redaction consults, loaded lazily once per process: name statistics, never-names, common words.

``first_names``/``surnames`` join the built-in ``nlp.names.FIRST_NAMES`` with the compact lists in ``data/`` (see
``data/README.md`` for sources and licences); ``not_names`` is the gazetteer of places, systems, unions, authorities
and other capitalised words that are never a person. Everything is case-folded. ``common_word`` asks the lemma
tables (``nlp.lemmas.is_word``) and spaCy's stop words whether a lower-case word is a word of the language.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

from nlp.names import AMBIGUOUS_NAMES, FIRST_NAMES, NOT_NAMES

_DATA = Path(__file__).parent / "data"
LANGS: tuple[str, ...] = ("sv", "fi", "en")


@functools.cache
def _word_list(name: str) -> frozenset[str]:
    try:
        with gzip.open(_DATA / name, "rt", encoding="utf-8") as lines:
            return frozenset(line.strip().casefold() for line in lines if line.strip())
    except OSError:  # a broken install: redact with the built-in list rather than fail
        return frozenset()


@functools.cache
def first_names() -> frozenset[str]:
    """Case-folded first names: the built-in list and the name statistics."""
    return frozenset(name.casefold() for name in FIRST_NAMES) | _word_list("first_names.txt.gz")


@functools.cache
def surnames() -> frozenset[str]:
    """Case-folded surnames from the name statistics and the hand-made supplement."""
    return _word_list("surnames.txt.gz")


@functools.cache
def ambiguous() -> frozenset[str]:
    """Case-folded names that are also everyday words: names only when capitalised and not sentence-initial."""
    return frozenset(name.casefold() for name in AMBIGUOUS_NAMES) | _word_list("ambiguous_names.txt.gz")


@functools.cache
def not_names() -> frozenset[str]:
    """Case-folded places, systems, unions, authorities, weekdays, months: never a person on their own."""
    return frozenset(word.casefold() for word in NOT_NAMES) | _word_list("not_names.txt.gz")


def is_listed(folded: str) -> bool:
    """A case-folded word is a listed first name or surname."""
    return folded in first_names() or folded in surnames()


@functools.cache
def _stop_words(lang: str) -> frozenset[str]:
    from nlp.lemmas import stop_words

    return stop_words(lang)


def stop_word(lower: str, lang: str) -> bool:
    """A stop word of ``lang`` (spaCy's list and the lemma module's domain words)."""
    return lower in _stop_words(lang)


def common_word(lower: str, lang: str) -> bool:
    """``lower`` (lower-case) is a word of ``lang``: in its stop words, or in its lemma tables and not only as a
    proper noun there (the tables hold "Lindberg", "Virtanen", "Jalmari" with a capital: those are no evidence)."""
    from nlp.lemmas import is_word

    if lower in _stop_words(lang) or lower in _word_list("common_words.txt.gz"):
        return True
    return is_word(lower, lang) and not proper_noun(lower, lang)


def proper_noun(lower: str, lang: str) -> bool:
    """The lemma tables know ``lower`` only as a proper noun: its Finnish lemma is capitalised ("jalmarille" →
    "Jalmari"), or the Swedish or English table has it only with a capital letter ("Lindbergs")."""
    table = _table(lang)
    if table is None:
        return False
    found = table.get(lower)
    if found is not None:
        return found[:1].isupper()
    capital = lower[:1].upper() + lower[1:]
    return capital in table or (lang != "fi" and capital + "s" in table)


def lemma_of(lower: str, lang: str) -> str:
    """The lemma the tables give ``lower`` as they write it (capitalised for proper nouns), else ``lower``."""
    table = _table(lang)
    found = table.get(lower) if table is not None else None
    if found is None and table is not None:
        found = table.get(lower[:1].upper() + lower[1:])
    return found or lower


@functools.cache
def _table(lang: str):  # noqa: ANN202 - nlp.lemma_tables.LemmaTable, imported lazily
    try:
        from nlp.lemma_tables import lemma_table

        return lemma_table(lang)
    except Exception:  # noqa: BLE001 - no compact table: fall back to is_word alone
        return None
