"""Who sees a round in each state: a draft only HR and administrators, a round closed early is closed everywhere
from that day; respondents read the title in their language; HR picks the units by name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import RoundTree, SurveyResponse
from survey_app.surveys import held, lifecycle
from tests.clock import TODAY
from tests.helpers import page_text

ANSWERS = {"hme.hme1": 4, "hme.hme2": 5, "hme.hme3": 3}


@pytest.fixture
def world(app, login, make):
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    manager = make.user("manager", units=(area,), email="chef@example.org")
    return {
        "area": area,
        "north": north,
        "hr": login(app.test_client(), make.user("hr", email="hr@example.org")),
        "manager": login(app.test_client(), manager),
    }


def test_a_drafts_link_answers_nothing(client, make, world):
    draft = make.survey_round(world["area"], languages=("en",), title="Draft survey", draft=True)
    token = draft.units[0].link_token
    landing = client.get(f"/s/{token}")
    assert landing.status_code == 403 and "This survey is not open." in page_text(landing)
    assert client.post(f"/s/{token}/start", data={"lang": "en"}).status_code == 403


def test_a_draft_is_in_no_result_list_api_or_managers_page(client, make, world, api_token):
    draft = make.survey_round(world["area"], title="Hemligt utkast", draft=True)
    make.responses(draft, world["north"], ANSWERS, count=6)  # cannot happen through the link; still never shown
    assert "Hemligt utkast" not in page_text(world["manager"].get("/results/"))
    assert "Hemligt utkast" not in page_text(world["hr"].get("/results/"))
    assert world["hr"].get(f"/results/{draft.id}").status_code == 404
    assert "Hemligt utkast" not in page_text(world["manager"].get("/surveys/answering"))
    token = api_token("hr@example.org")
    listed = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert draft.id not in [r["id"] for r in listed]
    refused = client.get(f"/api/v1/rounds/{draft.id}/results", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 404


def test_hr_previews_a_draft_as_respondents_will_see_it(make, world):
    draft = make.survey_round(world["area"], titles={"sv": "Enkät", "fi": "Kysely"}, draft=True)
    preview = world["hr"].get(f"/surveys/{draft.id}/preview/1?lang=fi")
    assert preview.status_code == 200 and "Kysely" in page_text(preview)


def test_closing_early_releases_results_refuses_respondents_and_keeps_the_tree_today(client, make, world):
    survey = make.survey_round(world["area"], opens_on=TODAY - timedelta(days=5), languages=("en",))
    make.responses(survey, world["north"], ANSWERS, count=6)
    assert "Results are shown when the round has closed" in page_text(world["hr"].get(f"/results/{survey.id}"))

    lifecycle.close_round_early(None, survey, TODAY)
    overview = world["hr"].get(f"/results/{survey.id}")
    assert overview.status_code == 200 and "Hemtjänst Norr" in page_text(overview)
    landing = client.get(f"/s/{survey.units[0].link_token}")
    assert landing.status_code == 403 and f"closed on {TODAY.isoformat()}" in page_text(landing)

    make.unit("Hemtjänst Väst", parent=world["area"], code="HT-2")  # the tree changes the same day
    assert db.session.scalar(select(RoundTree.round_id).where(RoundTree.round_id == survey.id)) == survey.id


def test_held_answers_cannot_be_accepted_once_closed_early(make, world):
    survey = make.survey_round(world["area"])
    for response in make.responses(survey, world["north"], ANSWERS, count=2):
        response.held = True
    db.session.commit()
    lifecycle.close_round_early(None, survey, TODAY)
    with pytest.raises(DomainError, match="has closed"):
        held.accept_held(None, survey.units[0], TODAY)
    assert all(db.session.scalars(select(SurveyResponse.held)))


def test_a_finnish_respondent_reads_the_finnish_title(client, make, world):
    survey = make.survey_round(world["area"], titles={"sv": "Medarbetarenkät 2026", "fi": "Henkilöstökysely 2026"})
    page = page_text(client.get(f"/s/{survey.units[0].link_token}?lang=fi"))
    assert "Henkilöstökysely 2026" in page and "Medarbetarenkät" not in page
    assert "Medarbetarenkät 2026" in page_text(client.get(f"/s/{survey.units[0].link_token}?lang=sv"))


def test_the_title_falls_back_to_the_first_language(make, world):
    survey = make.survey_round(world["area"], titles={"sv": "Enkät", "fi": "Kysely"})
    assert (survey.title_in("fi"), survey.title_in("en"), survey.title_in(None)) == ("Kysely", "Enkät", "Enkät")


def test_hr_picks_the_unit_by_name_from_the_tree(make, world):
    gone = make.unit("Nedlagd enhet", parent=world["area"], code="HT-X")
    gone.active = False
    db.session.commit()
    form = world["hr"].get("/surveys/new").get_data(as_text=True)
    assert 'id="root_code" name="root_code"><option value="">The whole organisation</option>' in form
    assert '<option value="HT">Hemtjänst (HT)</option>' in form
    assert '<option value="HT-1">\xa0\xa0\xa0Hemtjänst Norr (HT-1)</option>' in form
    assert "Nedlagd enhet" not in form
    assert form.index("Hemtjänst (HT)") < form.index("Hemtjänst Norr (HT-1)")
