"""Three languages: complete catalogues, and the right one for each person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from survey_app.db import db
from survey_app.i18n import decimal, percent
from survey_app.indicators.services import enter_value
from survey_app.models import User
from tests.clock import LAST_MONTH, month_key
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


def _strings_in_the_code() -> set[tuple[str, str | None]]:
    """Every translatable string the code and templates mark, with its context (``pgettext``), extracted with
    ``make messages``' map (babel.cfg) and pybabel's default keywords."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parents[1]
    with open(root / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    packages = {"survey_app", "interventions", "nlp", "exports"}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None,
                "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}  # fmt: skip
    found = extract_from_dir(
        root, method_map, options_map, keywords=keywords,
        directory_filter=lambda path: Path(path).relative_to(root).parts[0] in packages,
    )  # fmt: skip
    return {
        (message if isinstance(message, str) else message[0], context)
        for _name, _line, message, _comments, context in found
    }


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_every_string_the_code_marks_is_in_the_catalogue(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = {
            (message.id if isinstance(message.id, str) else message.id[0], message.context)
            for message in read_po(handle)
        }
    missing = sorted(_strings_in_the_code() - catalogue, key=lambda found: (found[0], found[1] or ""))
    assert not missing, f"{lang}: {len(missing)} strings are not in the catalogue (make messages), e.g. {missing[:5]}"


@pytest.mark.parametrize(
    "lang, share, decimal",
    [("sv", "6,6\u00a0%", "1\u00a0234,5"), ("fi", "6,6\u00a0%", "1\u00a0234,5"), ("en", "6.6%", "1,234.5")],
)
def test_number_filters_follow_the_readers_locale(app, lang, share, decimal):
    with app.test_request_context(headers={"Accept-Language": lang}):
        template = app.jinja_env.from_string("{{ 6.55 | percent(1) }}|{{ 1234.5 | decimal }}|{{ none | percent }}")
        assert template.render() == f"{share}|{decimal}|–"


def test_a_signed_change_shows_its_direction_and_none_for_no_change(app):
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert (percent(12.34, 1, signed=True), percent(0.01, 0, signed=True)) == ("+12,3\u00a0%", "0\u00a0%")
        assert decimal(-2.25, 1, signed=True) in ("−2,2", "-2,2", "−2,3", "-2,3")


@pytest.mark.parametrize("lang, expected", [("sv", "6,6\u00a0%"), ("fi", "6,6\u00a0%"), ("en", "6.6%")])
def test_a_percentage_on_a_page_is_written_in_the_readers_format(client, login, make, lang, expected):
    hr = make.user("hr", locale=lang)
    enter_value(hr, "sick_absence_pct", None, month_key(LAST_MONTH), 6.55)
    login(client, hr)
    page = client.get("/indicators/").get_data(as_text=True)
    row = re.search(r'<tr id="indicator-sick_absence_pct">(.*?)</tr>', page, flags=re.S).group(1)
    assert expected in row and "6.6 %" not in row and "6,6%" not in row


#: Words that read alike in English and mean different things, each with a message of its own: (context, id) →
#: (Swedish, Finnish). The language switch's "Change" is "switch"; a column of differences is "change".
MEANINGS = {
    (None, "Change"): ("Byt", "Vaihda"),
    ("difference", "Change"): ("Förändring", "Muutos"),
    (None, "Edit"): ("Ändra", "Muokkaa"),
    (None, "Create the interview round"): ("Skapa intervjuomgången", "Luo haastattelukierros"),
    ("remark", "Note"): ("Anmärkning", "Huomautus"),
    ("reference value", "Compared with"): ("Jämförelsevärde", "Vertailuarvo"),
}


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_a_word_with_two_meanings_has_a_message_for_each(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle)
    for (context, message), expected in MEANINGS.items():
        found = catalogue.get(message, context)
        assert found is not None and found.string == expected[lang == "fi"], (lang, context, message)
    marked = _strings_in_the_code()
    assert {(message, context) for context, message in MEANINGS} <= marked  # each is used where it belongs


def test_the_interview_pages_edit_and_create_with_words_of_their_own(client, login, make):
    login(client, make.user("hr", locale="en"))
    form = client.get("/interviews/new").get_data(as_text=True)
    assert ">Create the interview round</button>" in form and "Create the round<" not in form
