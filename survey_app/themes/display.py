"""A free-text theme as a reader is shown it, the same on the report page and in the free-text workbook.

A theme (``nlp.themes.Theme``) is presented by what a manager acts on: its title in the reader's language (a phrase
staff wrote, or a work-environment category and a key term, ``Theme.title``), the category's name, whether it is
praise, a problem, both or neither, in words (colour may mark it too, but never alone), its size and its redacted
quotes. Pages and workbooks call ``present_theme`` and nothing else, so they can never disagree about a theme.

This module only presents what ``nlp.themes`` decided: it never reads free text, never redacts and never counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from nlp.categories import category_label

if TYPE_CHECKING:
    from nlp.themes import Theme

#: A theme's polarity (``nlp.themes.Theme.polarity``) in words.
POLARITY_LABELS = {
    "praise": _l("Praise"),
    "problem": _l("Problem"),
    "mixed": _l("Mixed"),
    "neither": _l("Neither"),
}
#: How many quotes a theme shows at most.
QUOTES = 3


@dataclass(frozen=True)
class ThemeView:
    """One theme as shown: title, category name ("" for none), polarity (key and words), size and quotes."""

    title: str
    category: str
    polarity: str
    polarity_label: str
    size: int
    quotes: tuple[str, ...]
    #: The answers that fit no theme: listed last, without category or polarity.
    other: bool = False


def present_theme(theme: Theme, lang: str) -> ThemeView:
    """``theme`` in ``lang`` ("sv", "fi", "en")."""
    from nlp.clustering import OTHER  # here, not at the top: nlp.clustering brings scikit-learn to every process

    if theme.id == OTHER:
        return ThemeView(_("Other answers"), "", "", "", theme.size, (), other=True)
    polarity = theme.polarity if theme.polarity in POLARITY_LABELS else "neither"
    return ThemeView(
        title=theme.title(lang),
        category=category_label(theme.category, lang) if theme.category else "",
        polarity=polarity,
        polarity_label=str(POLARITY_LABELS[polarity]),
        size=theme.size,
        quotes=tuple(theme.examples[:QUOTES]),
    )


def present_themes(themes: Iterable[Theme], lang: str) -> list[ThemeView]:
    """Every theme in ``lang``, the largest first and the answers that fit none last."""
    shown = [present_theme(theme, lang) for theme in themes]
    return sorted(shown, key=lambda view: (view.other, -view.size, view.title.casefold()))
