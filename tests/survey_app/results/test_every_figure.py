"""Every scored figure of every instrument at once, from one pass over the answers: a round that asks all of them
(HME, OSA with its reversed and yes/no items, ergonomics, work ability on 0-10) gives, for every visible group, the
figures the scoring rules give each respondent, averaged; whatever the respondents skipped, and after the cache is
emptied (the first reader after a restart) the same as when it is warm."""

from __future__ import annotations

import random
from statistics import fmean

import pytest

from interventions.instruments import SCORABLE_TYPES, library
from interventions.scoring import dimension_scores, group_hme, hme_scores
from survey_app.cache import shared_cache
from survey_app.db import db
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.computed import round_results

INSTRUMENTS = ("hme", "osa", "ergonomics", "work_ability")
SECTIONS = tuple(
    f"{instrument}/{section.id}"
    for instrument in INSTRUMENTS
    for section in library()[instrument].sections
    if any(item.type in SCORABLE_TYPES for item in section.items)
)


def _person(rng: random.Random, skip: float) -> dict:
    answers = {}
    for instrument in INSTRUMENTS:
        for section in library()[instrument].sections:
            for item in section.items:
                if item.type in SCORABLE_TYPES and rng.random() >= skip:
                    answers[item.key(instrument)] = rng.choice(sorted(item.valid_values()))
    return answers


def _expected(persons: list[dict]) -> dict[str, float | None]:
    hme = group_hme(hme_scores(person) for person in persons)
    found = {f"hme.{name}": getattr(hme, name) for name in ("total", "motivation", "leadership", "steering")}
    for instrument in INSTRUMENTS[1:]:
        per_person = [dimension_scores(library()[instrument], person) for person in persons]
        for dimension in per_person[0]:
            values = [scores[dimension] for scores in per_person if scores[dimension] is not None]
            found[f"{instrument}.{dimension}"] = fmean(values) if values else None
    return found


@pytest.mark.parametrize("skip", [0.0, 0.35, 0.7])
def test_every_figure_of_every_instrument_equals_the_scoring_rules(make, skip):
    area = make.unit("Hemtjänst", code="HT")
    units = [make.unit(f"Grupp {n}", parent=area, code=f"HT-{n}", headcount=30) for n in range(3)]
    survey = make.closed_round(None, sections=SECTIONS, threshold=3)
    rng = random.Random(f"every figure {skip}")
    people: dict = {}
    for unit in units:
        people[unit.id] = [_person(rng, skip) for _ in range(rng.randint(5, 12))]
        for person in people[unit.id]:
            make.response(survey, unit, person)
    make.response(survey, units[0], {})  # an empty questionnaire counts as a response and in no figure
    db.session.commit()
    people[units[0].id].append({})
    people[area.id] = [person for unit in units for person in people[unit.id]]
    people[ORGANISATION] = people[area.id]

    shared_cache().clear()
    cold = round_results(survey)
    warm = round_results(survey)
    assert len(cold.figures()) == 4 + 5 + 3 + 1  # HME, OSA, ergonomics without its body map, work ability
    for node, persons in people.items():
        assert cold.units[node].responses == len(persons)
        for figure, expected in _expected(persons).items():
            assert cold.units[node].score(figure) == pytest.approx(expected), (node, figure)
            assert warm.units[node].score(figure) == pytest.approx(expected), (node, figure)
