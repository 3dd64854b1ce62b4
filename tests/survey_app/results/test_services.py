"""Known answers: the SQL aggregation gives exactly the figures of the scoring rules, and hides what it must."""

from __future__ import annotations

import secrets

import pytest

from interventions.scoring import group_hme, hme_scores
from survey_app.db import db
from survey_app.models import Answer, SurveyResponse
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.services import round_results
from tests.clock import TODAY


def _respond(survey, unit, answers: dict[str, int]) -> None:
    response_id = secrets.token_hex(16)
    db.session.add(SurveyResponse(id=response_id, round_id=survey.id, unit_id=unit.id, submitted_on=TODAY))
    db.session.flush()
    for key, value in answers.items():
        db.session.add(Answer(response_id=response_id, item_key=f"hme.{key}", position=0, value=value))


PEOPLE = [
    {f"hme{i}": 4 for i in range(1, 10)},
    {"hme1": 5, "hme2": 5, "hme3": 1, "hme4": 2, "hme5": 3, "hme7": 1, "hme8": 5, "hme9": 4},
    {"hme1": 3, "hme4": 4, "hme5": 4, "hme6": 4},  # motivation from 1 item: none; total from 4 items: none
    {f"hme{i}": (i % 5) + 1 for i in range(1, 10)},
    {"hme1": 2, "hme2": 2, "hme3": 2, "hme7": 5, "hme8": 5, "hme9": 5},
    {f"hme{i}": 5 for i in range(1, 10)},
]


@pytest.fixture
def tree(make):
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    survey = make.survey_round(None, sections=("hme/motivation", "hme/leadership", "hme/steering"))
    for person in PEOPLE:
        _respond(survey, big, person)
    for person in PEOPLE[:2]:
        _respond(survey, small, person)
    for person in PEOPLE + PEOPLE:
        _respond(survey, other, person)
    db.session.commit()
    return survey, area, big, small, other


def _expected(people) -> dict:
    scores = group_hme(hme_scores({f"hme.{k}": v for k, v in person.items()}) for person in people)
    return {
        "total": scores.total,
        "motivation": scores.motivation,
        "leadership": scores.leadership,
        "steering": scores.steering,
    }


def test_figures_equal_the_scoring_rules_for_every_visible_group(tree):
    survey, area, big, small, other = tree
    results = round_results(survey).units
    people = {big.id: PEOPLE, small.id: PEOPLE[:2], other.id: PEOPLE + PEOPLE}
    people[area.id] = people[big.id] + people[small.id]
    people[ORGANISATION] = people[area.id] + people[other.id]
    shown = [node for node in people if not results[node].suppressed]
    assert other.id in shown and ORGANISATION in shown and (area.id in shown or big.id in shown)
    for node in shown:
        assert results[node].responses == len(people[node])
        for name, value in _expected(people[node]).items():
            assert results[node].hme[name] == pytest.approx(value), (node, name)


def test_small_groups_and_the_groups_that_would_reveal_them_are_hidden(tree):
    survey, area, big, small, other = tree
    results = round_results(survey).units
    assert results[small.id].suppressed and results[small.id].responses is None and results[small.id].hme is None
    # area − Hemtjänst Norr would give Nattpatrullen's two people: one of them must be hidden as well
    assert results[area.id].suppressed or results[big.id].suppressed
    assert results[big.id].parent_code == "HT" and results[big.id].code == "HT-1"
