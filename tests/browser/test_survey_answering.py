"""A staff member answers the survey on a phone: taps, saves, resumes on the same device, corrects and sends.

Runs in Debian's Chromium at 360×740, in Swedish and in Finnish, against the live server on loopback. Every page must
fit the screen width and load nothing from another host; the stored response must hold exactly what was tapped.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import Answer, ResponseDraft, SurveyResponse

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
OWN_QUESTION = "Vad vill du säga till din chef? | Mitä haluat sanoa esihenkilöllesi?"
HME_TAPS = {"hme1": 5, "hme2": 4, "hme3": 2}
WORK_ABILITY = 8
SHORT_TEXT = "Mer tid för planering, kiitos."
LONG_TEXT = "Mer tid för planering. " * 100  # 2,300 characters: over the 2,000 the server accepts

TEXTS = {
    "sv": {
        "locale": "sv-SE",
        "intro": "Dina svar är anonyma",
        "start": "Börja svara",
        "continue": "Fortsätt där du slutade",
        "next": "Nästa",
        "back": "Tillbaka",
        "save": "Spara och fortsätt senare",
        "saved": "Dina svar är sparade",
        "send": "Skicka mina svar",
        "problem": "Det finns ett problem",
        "too_long": "Korta ditt svar till högst 2000 tecken",
        "own_title": "Frågor från din arbetsplats",
        "thanks": "Tack för dina svar",
        "question": "Vad vill du säga till din chef?",
    },
    "fi": {
        "locale": "fi-FI",
        "intro": "Vastauksesi ovat anonyymejä",
        "start": "Aloita vastaaminen",
        "continue": "Jatka siitä, mihin jäit",
        "next": "Seuraava",
        "back": "Takaisin",
        "save": "Tallenna ja jatka myöhemmin",
        "saved": "Vastauksesi on tallennettu",
        "send": "Lähetä vastaukseni",
        "problem": "Tiedoissa on ongelma",
        "too_long": "Lyhennä vastauksesi enintään 2000 merkkiin",
        "own_title": "Työpaikkasi omat kysymykset",
        "thanks": "Kiitos vastauksistasi",
        "question": "Mitä haluat sanoa esihenkilöllesi?",
    },
}


@pytest.fixture
def token(make) -> str:
    """The unit link of a round with two instrument pages and an own open question; made before the server starts."""
    unit = make.unit("Förskolan Solrosen", code="BUF-01", headcount=18)
    survey = make.survey_round(
        unit,
        sections=("hme/motivation", "work_ability/work_ability"),
        languages=("sv", "fi"),
        own_questions=OWN_QUESTION,
    )
    link = survey.units[0].link_token
    db.session.commit()
    return link


@pytest.fixture
def phone_context(browser, artifacts):
    """A fresh phone (one browser context = one device) speaking the language the test asks for."""
    contexts = []

    def new(locale: str):
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale=locale)
        contexts.append(context)
        return context

    artifacts.mkdir(exist_ok=True)
    yield new
    for context in contexts:
        context.close()


def _fits(page) -> None:
    """The page fits a 360 px wide phone: nothing to scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide"


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def _db_read():
    """End the test's own (read) transaction so that the next query sees what the server committed."""
    db.session.commit()


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_answering_on_a_phone_with_save_resume_and_a_too_long_answer(
    token, live_server, phone_context, lang, artifacts
):
    words = TEXTS[lang]
    context = phone_context(words["locale"])
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    link = f"{live_server}/s/{token}"
    page = context.new_page()

    # Landing, in the phone's language.
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main")).to_contain_text(words["intro"])
    _fits(page)
    page.get_by_role("button", name=words["start"]).click()
    page.wait_for_url(re.compile(r"/p/1$"))

    # Page 1: tap the option labels, the big tap targets.
    expect(page.locator("html")).to_have_attribute("lang", lang)
    for item, value in HME_TAPS.items():
        page.locator(f'label[for="q-hme-{item}-{value}"]').click()
        expect(page.locator(f"#q-hme-{item}-{value}")).to_be_checked()
    _fits(page)
    page.screenshot(path=str(artifacts / f"survey-page1-{lang}.png"), full_page=True)
    page.get_by_role("button", name=words["next"], exact=True).click()
    page.wait_for_url(re.compile(r"/p/2$"))

    # Page 2: work ability 8, then "Save and continue later".
    page.locator(f'label[for="q-work_ability-work_ability-{WORK_ABILITY}"]').click()
    expect(page.locator(f"#q-work_ability-work_ability-{WORK_ABILITY}")).to_be_checked()
    _fits(page)
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url(re.compile(r"/saved$"))
    expect(page.locator("h1")).to_have_text(words["saved"])
    _fits(page)
    page.close()

    # Later, on the same phone: the unit link offers to continue where the respondent stopped, and going back shows
    # the earlier answers still chosen.
    page = context.new_page()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    _fits(page)
    page.get_by_role("button", name=words["continue"]).click()
    page.wait_for_url(re.compile(r"/p/3$"))  # the page after the last one answered
    _fits(page)
    page.get_by_role("button", name=words["back"], exact=True).click()
    page.wait_for_url(re.compile(r"/p/2$"))
    expect(page.locator(f"#q-work_ability-work_ability-{WORK_ABILITY}")).to_be_checked()
    page.get_by_role("button", name=words["back"], exact=True).click()
    page.wait_for_url(re.compile(r"/p/1$"))
    for item, value in HME_TAPS.items():
        expect(page.locator(f"#q-hme-{item}-{value}")).to_be_checked()
    page.get_by_role("button", name=words["next"], exact=True).click()
    page.wait_for_url(re.compile(r"/p/2$"))
    expect(page.locator(f"#q-work_ability-work_ability-{WORK_ABILITY}")).to_be_checked()
    page.get_by_role("button", name=words["next"], exact=True).click()
    page.wait_for_url(re.compile(r"/p/3$"))

    # The last page: an answer over 2,000 characters. Playwright's fill() types like a person and stops at the
    # textarea's maxlength (measured: 2,300 characters in, 2,000 kept), so set the value from script, as a browser
    # that ignores maxlength would send it.
    expect(page.locator("h1")).to_have_text(words["own_title"])
    expect(page.locator('label[for="q-own-1-text"]')).to_have_text(words["question"])
    textarea = page.locator("#q-own-1-text")
    textarea.evaluate("(element, text) => { element.value = text; }", LONG_TEXT)
    assert len(textarea.input_value()) == len(LONG_TEXT) > 2000
    page.get_by_role("button", name=words["send"]).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text(words["problem"])
    expect(summary).to_contain_text(words["too_long"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(textarea).to_have_value(LONG_TEXT)
    expect(textarea).to_have_attribute("aria-invalid", "true")
    summary.locator("a").first.click()
    assert _focused_id(page) == "q-own-1-text"
    _fits(page)
    page.screenshot(path=str(artifacts / f"survey-error-{lang}.png"), full_page=True)
    _db_read()
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0

    # Shorten and send.
    textarea.fill(SHORT_TEXT)
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url(re.compile(r"/done(\?lang=\w+)?$"))
    expect(page.locator("h1")).to_have_text(words["thanks"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    _fits(page)

    # Exactly one response, holding exactly what was tapped and written; the draft is gone.
    _db_read()
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    response = db.session.scalar(select(SurveyResponse))
    stored = {(a.item_key, a.value, a.text) for a in db.session.scalars(select(Answer))}
    assert {a.response_id for a in db.session.scalars(select(Answer))} == {response.id}
    assert stored == {
        *((f"hme.{item}", value, None) for item, value in HME_TAPS.items()),
        ("work_ability.work_ability", WORK_ABILITY, None),
        ("own.1", None, SHORT_TEXT),
    }
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0

    # Nothing was loaded from anywhere but the app itself.
    assert requested, "no requests were recorded"
    elsewhere = [url for url in requested if not url.startswith(f"{live_server}/")]
    assert elsewhere == []


def test_keyboard_only_answering_saves_the_choice(token, live_server, phone_context):
    page = phone_context("sv-SE").new_page()
    page.goto(f"{live_server}/s/{token}")
    page.get_by_role("button", name="Börja svara").click()
    page.wait_for_url(re.compile(r"/p/1$"))

    # Tab: the skip link first, then the first option of the first statement.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Gå till innehållet"
    page.keyboard.press("Tab")
    assert _focused_id(page) == "q-hme-hme1-1"
    assert not page.locator("#q-hme-hme1-1").is_checked()  # focus alone does not answer
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert _focused_id(page) == "q-hme-hme1-3"
    expect(page.locator("#q-hme-hme1-3")).to_be_checked()

    # One Tab per remaining radio group, then the Next button.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "next":
            break
    assert page.evaluate("[document.activeElement.tagName, document.activeElement.value]") == ["BUTTON", "next"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/2$"))
    expect(page.locator("h1")).to_have_text("Arbetsförmåga")

    _db_read()
    draft = db.session.scalar(select(ResponseDraft))
    assert draft.answers == {"hme.hme1": 3}
