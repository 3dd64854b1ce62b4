"""Whoever holds a code cannot read, change or send the answers its owner saved (issue 19, finding 5).

Continuing saved answers on another device takes the phrase the respondent chose when saving; on the device that
holds the answers they continue as before. Someone with only the code may start afresh, which deletes the saved
answers unread; the code still lets in exactly one response.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode, Answer, ResponseDraft, SurveyResponse
from survey_app.surveys.services import create_codes
from tests.survey_app.respond.helpers import answer, draft_id

PHRASE = "blue kettle at noon"
SAVED = 'name="hme.hme1" value="2" checked'  # the owner's distinctive answer as a page shows it


@pytest.fixture
def survey(make):
    # English offered, so that the pages the tests read are in the language they ask for (?lang=en)
    return make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=30), languages=("en", "sv"))


@pytest.fixture
def code(app, survey):
    return create_codes(None, survey.units[0], 3, app.config["SECRET_KEY"], survey.opens_on)[0]


def _enter(client, code_text, **fields):
    return client.post("/s/code?lang=en", data={"code": code_text, **fields})


def _saved_by_owner(app, survey, code, phrase: str | None = PHRASE):
    """The owner enters the code on their phone, answers page 1 and saves it for later (with a phrase)."""
    token = survey.units[0].link_token
    phone = app.test_client()
    draft = draft_id(phone.get(_enter(phone, code).location).get_data(as_text=True))
    assert answer(phone, token, 1, draft, {"hme.hme1": "2"}, action="save").location.endswith("/saved")
    if phrase is not None:
        chosen = phone.post(f"/s/{token}/saved?lang=en", data={"phrase": phrase})
        assert chosen.status_code == 200 and "another device" in chosen.get_data(as_text=True)
    return phone, draft


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_another_device_with_the_code_neither_sees_nor_changes_nor_sends_the_saved_answers(app, survey, code):
    token = survey.units[0].link_token
    phone, draft = _saved_by_owner(app, survey, code, phrase=None)

    tablet = app.test_client()
    entered = _enter(tablet, code)
    shown = entered.get_data(as_text=True) + (
        tablet.get(entered.location).get_data(as_text=True) if entered.location else ""
    )
    assert SAVED not in shown and draft not in shown
    assert entered.status_code == 200 and 'name="phrase"' in shown  # asked for the phrase instead
    assert tablet.get(f"/s/{token}/p/1").status_code == 302  # no draft on this device: back to the landing page
    forged = answer(tablet, token, 2, draft, {"work_ability.work_ability": "9"}, action="submit")
    assert "/done" not in forged.location
    assert _count(SurveyResponse) == 0 and db.session.get(ResponseDraft, draft).answers == {"hme.hme1": 2}

    assert SAVED in phone.get(f"/s/{token}/p/1").get_data(as_text=True)  # the owner's phone still continues


def test_the_phrase_continues_the_saved_answers_on_another_device_and_the_code_answers_once(app, survey, code):
    token = survey.units[0].link_token
    phone, _draft = _saved_by_owner(app, survey, code)

    tablet = app.test_client()
    wrong = _enter(tablet, code, phrase="red kettle at noon", action="resume")
    assert wrong.status_code == 422 and SAVED not in wrong.get_data(as_text=True)
    resumed = _enter(tablet, code, phrase="  Blue  KETTLE at noon ", action="resume")
    assert resumed.status_code == 302
    page = tablet.get(resumed.location).get_data(as_text=True)
    assert SAVED in page
    again = _enter(phone, code)  # the owner's own phone needs no phrase
    assert again.status_code == 302 and SAVED in phone.get(again.location).get_data(as_text=True)

    draft = draft_id(page)
    answer(tablet, token, 1, draft, {"hme.hme1": "4"})
    sent = answer(tablet, token, 2, draft, {"work_ability.work_ability": "8"}, action="submit")
    assert "/done" in sent.location
    late = answer(phone, token, 2, draft, {"work_ability.work_ability": "1"}, action="submit")
    assert "/done" not in late.location  # the phone's tap finds no answers left to send

    assert _count(SurveyResponse) == 1 and _count(AccessCode, AccessCode.used) == 1
    assert db.session.scalar(select(Answer.value).where(Answer.item_key == "hme.hme1")) == 4
    assert _enter(app.test_client(), code).status_code == 422  # used


def test_starting_afresh_deletes_the_saved_answers_unread_and_the_code_still_answers_once(app, survey, code):
    token = survey.units[0].link_token
    phone, old = _saved_by_owner(app, survey, code)

    tablet = app.test_client()
    fresh = _enter(tablet, code, action="fresh")
    assert fresh.status_code == 302
    page = tablet.get(fresh.location).get_data(as_text=True)
    assert SAVED not in page and draft_id(page) != old
    assert _enter(app.test_client(), code, phrase=PHRASE, action="resume").status_code == 422  # unreachable now
    assert phone.get(f"/s/{token}/p/1").status_code == 302  # the phone's answers are gone: deleted on its visit
    assert db.session.get(ResponseDraft, old) is None and _count(ResponseDraft) == 1

    draft = draft_id(page)
    answer(tablet, token, 1, draft, {"hme.hme1": "5"})
    assert "/done" in answer(tablet, token, 2, draft, {"work_ability.work_ability": "8"}, action="submit").location
    assert _count(SurveyResponse) == 1 and _count(AccessCode, AccessCode.used) == 1


def test_the_save_page_asks_for_a_phrase_in_the_respondents_language(app, survey, code):
    token = survey.units[0].link_token
    phone = app.test_client()
    draft = draft_id(phone.get(_enter(phone, code).location).get_data(as_text=True))
    answer(phone, token, 1, draft, {"hme.hme1": "2"}, action="save")
    html = phone.get(f"/s/{token}/saved?lang=en").get_data(as_text=True)
    assert '<label for="phrase">' in html and 'id="phrase"' in html and "another device" in html
    short = phone.post(f"/s/{token}/saved?lang=en", data={"phrase": "abc"})
    assert short.status_code == 422 and 'aria-invalid="true"' in short.get_data(as_text=True)


def _guess(client, code, phrase, address):
    data = {"code": code, "phrase": phrase, "action": "resume"}
    return client.post("/s/code?lang=en", data=data, environ_base={"REMOTE_ADDR": address}).status_code


def test_wrong_phrases_for_a_code_are_limited_from_every_address(app, survey, code):
    app.config["OMTANKE_PHRASE_LIMIT"] = "5 per hour"
    _saved_by_owner(app, survey, code)
    statuses = [_guess(app.test_client(), code, f"guess number {n}", f"192.0.2.{n}") for n in range(5)]
    assert statuses == [422] * 5
    assert _guess(app.test_client(), code, PHRASE, "192.0.2.99") == 429  # no phrase is checked now, the right one too


def test_wrong_phrases_use_up_the_addresss_allowance_for_wrong_codes(app, survey, code):
    app.config["OMTANKE_CODE_LIMIT"] = "3 per minute"
    _saved_by_owner(app, survey, code)
    guesser = app.test_client()
    assert [_guess(guesser, code, f"guess number {n}", "192.0.2.7") for n in range(3)] == [422] * 3
    assert _guess(guesser, code, "guess number 4", "192.0.2.7") == 429
