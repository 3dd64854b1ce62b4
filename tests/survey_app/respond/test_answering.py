"""A staff member answers on a phone: page by page, back and forth, and sends exactly one anonymous response."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from survey_app.db import db
from survey_app.models import Answer, ResponseDraft, SurveyResponse
from tests.clock import TODAY
from tests.survey_app.respond.helpers import answer, start

HME = {"hme.hme1": "5", "hme.hme2": "4", "hme.hme3": "2"}


@pytest.fixture
def survey(make):
    unit = make.unit("Förskolan Solrosen", code="BUF-01", headcount=18)
    return make.survey_round(unit, own_questions="Vad vill du säga till din chef? | Mitä haluat sanoa esihenkilöllesi?")


@pytest.fixture
def token(survey):
    return survey.units[0].link_token


def _responses() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def test_a_whole_survey_is_answered_and_stored_without_anything_that_identifies(client, token):
    landing = client.get(f"/s/{token}", headers={"Accept-Language": "sv-SE"})
    assert "Medarbetarenkät" in landing.get_data(as_text=True) and "anonyma" in landing.get_data(as_text=True)
    draft = start(client, token)
    assert answer(client, token, 1, draft, HME).location.endswith("/p/2")
    assert answer(client, token, 2, draft, {"work_ability.work_ability": "7"}).location.endswith("/p/3")
    done = answer(client, token, 3, draft, {"own.1": "  Mer tid för planering.  "}, action="submit")
    assert done.status_code == 302 and "/done" in done.location
    assert "Tack" in client.get(done.location).get_data(as_text=True)
    response = db.session.scalar(select(SurveyResponse))
    assert response.submitted_on == TODAY and len(response.id) == 32
    stored = {(a.item_key, a.value, a.text) for a in db.session.scalars(select(Answer))}
    assert stored == {
        ("hme.hme1", 5, None),
        ("hme.hme2", 4, None),
        ("hme.hme3", 2, None),
        ("work_ability.work_ability", 7, None),
        ("own.1", None, "Mer tid för planering."),
    }
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0


def test_a_response_holds_no_code_device_or_time_of_day(app):
    columns = {column["name"]: str(column["type"]) for column in inspect(db.engine).get_columns("survey_responses")}
    assert set(columns) == {"id", "round_id", "unit_id", "submitted_on", "held"}
    assert columns["submitted_on"] == "DATE"


def test_the_scale_shows_its_anchors_once_and_plain_numbers_as_options(client, token):
    draft = start(client, token)
    answer(client, token, 1, draft, HME)
    html = client.get(f"/s/{token}/p/2").get_data(as_text=True)
    assert html.count('class="scale-anchors"') == 1
    assert '<label for="q-work_ability-work_ability-10">10</label>' in html


def test_back_and_forth_keeps_answers(client, token):
    draft = start(client, token)
    answer(client, token, 1, draft, HME)
    answer(client, token, 2, draft, {"work_ability.work_ability": "3"}, action="back")
    page_one = client.get(f"/s/{token}/p/1").get_data(as_text=True)
    assert 'name="hme.hme1" value="5" checked' in page_one
    page_two = client.get(f"/s/{token}/p/2").get_data(as_text=True)
    assert 'value="3" checked' in page_two


def test_resume_later_on_the_same_device(app, client, token):
    draft = start(client, token)
    saved = answer(client, token, 1, draft, HME, action="save")
    assert saved.location.endswith("/saved")
    assert client.post(f"/s/{token}/start", data={"lang": "sv"}).location.endswith("/p/2")  # after the answered page
    assert 'value="4" checked' in client.get(f"/s/{token}/p/1").get_data(as_text=True)
    other_phone = app.test_client()
    assert other_phone.get(f"/s/{token}/p/1").location.endswith(f"/s/{token}")


@pytest.mark.parametrize("lang, message", [("sv", "Välj ett av alternativen"), ("fi", "Valitse jokin vaihtoehdoista")])
def test_an_out_of_range_answer_is_explained_in_the_respondents_language_and_not_saved(client, token, lang, message):
    draft = start(client, token, lang=lang)
    response = answer(client, token, 1, draft, {**HME, "hme.hme2": "9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'href="#q-hme-hme2-1"' in html  # the error summary leads to the question
    assert db.session.get(ResponseDraft, draft).answers == {}


def test_an_over_long_text_is_refused_and_kept_on_screen(client, token):
    draft = start(client, token)
    answer(client, token, 1, draft, HME)
    answer(client, token, 2, draft, {})
    long_text = "ord " * 1000
    response = answer(client, token, 3, draft, {"own.1": long_text}, action="submit")
    assert response.status_code == 422
    assert "at most 2000 characters" in response.get_data(as_text=True) or "2000" in response.get_data(as_text=True)
    assert long_text.strip()[:100] in response.get_data(as_text=True)
    assert _responses() == 0


@pytest.mark.parametrize("extra", [{"role": "admin"}, {"unit_id": "1"}, {"hme.hme9": "5"}])
def test_a_tampered_form_gets_a_clear_page_and_changes_nothing(client, token, extra):
    draft = start(client, token)
    response = answer(client, token, 1, draft, HME, **extra)
    assert response.status_code == 400 and "Formuläret hade ändrats" in response.get_data(as_text=True)
    assert db.session.get(ResponseDraft, draft).answers == {}


def test_a_form_with_another_draft_id_is_refused(client, token):
    start(client, token)
    response = answer(client, token, 1, "someone-elses-draft", HME)
    assert response.status_code == 400


def test_a_double_tap_on_send_stores_one_response(client, token):
    draft = start(client, token)
    answer(client, token, 1, draft, HME)
    answer(client, token, 2, draft, {})
    first = answer(client, token, 3, draft, {}, action="submit")
    second = answer(client, token, 3, draft, {}, action="submit")
    assert "/done" in first.location and "/done" in second.location
    assert _responses() == 1
    landing = client.get(f"/s/{token}").get_data(as_text=True)
    assert "Svar har skickats från den här webbläsaren" in landing  # a shared tablet: the next colleague may start


def test_the_language_switch_keeps_the_answers_on_the_page(client, token):
    draft = start(client, token, lang="sv")
    response = answer(client, token, 1, draft, {"hme.hme1": "2"}, lang="fi")
    assert response.location.endswith("/p/1")
    page = client.get(f"/s/{token}/p/1").get_data(as_text=True)
    assert 'lang="fi"' in page and 'name="hme.hme1" value="2" checked' in page


@pytest.mark.parametrize("opens, closes, text", [(1, 10, "Enkäten öppnar"), (-10, -1, "Enkäten stängde")])
def test_a_round_that_is_not_open_says_so(client, make, opens, closes, text):
    unit = make.unit(code="X1")
    today = TODAY
    survey = make.survey_round(unit, opens_on=today + timedelta(days=opens), closes_on=today + timedelta(days=closes))
    # English is not offered by this round: the page speaks the round's first language.
    response = client.get(f"/s/{survey.units[0].link_token}", headers={"Accept-Language": "en"})
    assert response.status_code == 403 and text in response.get_data(as_text=True)
    assert client.post(f"/s/{survey.units[0].link_token}/start").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0


def test_an_unknown_link_gets_a_page_of_its_own(client):
    response = client.get("/s/not-a-real-token", headers={"Accept-Language": "fi"})
    assert response.status_code == 404 and 'lang="fi"' in response.get_data(as_text=True)


def test_survey_pages_set_no_session_cookie_and_load_nothing_from_elsewhere(client, token):
    draft = start(client, token)
    response = client.get(f"/s/{token}/p/1")
    html = response.get_data(as_text=True)
    assert "omtanke_session" not in (response.headers.get("Set-Cookie") or "")
    assert "<script" not in html and draft in html
    assert all(url.startswith("/") for url in __import__("re").findall(r'(?:href|src|action)="([^"#][^"]*)"', html))
