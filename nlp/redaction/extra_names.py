"""The names a caller supplies (``redact``'s ``extra_names``), prepared once per distinct list and cached."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from nlp.names import AMBIGUOUS_NAMES, NOT_NAMES
from nlp.redaction.name_forms import TOKEN


@dataclass(frozen=True)
class ExtraNames:
    """Caller-supplied names, prepared once (all case-folded).

    ``single``: one-word names, any case. ``multi``: names of several words, any case, by their first word.
    ``parts``: the words of multi-word names on their own ("Loviisa", "Heikkinen"), when capitalised.
    ``capitalised``: supplied words that are also common words, treated like ``AMBIGUOUS_NAMES``.
    """

    single: frozenset[str] = frozenset()
    capitalised: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    multi: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.single or self.capitalised or self.parts or self.multi)

    def may_start(self, word: str) -> bool:
        """A lower-case word can start a name only as a supplied one."""
        if not (self.single or self.multi):
            return False
        folded = word.casefold()
        return folded in self.single or folded in self.multi


_NO_EXTRAS = ExtraNames()
_COMMON_WORDS = frozenset(word.casefold() for word in AMBIGUOUS_NAMES | NOT_NAMES)


@lru_cache(maxsize=64)
def _prepare_extras(names: tuple[str, ...]) -> ExtraNames:
    single: set[str] = set()
    capitalised: set[str] = set()
    parts: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        tokens = TOKEN.finditer(unicodedata.normalize("NFC", name))
        words = tuple(token.group().casefold() for token in tokens if not token.group().startswith("["))
        if len(words) > 1:
            multi.setdefault(words[0], []).append(words)
        for word in words:
            if word in _COMMON_WORDS:
                capitalised.add(word)
            elif len(words) > 1:
                parts.add(word)
            else:
                single.add(word)
    return ExtraNames(
        frozenset(single),
        frozenset(capitalised),
        frozenset(parts - single),
        MappingProxyType({key: tuple(sorted(set(value), key=len, reverse=True)) for key, value in multi.items()}),
    )


def prepare_extra_names(names: Iterable[str] | str | None) -> ExtraNames:
    """``names`` prepared for the name scanner; anything that is not a list of non-blank strings counts as none."""
    if not names:
        return _NO_EXTRAS
    if isinstance(names, str):
        names = (names,)
    try:
        kept = tuple(name for name in names if isinstance(name, str) and name.strip())
    except TypeError:
        return _NO_EXTRAS
    return _prepare_extras(kept) if kept else _NO_EXTRAS
