"""Language choice, shared translated labels, and numbers in the reader's format.

The language is the user's saved preference, then the session's choice, then the browser's, then the default.

Every number a page shows goes through ``decimal`` or ``percent`` (Jinja filters of the same names): the reader's
decimal sign and grouping ("6,6 %" in Swedish and Finnish, "6.6%" in English), never Python's ``%`` or ``round``.
Workbooks write numbers as numbers with a number format instead (``exports/workbook.py``), so that the spreadsheet
shows them in its reader's own format.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache

from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

#: What a page shows for a number there is none of.
NO_NUMBER = "–"

LANGUAGE_NAMES = {"sv": "Svenska", "fi": "Suomi", "en": "English"}

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "hr": _l("HR specialist"),
    "manager": _l("Unit manager"),
    "ohs": _l("Occupational health"),
    "safety": _l("Safety representative"),
}


ROUND_STATUS_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Not yet open"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}


def supported_locales() -> tuple[str, ...]:
    """The installation's languages (``OMTANKE_LOCALES``)."""
    return current_app.config["OMTANKE_LOCALES"]


def select_locale() -> str:
    """The language to speak now: the respondent's on survey pages, else the order above (only the browser's
    while the database is down); the CLI speaks the default."""
    if not has_request_context():  # the CLI speaks the installation's default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if g.get("respondent_language") in supported_locales():  # survey pages speak the respondent's choice
        return g.respondent_language
    # When the database is down the account cannot be loaded: the error page then speaks the browser's language.
    if g.get("database_unavailable"):
        return request.accept_languages.best_match(supported_locales()) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported_locales():
        return current_user.locale
    chosen = session.get("locale")
    if chosen in supported_locales():
        return chosen
    return request.accept_languages.best_match(supported_locales()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def decimal(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals in the reader's format: ``decimal(1234.56)`` is "1 234,6" in
    Swedish, "1,234.6" in English; ``signed`` puts "+" before a rise; "–" for None."""
    if value is None:
        return NO_NUMBER
    text = _decimal_pattern(max(digits, 0)).apply(value, get_locale())  # Babel's format_decimal, pattern parsed once
    return _signed(text, value) if signed else text


@lru_cache(maxsize=8)
def _decimal_pattern(digits: int) -> NumberPattern:
    """The pattern of a number with ``digits`` decimals: parsed once, not for each of the thousands of figures a
    heatmap shows (a third of its rendering time, ``bench/heatmap.py``)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else ""))


def percent(value: float | None, digits: int = 0, signed: bool = False) -> str:
    """A share given in per cent (0–100, as Omtanke stores shares) in the reader's format with ``digits`` decimals:
    ``percent(6.55, 1)`` is "6,6 %" in Swedish and Finnish (a no-break space), "6.6%" in English; ``signed`` puts
    "+" before a rise; "–" for None."""
    if value is None:
        return NO_NUMBER
    locale = get_locale()
    pattern = copy(locale.percent_formats[None])  # the locale's own sign and spacing, our number of decimals
    pattern.frac_prec = (max(digits, 0), max(digits, 0))
    text = pattern.apply(value / 100, locale)
    return _signed(text, value) if signed else text


def _signed(text: str, value: float) -> str:
    """Put "+" before a rise that shows as one (the locale's own minus sign is already on a fall)."""
    return "+" + text if value > 0 and any(character in "123456789" for character in text) else text


def init_i18n(app: Flask, babel) -> None:
    """Bind Flask-Babel to :func:`select_locale`; give templates the language names, label helpers and the number
    filters ``decimal`` and ``percent``."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(decimal=decimal, percent=percent)
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale()),
        language_names=LANGUAGE_NAMES,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        round_status_label=lambda status: ROUND_STATUS_LABELS.get(status, status),
    )
