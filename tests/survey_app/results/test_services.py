"""Known answers: the SQL aggregation gives exactly the figures of the scoring rules, and hides what it must."""

from __future__ import annotations

import pytest

from interventions.scoring import group_hme, hme_scores
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.computed import round_results


@pytest.fixture
def tree(make, known_people):
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    survey = make.survey_round(None, sections=("hme/motivation", "hme/leadership", "hme/steering"))
    for person in known_people:
        make.response(survey, big, person)
    for person in known_people[:2]:
        make.response(survey, small, person)
    for person in known_people + known_people:
        make.response(survey, other, person)
    return survey, area, big, small, other


def _expected(people) -> dict:
    scores = group_hme(hme_scores(person) for person in people)
    return {
        "total": scores.total,
        "motivation": scores.motivation,
        "leadership": scores.leadership,
        "steering": scores.steering,
    }


def test_figures_equal_the_scoring_rules_for_every_visible_group(tree, known_people):
    survey, area, big, small, other = tree
    results = round_results(survey).units
    people = {big.id: known_people, small.id: known_people[:2], other.id: known_people + known_people}
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
