"""HR follows held link answers on the round's page and accepts them while the round is open (issue 19, finding 2)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, SurveyResponse
from survey_app.results.services import closed_round_results
from survey_app.surveys.services import progress
from tests.clock import TODAY
from tests.helpers import post_form
from tests.survey_app.respond.helpers import KNOWN, REAL, close, send_by_link


@pytest.fixture
def hr(app, login, make):
    return login(app.test_client(), make.user("hr"))


@pytest.fixture
def workplace(make):
    area = make.unit("Hemtjänst", code="HT", headcount=0)
    unit = make.unit("Hemtjänst Norr", parent=area, code="HT-N", headcount=20)
    small = make.unit("Nattpatrullen", parent=area, code="HT-NP", headcount=5)
    return unit, small, make.survey_round(area, sections=("hme/motivation",), threshold=3)


def _round_unit(survey, unit):
    return next(round_unit for round_unit in survey.units if round_unit.unit_id == unit.id)


def _burst(app, survey, unit) -> None:
    """Two real answers, then three from one address: one of those counts, two are held."""
    token = _round_unit(survey, unit).link_token
    for number, real in enumerate(REAL, start=1):
        send_by_link(app.test_client(), token, real, address=f"10.1.0.{number}")
    for _ in range(3):
        send_by_link(app.test_client(), token, KNOWN, address="10.9.9.9")


def _accept(client, survey, unit):
    page = f"/surveys/{survey.id}"
    return post_form(client, page, {}, action=f"/surveys/{survey.id}/units/{unit.id}/held/accept")


def test_held_answers_show_on_the_status_page_and_count_once_hr_accepts_them(app, hr, workplace):
    unit, _, survey = workplace
    _burst(app, survey, unit)
    row = next(row for row in progress(survey) if row.round_unit.unit_id == unit.id)
    assert (row.responses, row.held) == (3, 2)
    page = hr.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "2 held" in page and f"/units/{unit.id}/held/accept" in page

    accepted = _accept(hr, survey, unit)
    assert accepted.status_code == 302
    assert "2 held answers now count." in hr.get(accepted.location).get_data(as_text=True)
    row = next(row for row in progress(survey) if row.round_unit.unit_id == unit.id)
    assert (row.responses, row.held) == (5, 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.held_accepted"))
    assert event.details == {"unit": "HT-N", "accepted": 2, "still_held": 0}
    close(survey)
    assert closed_round_results(survey, TODAY).units[unit.id].responses == 5


def test_after_the_round_closes_held_answers_stay_out_for_good(app, hr, workplace):
    unit, _, survey = workplace
    _burst(app, survey, unit)
    close(survey)
    refused = _accept(hr, survey, unit)
    assert "held answers stay out" in hr.get(refused.location).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(SurveyResponse.held)) == 2
    assert closed_round_results(survey, TODAY).units[unit.id].responses == 3
    page = hr.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "2 held" in page and "/held/accept" not in page


def test_a_manager_cannot_accept_held_answers(app, login, make, workplace):
    unit, _, survey = workplace
    _burst(app, survey, unit)
    manager = login(app.test_client(), make.user("manager", units=(unit,)))
    response = post_form(manager, "/", {}, action=f"/surveys/{survey.id}/units/{unit.id}/held/accept")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).where(SurveyResponse.held)) == 2


def test_the_round_page_and_poster_say_which_workplaces_answer_with_codes_only(hr, workplace):
    unit, small, survey = workplace
    page = hr.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "Workplaces with fewer than 6 staff answer with personal codes only" in page
    assert page.count("Codes only") == 1 and f"/units/{unit.id}/poster" in page
    assert f"/units/{small.id}/poster" not in page
    poster = hr.get(f"/surveys/{survey.id}/units/{small.id}/poster").get_data(as_text=True)
    assert "too small to answer through its link" in poster


def test_accepting_never_counts_more_link_answers_than_the_headcount(app, hr, make):
    unit = make.unit("Förskolan Lärkan", code="BUF-L", headcount=6)
    survey = make.survey_round(unit, sections=("hme/motivation",), threshold=3)
    token = survey.units[0].link_token
    for _ in range(8):
        send_by_link(app.test_client(), token, KNOWN, address="10.9.9.9")
    _accept(hr, survey, unit)
    row = progress(survey)[0]
    assert (row.responses, row.held) == (6, 2)
