"""Answering with a personal single-use code: resume on another device, once only, unlinkable."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode, Answer, SurveyResponse
from survey_app.surveys.services import create_codes
from tests.survey_app.respond.helpers import answer, draft_id


@pytest.fixture
def survey(make):
    return make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=30))


@pytest.fixture
def code(app, survey):
    return create_codes(None, survey.units[0], 3, app.config["SECRET_KEY"], survey.opens_on)[0]


def _enter(client, code_text, lang="en"):
    return client.post(f"/s/code?lang={lang}", data={"code": code_text})


def test_a_code_is_stored_only_as_a_hash(code):
    stored = db.session.scalars(select(AccessCode.code_hash)).all()
    assert len(stored) == 3 and all(len(value) == 64 for value in stored)
    assert code.replace("-", "") not in "".join(stored)


def test_a_code_resumes_on_another_device_with_its_phrase_and_works_only_once(app, survey, code):
    token = survey.units[0].link_token
    phone = app.test_client()
    first_page = phone.get(_enter(phone, code.lower().replace("-", " ")).location).get_data(as_text=True)
    answer(phone, token, 1, draft_id(first_page), {"hme.hme1": "3"}, action="save")
    phone.post(f"/s/{token}/saved", data={"phrase": "my own phrase"})

    tablet = app.test_client()
    entered = tablet.post("/s/code?lang=en", data={"code": code, "phrase": "my own phrase", "action": "resume"})
    resumed = tablet.get(entered.location).get_data(as_text=True)
    assert 'name="hme.hme1" value="3" checked' in resumed
    draft = draft_id(resumed)
    answer(tablet, token, 1, draft, {"hme.hme1": "4"})
    sent = answer(tablet, token, 2, draft, {"work_ability.work_ability": "8"}, action="submit")
    assert "/done" in sent.location

    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert db.session.scalar(select(Answer.value).where(Answer.item_key == "hme.hme1")) == 4
    assert db.session.scalar(select(func.count()).where(AccessCode.used)) == 1
    again = _enter(app.test_client(), code)
    assert again.status_code == 422 and "This code has already been used" in again.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["", "ABCD", "ABCD-EFGH-JKMN", "<script>", "x" * 500])
def test_wrong_codes_are_refused_with_a_clear_message(client, code, typed):
    response = _enter(client, typed)
    assert response.status_code == 422
    assert "That is not a valid code" in response.get_data(as_text=True)


def test_wrong_codes_are_refused_in_swedish_too(client, code):
    response = _enter(client, "ABCD-EFGH-JKMN", lang="sv")
    assert 'lang="sv"' in response.get_data(as_text=True)


OFFICE = {"REMOTE_ADDR": "192.0.2.40"}


def test_a_colleagues_right_code_gets_in_after_31_wrong_codes_from_the_same_office(app, survey, code):
    """Issue 19, finding 8: the per-address limit refused everyone behind the office address, right codes too."""
    app.config["OMTANKE_CODE_LIMIT"] = "30 per minute;300 per hour"
    guesser = app.test_client()
    wrong = [guesser.post("/s/code", data={"code": f"AAAA-BBBB-CC{n:02d}"}, environ_base=OFFICE) for n in range(31)]
    assert [r.status_code for r in wrong] == [422] * 30 + [429]
    colleague = app.test_client().post("/s/code?lang=sv", data={"code": code}, environ_base=OFFICE)
    assert colleague.status_code == 302 and f"/s/{survey.units[0].link_token}/p/1" in colleague.location


def test_over_the_limit_wrong_codes_are_told_to_wait_in_the_respondents_language(app, code):
    app.config["OMTANKE_CODE_LIMIT"] = "3 per minute"
    client = app.test_client()
    for n in range(3):
        assert client.post("/s/code", data={"code": f"AAAA-BBBB-CC{n:02d}"}, environ_base=OFFICE).status_code == 422
    for lang, expected in (("en", "Too many wrong codes"), ("sv", 'lang="sv"')):
        refused = client.post(f"/s/code?lang={lang}", data={"code": "AAAA-BBBB-CCDD"}, environ_base=OFFICE)
        assert refused.status_code == 429 and expected in refused.get_data(as_text=True)
        assert "That is not a valid code" not in refused.get_data(as_text=True)
    elsewhere = client.post("/s/code", data={"code": "AAAA-BBBB-CCDD"}, environ_base={"REMOTE_ADDR": "192.0.2.41"})
    assert elsewhere.status_code == 422  # the count is per address
