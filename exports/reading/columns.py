"""Which column holds which field: header names matched to the names a field is known by."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

_IGNORED_IN_KEYS = frozenset("_-\u2010\u2011\u2012\u2013\u2014\u2212")


def guess_columns(headers: Sequence[str], fields: Mapping[str, Sequence[str]]) -> dict[str, int | None]:
    """Match fields to header columns by their accepted names; ``{field: column index or None}``.

    Matching ignores case, accents, spaces, underscores and hyphens ("Anställnings-nummer" matches
    "anstallningsnummer"). Each column is used at most once. Aliases are tried by rank: every field's first alias
    is matched before any field's second, so a field's loose alias can't take a column another field names exactly.
    Among equal matches the leftmost unused column wins.
    """
    keys = [_header_key(header) for header in headers]
    result: dict[str, int | None] = dict.fromkeys(fields)
    used: set[int] = set()
    alias_lists = {field: [_header_key(alias) for alias in aliases] for field, aliases in fields.items()}
    longest = max((len(aliases) for aliases in alias_lists.values()), default=0)
    for rank in range(longest):
        for field, aliases in alias_lists.items():
            if result[field] is not None or rank >= len(aliases) or not aliases[rank]:
                continue
            for index, key in enumerate(keys):
                if index not in used and key == aliases[rank]:
                    result[field] = index
                    used.add(index)
                    break
    return result


def _header_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and not char.isspace() and char not in _IGNORED_IN_KEYS
    )
