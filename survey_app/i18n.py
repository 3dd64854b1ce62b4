"""Language choice and shared translated labels.

The language is the user's saved preference, then the session's choice, then the browser's, then the default.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

LANGUAGE_NAMES = {"sv": "Svenska", "fi": "Suomi", "en": "English"}

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "hr": _l("HR specialist"),
    "manager": _l("Unit manager"),
    "ohs": _l("Occupational health"),
}


ROUND_STATUS_LABELS = {
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


def init_i18n(app: Flask, babel) -> None:
    """Bind Flask-Babel to :func:`select_locale` and give templates the language names and label helpers."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale()),
        language_names=LANGUAGE_NAMES,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        round_status_label=lambda status: ROUND_STATUS_LABELS.get(status, status),
    )
