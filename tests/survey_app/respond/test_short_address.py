"""The short address (issue 20): a workplace's short code, typed as staff type it, leads to its answer link; wrong
codes count against the address like wrong answer codes, and a right one is never refused. Plus the thank-you
page's link to the workplace's action plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.logs import respondent_route
from survey_app.models import RoundUnit, SurveyRound
from survey_app.models.surveys import CODE_ALPHABET, new_short_code
from survey_app.surveys import codes as answer_codes
from survey_app.surveys.short_codes import grouped, looks_like_short_code, normalise
from tests.clock import TODAY

OFFICE = {"REMOTE_ADDR": "192.0.2.60"}


@pytest.fixture
def round_unit(make) -> RoundUnit:
    survey = make.survey_round(make.unit("Hemtjänst Norr", code="HT-N", headcount=30), languages=("sv", "fi", "en"))
    survey.published_on = survey.published_on or TODAY
    db.session.commit()
    return survey.units[0]


def test_every_new_workplace_gets_a_unique_short_code_of_the_answer_codes_alphabet(make, round_unit):
    other = make.survey_round(make.unit("Ängsskolan", code="BUF-1", headcount=30))
    stored = db.session.scalars(select(RoundUnit.short_code)).all()
    assert len(stored) == 2 and len(set(stored)) == 2 and other.units[0].short_code in stored
    assert all(len(code) == 14 and set(code) <= set(CODE_ALPHABET) for code in stored)
    assert CODE_ALPHABET == answer_codes.ALPHABET  # one alphabet without look-alikes
    assert not set("01OIL") & set(new_short_code())


def test_a_short_code_reads_the_same_in_any_case_with_spaces_or_dashes():
    assert grouped("K7RM4QXPH2XY9A") == "K7RM-4QXP-H2X-Y9A"
    for typed in ("k7rm-4qxp-h2x-y9a", " K7RM 4QXP H2X Y9A ", "k7rm4qxph2xy9a"):
        assert normalise(typed) == "K7RM4QXPH2XY9A" and looks_like_short_code(typed)
    assert not looks_like_short_code("K7RM-4QXP-H2X-Y9")
    assert not looks_like_short_code("O7RM-4QXP-H2X-Y9A")  # no O in the alphabet


@pytest.mark.parametrize("shape", [str.lower, grouped, lambda code: " ".join(grouped(code).lower().split("-"))])
def test_a_short_code_typed_in_any_shape_leads_to_the_workplaces_answer_link(client, round_unit, shape):
    typed = shape(round_unit.short_code)
    response = client.post("/k/", data={"code": typed, "lang": "fi"})
    assert response.status_code == 302
    assert response.location.endswith(f"/s/{round_unit.link_token}?lang=fi")


def test_a_short_code_in_the_address_itself_leads_there_too(client, round_unit):
    response = client.get(f"/k/{grouped(round_unit.short_code).lower()}")
    assert response.status_code == 302 and f"/s/{round_unit.link_token}" in response.location


def test_the_short_address_is_reached_without_the_trailing_slash_and_asks_for_the_code(client):
    assert client.get("/k").status_code in (301, 308)
    response = client.get("/k/?lang=en")
    page = response.get_data(as_text=True)
    assert '<label for="code">Code from the poster</label>' in page and "csrf_token" not in page
    assert "Set-Cookie" not in response.headers and "Set-Cookie" not in client.get("/k/").headers


def test_a_wrong_short_code_says_so_and_names_no_workplace(client, round_unit):
    response = client.post("/k/", data={"code": "AAAA-BBBB-CCC-DDD", "lang": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "No open survey has this code" in page
    assert "Hemtjänst" not in page and round_unit.link_token not in page


def test_a_personal_answer_code_typed_here_is_pointed_to_the_code_page(client, round_unit):
    page = client.post("/k/", data={"code": answer_codes.new_code(), "lang": "en"}).get_data(as_text=True)
    assert "That looks like a personal code" in page and "/s/code" in page


def test_a_closed_or_draft_rounds_short_code_is_as_wrong_as_a_made_up_one(client, round_unit):
    survey = db.session.get(SurveyRound, round_unit.round_id)
    survey.published_on = None
    db.session.commit()
    assert client.post("/k/", data={"code": round_unit.short_code}).status_code == 422
    survey.published_on = TODAY
    survey.opens_on = survey.closes_on = TODAY - timedelta(days=365)
    db.session.commit()
    assert client.get(f"/k/{round_unit.short_code}").status_code == 422


def test_wrong_short_codes_share_the_answer_codes_limit_and_a_right_one_still_gets_in(app, round_unit):
    app.config["OMTANKE_CODE_LIMIT"] = "3 per minute"
    guesser = app.test_client()
    statuses = [guesser.post("/k/", data={"code": f"AAAA-BBBB-CCC-DD{n}"}, environ_base=OFFICE) for n in (2, 3)]
    statuses.append(guesser.get("/k/AAAA-BBBB-CCC-DD4", environ_base=OFFICE))
    statuses.append(guesser.post("/s/code", data={"code": "AAAA-BBBB-CCDD"}, environ_base=OFFICE))
    statuses.append(guesser.get("/k/AAAA-BBBB-CCC-DD5", environ_base=OFFICE))
    assert [r.status_code for r in statuses] == [422, 422, 422, 429, 429]
    colleague = app.test_client().post("/k/", data={"code": round_unit.short_code}, environ_base=OFFICE)
    assert colleague.status_code == 302


def test_the_short_address_is_logged_as_a_respondents_route_never_with_its_code(app):
    assert respondent_route(app, "/k/K7RM-4QXP-H2X-Y9A") == "/k/<code>"
    assert respondent_route(app, "/k/", "POST") == "/k/"


def test_the_thank_you_page_links_to_the_workplaces_action_plan(client, round_unit):
    page = client.get(f"/s/{round_unit.link_token}/done?lang=en").get_data(as_text=True)
    assert f'href="/s/{round_unit.link_token}/plan?lang=en"' in page
