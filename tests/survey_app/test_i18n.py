"""Three languages: complete catalogues, and the right one for each person."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from survey_app.db import db
from survey_app.models import User
from tests.helpers import post_form

TRANSLATIONS = Path(__file__).parents[2] / "survey_app" / "translations"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_catalogue_translates_every_string_with_its_placeholders(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle)
    assert len(catalogue) > 100
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{lang}: {ids[0]!r} is untranslated"
        for placeholder in __import__("re").findall(r"%\(\w+\)[sd]", ids[-1]):
            assert all(placeholder in string for string in strings), f"{lang}: {ids[0]!r} loses {placeholder}"


@pytest.mark.parametrize(
    "accept, expected",
    [("fi-FI,fi;q=0.9", "Kirjaudu sisään"), ("sv-SE", "Logga in"), ("en-GB", "Log in"), ("de-DE", "Log in")],
)
def test_login_page_follows_the_browser_language(client, accept, expected):
    html = client.get("/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f"<h1>{expected}</h1>" in html


def test_installation_default_is_swedish(app, client):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    assert "<h1>Logga in</h1>" in client.get("/login").get_data(as_text=True)


def test_saved_preference_beats_the_browser_and_the_switch_saves_it(client, login, make):
    user = make.user("hr", locale="fi")
    login(client, user)
    assert 'lang="fi"' in client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    response = post_form(client, "/", {"locale": "en", "next": "/units/"}, action="/language")
    assert response.location == "/units/"
    assert db.session.get(User, user.id).locale == "en"
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)


def test_language_switch_works_before_login_and_refuses_foreign_redirects(client):
    response = post_form(client, "/login", {"locale": "fi", "next": "https://evil.example/"}, action="/language")
    assert response.location == "/"
    assert "Kirjaudu sisään" in client.get("/login").get_data(as_text=True)


def _strings_in_the_code() -> set[str]:
    """Every translatable string the code and templates mark, extracted with ``make messages``' map (babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parents[1]
    with open(root / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    packages = {"survey_app", "interventions", "nlp", "exports"}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
    found = extract_from_dir(
        root, method_map, options_map, keywords=keywords,
        directory_filter=lambda path: Path(path).relative_to(root).parts[0] in packages,
    )  # fmt: skip
    return {message if isinstance(message, str) else message[0] for _name, _line, message, *_ in found}


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_every_string_the_code_marks_is_in_the_catalogue(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)}
    missing = sorted(_strings_in_the_code() - catalogue)
    assert not missing, f"{lang}: {len(missing)} strings are not in the catalogue (make messages), e.g. {missing[:5]}"
