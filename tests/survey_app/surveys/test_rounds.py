"""HR creates a survey round, previews it, distributes it and follows the response count."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AccessCode, RoundUnit, SurveyRound
from survey_app.surveys import codes as code_rules
from tests.clock import TODAY
from tests.helpers import post_form


@pytest.fixture
def hr(app, login, make):
    return login(app.test_client(), make.user("hr"))


@pytest.fixture
def tree(make):
    area = make.unit("Förskoleområde Norr", code="BUF-FN", headcount=0)
    units = [
        make.unit(name, parent=area, code=f"BUF-FN-0{i}", headcount=12 + i)
        for i, name in enumerate(("Förskolan Solrosen", "Förskolan Lärkan", "Förskolan Ekorren"), start=1)
    ]
    closed = make.unit("Förskolan Stängd", parent=area, code="BUF-FN-09")
    closed.active = False
    db.session.commit()
    return area, units


def _new_round(client, **fields):
    data = {
        "title_sv": "Medarbetarenkät hösten 2026",
        "title_fi": "Henkilöstökysely syksy 2026",
        "root_code": "BUF-FN",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=14)).isoformat(),
        "languages": ["sv", "fi"],
        "anonymity_threshold": "5",
        "comment_threshold": "10",
        "sections": ["hme/motivation", "osa/workload"],
        "own_statements": "Vi har bra rutiner för vikarier | Meillä on hyvät sijaisrutiinit",
        **fields,
    }
    return post_form(client, "/surveys/new", data)


def test_a_round_goes_to_every_active_workplace_below_the_chosen_unit(hr, tree):
    _, units = tree
    response = _new_round(hr)
    assert response.status_code == 302
    survey = db.session.scalar(select(SurveyRound))
    assert {ru.unit_id for ru in survey.units} == {unit.id for unit in units}
    assert len({ru.link_token for ru in survey.units}) == 3 and all(len(ru.link_token) >= 20 for ru in survey.units)
    assert survey.content["own_items"] == [
        {"type": "agree5", "text": {"sv": "Vi har bra rutiner för vikarier", "fi": "Meillä on hyvät sijaisrutiinit"}}
    ]
    page = hr.get(response.location).get_data(as_text=True)
    assert "Förskolan Lärkan" in page and "0 / 14" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"anonymity_threshold": "2"}, "Number must be between 3 and 50."),
        (
            {"anonymity_threshold": "8", "comment_threshold": "6"},
            "The threshold for free text must be from the anonymity threshold (8) to 50.",
        ),
        ({"closes_on": (TODAY - timedelta(days=1)).isoformat()}, "The round must close on or after the day it opens."),
        ({"root_code": "FINNS-EJ"}, "There is no unit with the code FINNS-EJ."),
        ({"sections": [], "own_statements": ""}, "Choose at least one section or write your own questions."),
        ({"sections": ["hme/nonsense"]}, "Unknown questionnaire sections: hme/nonsense."),
        ({"languages": []}, "Offer at least one language."),
        ({"own_statements": "a | b | c"}, "Line 1: give one text, or one text per language (sv | fi)."),
    ],
)
def test_invalid_rounds_are_explained_and_nothing_is_created(hr, tree, fields, message):
    response = _new_round(hr, **fields)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SurveyRound)) == 0


def test_preview_shows_the_questions_in_each_offered_language(hr, make, tree):
    survey = make.survey_round(tree[0], sections=("hme/motivation",))
    swedish = hr.get(f"/surveys/{survey.id}/preview/1?lang=sv").get_data(as_text=True)
    finnish = hr.get(f"/surveys/{survey.id}/preview/1?lang=fi").get_data(as_text=True)
    assert "Mitt arbete känns meningsfullt." in swedish
    assert "Mitt arbete känns meningsfullt." not in finnish and "<legend>" in finnish


def test_the_poster_carries_a_qr_code_and_the_full_answer_address(hr, make, tree):
    survey = make.survey_round(tree[0])
    round_unit = survey.units[0]
    page = hr.get(f"/surveys/{survey.id}/units/{round_unit.unit_id}/poster").get_data(as_text=True)
    assert 'src="data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns' in page  # with its namespace: it has a size
    assert f"http://localhost/s/{round_unit.link_token}" in page


def test_codes_download_as_a_list_and_only_hashes_are_kept(app, hr, make, tree):
    survey = make.survey_round(tree[0])
    round_unit = db.session.scalar(select(RoundUnit).where(RoundUnit.round_id == survey.id))
    response = post_form(
        hr, f"/surveys/{survey.id}", {"count": "25"}, action=f"/surveys/{survey.id}/units/{round_unit.unit_id}/codes"
    )
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 25 and len({row["code"] for row in rows}) == 25
    assert rows[0]["answer_url"] == "http://localhost/s/code"
    stored = set(db.session.scalars(select(AccessCode.code_hash)))
    assert {code_rules.code_hash(app.config["SECRET_KEY"], row["code"]) for row in rows} == stored
    assert not any(row["code"] in "".join(stored) for row in rows)


def test_code_lists_never_carry_a_formula(hr, make):
    unit = make.unit('=HYPERLINK("http://evil")', code="EVIL")
    survey = make.survey_round(unit)
    response = post_form(
        hr, f"/surveys/{survey.id}", {"count": "1"}, action=f"/surveys/{survey.id}/units/{unit.id}/codes"
    )
    row = next(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["unit_name"].startswith("'=")


def test_while_open_hr_sees_counts_and_rates_only(hr, make, tree):
    survey = make.survey_round(tree[0])
    round_unit = survey.units[0]
    make.responses(survey, round_unit.unit, {}, count=3)
    page = hr.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert f"3 / {round_unit.headcount}" in page
    assert f"{int(3 / round_unit.headcount * 100)}%" in page
    assert "Mitt arbete" not in page  # no answers, no items
