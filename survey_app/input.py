"""Text from forms and query strings is cleaned once, where it enters, before any view, form or query sees it.

* Control characters other than tab and line breaks, and the noncharacters U+FFFE/U+FFFF, are removed: nobody types
  them, PostgreSQL refuses NUL in text (a 500 measured by the attack suite), and they break exports and terminals.
* Text is normalised to NFC: "Å" typed on a Mac (A + ring, NFD) and on Windows (one character) are the same unit
  code, the same search and the same answer.
* Bytes that are not UTF-8 were already replaced with U+FFFD by Werkzeug's decoder, so lone surrogates never reach
  the database.

Everything else a person may type stays as typed (zero-width joiners make emoji, right-to-left marks make Arabic
names); output escaping, not input filtering, keeps pages and exports safe.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

_REMOVED = dict.fromkeys([*(c for c in range(32) if c not in (9, 10, 13)), 0x7F, 0xFFFE, 0xFFFF])


def clean_text(value: str) -> str:
    """``value`` without control characters and noncharacters, normalised to NFC."""
    return unicodedata.normalize("NFC", value.translate(_REMOVED))


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value  # uploaded files pass untouched


class CleanParameters(ImmutableMultiDict):
    """Werkzeug builds ``request.form`` and ``request.args`` with this class: every key and text value cleaned."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        pairs = MultiDict(mapping).items(multi=True)
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


class CleanRequest(Request):
    """Flask's request, with ``form`` and ``args`` cleaned as they are parsed."""

    parameter_storage_class = CleanParameters


class DatabaseInteger(IntegerConverter):
    """``<int:…>`` in every route: an id the database can hold (PostgreSQL's integer), else the route does not
    match and the answer is 404. Without the bound, /rounds/2147483648 reached PostgreSQL and became a 500
    (found by the schemathesis test of the API)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's own parameter name
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_input(app: Flask) -> None:
    """Clean every request's form and query text, and bound every ``<int:…>`` in a route to a database integer."""
    app.request_class = CleanRequest
    app.url_map.converters["int"] = DatabaseInteger
