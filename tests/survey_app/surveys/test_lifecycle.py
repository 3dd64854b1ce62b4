"""A round's lifecycle: saved as a draft, opened, edited before its first answer, extended, closed early, a draft
deleted; each refusal explained (``survey_app.surveys.lifecycle``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AuditEvent, ResponseDraft, RoundUnit, SurveyRound
from survey_app.surveys import lifecycle
from survey_app.surveys.services import RoundInput
from tests.clock import TODAY
from tests.helpers import page_text, post_form


@pytest.fixture
def hr(app, login, make):
    return login(app.test_client(), make.user("hr"))


@pytest.fixture
def areas(make):
    north = make.unit("Förskoleområde Norr", code="BUF-N", headcount=0)
    south = make.unit("Förskoleområde Söder", code="BUF-S", headcount=0)
    return {
        "north": (north, [make.unit(f"Norr {n}", parent=north, code=f"BUF-N-{n}", headcount=10) for n in (1, 2)]),
        "south": (south, [make.unit(f"Söder {n}", parent=south, code=f"BUF-S-{n}", headcount=10) for n in (1, 2, 3)]),
    }


def _input(root_code: str = "BUF-N", **fields) -> RoundInput:
    values = {
        "title": "Medarbetarenkät",
        "root_code": root_code,
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=14),
        "languages": ("sv", "fi"),
        "anonymity_threshold": 5,
        "sections": ("hme/motivation",),
        "titles": {"sv": "Medarbetarenkät", "fi": "Henkilöstökysely"},
        **fields,
    }
    return RoundInput(**values)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.startswith("survey."))))


def test_a_saved_round_is_a_draft_until_hr_opens_it(hr, areas):
    response = post_form(
        hr,
        "/surveys/new",
        {
            "title_sv": "Medarbetarenkät",
            "title_fi": "Henkilöstökysely",
            "root_code": "BUF-N",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + timedelta(days=14)).isoformat(),
            "languages": ["sv", "fi"],
            "anonymity_threshold": "5",
            "comment_threshold": "10",
            "sections": ["hme/motivation"],
        },
    )
    survey = db.session.scalar(select(SurveyRound))
    assert response.status_code == 302 and survey.status_on(TODAY) == "draft"
    assert survey.titles == {"sv": "Medarbetarenkät", "fi": "Henkilöstökysely"} and survey.title == "Medarbetarenkät"
    page = page_text(hr.get(response.location))
    assert "Draft" in page and "Open to respondents" in page and "Delete the draft" in page

    opened = post_form(hr, f"/surveys/{survey.id}", {}, action=f"/surveys/{survey.id}/open")
    assert opened.status_code == 302 and survey.status_on(TODAY) == "open" and survey.published_on == TODAY
    assert "Respondents can answer now." in page_text(hr.get(opened.location))
    assert _actions() == ["survey.create", "survey.open"]


def test_a_round_opened_before_its_first_day_is_scheduled(make, areas):
    survey = make.survey_round(areas["north"][0], opens_on=TODAY + timedelta(days=3), draft=True)
    assert lifecycle.open_round(None, survey, TODAY) == "scheduled"
    assert survey.status_on(TODAY + timedelta(days=3)) == "open"


def test_opening_is_refused_twice_and_after_the_closing_date(make, areas):
    survey = make.survey_round(areas["north"][0])
    with pytest.raises(DomainError, match="already open"):
        lifecycle.open_round(None, survey, TODAY)
    late = make.survey_round(areas["north"][0], closes_on=TODAY, draft=True)
    with pytest.raises(DomainError, match="closing date has already passed"):
        lifecycle.open_round(None, late, TODAY + timedelta(days=1))


def test_editing_a_draft_changes_everything_and_takes_the_new_roots_workplaces(hr, make, areas):
    survey = make.survey_round(areas["north"][0], draft=True)
    kept_token = survey.units[0].link_token
    form = hr.get(f"/surveys/{survey.id}/edit").get_data(as_text=True)
    assert 'value="Medarbetarenkät"' in form and '<option selected value="BUF-N">' in form
    response = post_form(
        hr,
        f"/surveys/{survey.id}/edit",
        {
            "title_fi": "Kevään kysely",
            "title_en": "Spring survey",
            "root_code": "BUF-S",
            "opens_on": (TODAY + timedelta(days=7)).isoformat(),
            "closes_on": (TODAY + timedelta(days=21)).isoformat(),
            "languages": ["fi", "en"],
            "anonymity_threshold": "6",
            "comment_threshold": "12",
            "sections": ["osa/workload"],
            "own_questions": "Mitä muuta? | Anything else?",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    survey = db.session.get(SurveyRound, survey.id)
    assert survey.titles == {"fi": "Kevään kysely", "en": "Spring survey"} and survey.title == "Kevään kysely"
    assert {ru.unit.code for ru in survey.units} == {"BUF-S-1", "BUF-S-2", "BUF-S-3"}
    assert kept_token not in {ru.link_token for ru in survey.units}
    assert (survey.languages, survey.anonymity_threshold, survey.comment_threshold) == (["fi", "en"], 6, 12)
    assert survey.content["own_items"] == [{"type": "text", "text": {"fi": "Mitä muuta?", "en": "Anything else?"}}]
    assert db.session.scalar(select(func.count()).select_from(RoundUnit)) == 3
    assert _actions()[-1] == "survey.edit"


def test_an_open_round_without_answers_can_still_be_edited_and_its_links_stay(make, areas):
    survey = make.survey_round(areas["north"][0])
    tokens = {ru.link_token for ru in survey.units}
    lifecycle.edit_round(None, survey, _input(closes_on=TODAY + timedelta(days=30)), TODAY)
    assert survey.closes_on == TODAY + timedelta(days=30) and {ru.link_token for ru in survey.units} == tokens


@pytest.mark.parametrize("held", [False, True])
def test_editing_is_refused_once_an_answer_has_arrived_held_or_not(hr, make, areas, held):
    survey = make.survey_round(areas["north"][0])
    for response in make.responses(survey, areas["north"][1][0], {"hme.hme1": 4}, count=12):
        response.held = held
    db.session.commit()
    with pytest.raises(DomainError, match="12 answers have arrived"):
        lifecycle.edit_round(None, survey, _input(), TODAY)
    page = page_text(hr.get(f"/surveys/{survey.id}"))
    assert "can no longer change: 12 answers have arrived." in page and "Edit the round" not in page
    assert hr.get(f"/surveys/{survey.id}/edit").status_code == 302


def test_the_closing_date_moves_later_only_while_scheduled_or_open(hr, make, areas):
    survey = make.survey_round(areas["north"][0])
    later = TODAY + timedelta(days=30)
    response = post_form(hr, f"/surveys/{survey.id}", {"closes_on": later.isoformat()}, f"/surveys/{survey.id}/extend")
    assert response.status_code == 302 and survey.closes_on == later
    with pytest.raises(DomainError, match="Choose a closing date after"):
        lifecycle.extend_round(None, survey, TODAY + timedelta(days=1), TODAY)
    closed = make.closed_round(areas["north"][0])
    with pytest.raises(DomainError, match="has closed"):
        lifecycle.extend_round(None, closed, later, TODAY)
    draft = make.survey_round(areas["north"][0], draft=True)
    with pytest.raises(DomainError, match="edit it"):
        lifecycle.extend_round(None, draft, later, TODAY)
    assert "survey.extend" in _actions()


def test_closing_early_asks_for_confirmation_then_closes_today(hr, make, areas):
    survey = make.survey_round(areas["north"][0], opens_on=TODAY - timedelta(days=3))
    db.session.add(ResponseDraft(id="d" * 43, round_unit_id=survey.units[0].id, language="sv", updated_on=TODAY))
    db.session.commit()
    confirm = f"/surveys/{survey.id}/close"
    assert "Yes, I am sure" in page_text(hr.get(confirm))
    unconfirmed = post_form(hr, confirm, {})
    assert unconfirmed.status_code == 200 and "Tick the box to confirm." in page_text(unconfirmed)
    assert survey.status_on(TODAY) == "open"

    closed = post_form(hr, confirm, {"confirm": "y"})
    assert closed.status_code == 302
    db.session.expire_all()
    survey = db.session.get(SurveyRound, survey.id)
    assert survey.status_on(TODAY) == "closed" and survey.closes_on == TODAY and survey.closed_early
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0
    assert "survey.close_early" in _actions()
    with pytest.raises(DomainError, match="has closed"):
        lifecycle.close_round_early(None, survey, TODAY)


def test_only_an_open_round_closes_early(make, areas):
    scheduled = make.survey_round(areas["north"][0], opens_on=TODAY + timedelta(days=2))
    with pytest.raises(DomainError, match="once it has opened"):
        lifecycle.close_round_early(None, scheduled, TODAY)


def test_only_a_draft_can_be_deleted_after_confirmation(hr, make, areas):
    published = make.survey_round(areas["north"][0])
    with pytest.raises(DomainError, match="Only a draft can be deleted"):
        lifecycle.delete_draft(None, published, TODAY)
    assert hr.get(f"/surveys/{published.id}/delete").status_code == 302  # no confirmation asked: refused
    refused = post_form(hr, f"/surveys/{published.id}", {"confirm": "y"}, f"/surveys/{published.id}/delete")
    assert refused.status_code == 302 and db.session.get(SurveyRound, published.id) is not None
    assert "Only a draft can be deleted" in page_text(hr.get(refused.location))

    draft_id = make.survey_round(areas["north"][0], draft=True).id
    assert post_form(hr, f"/surveys/{draft_id}/delete", {}).status_code == 200  # not confirmed: asked again
    deleted = post_form(hr, f"/surveys/{draft_id}/delete", {"confirm": "y"})
    assert deleted.status_code == 302 and deleted.location.endswith("/surveys/")
    db.session.expire_all()
    assert db.session.get(SurveyRound, draft_id) is None
    assert db.session.scalar(select(func.count()).select_from(RoundUnit).where(RoundUnit.round_id == draft_id)) == 0
    assert "survey.delete" in _actions()


def test_the_rounds_list_marks_drafts_and_shows_each_state(hr, make, areas):
    make.survey_round(areas["north"][0], title="Utkast", draft=True)
    make.survey_round(areas["north"][0], title="Pågår")
    make.closed_round(areas["north"][0], title="Stängd")
    page = page_text(hr.get("/surveys/"))
    assert "Utkast Draft" in page and "Draft" in page and "Open" in page and "Closed" in page


def test_sql_and_python_agree_on_every_state(make, areas):
    root = areas["north"][0]
    rounds = {
        "draft": make.survey_round(root, draft=True),
        "scheduled": make.survey_round(root, opens_on=TODAY + timedelta(days=1)),
        "open": make.survey_round(root),
        "closed": make.closed_round(root),
        "closed early": make.survey_round(root, opens_on=TODAY - timedelta(days=2)),
    }
    lifecycle.close_round_early(None, rounds["closed early"], TODAY)
    assert [survey.status_on(TODAY) for survey in rounds.values()] == ["draft", "scheduled", "open", "closed", "closed"]
    closed = set(db.session.scalars(select(SurveyRound.id).where(SurveyRound.closed_by(TODAY))))
    opened = set(db.session.scalars(select(SurveyRound.id).where(SurveyRound.open_on(TODAY))))
    assert closed == {rounds["closed"].id, rounds["closed early"].id} and opened == {rounds["open"].id}
    assert rounds["closed early"].status_on(TODAY - timedelta(days=1)) == "open"
