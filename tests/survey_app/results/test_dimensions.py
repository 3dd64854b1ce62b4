"""Known answers for every figure beyond HME: dimension scores, item distributions and scores, response rates and
the free-text threshold, computed by the SQL query layer and checked against the scoring rules in Python."""

from __future__ import annotations

import random
from statistics import fmean

import pytest

from interventions.instruments import library
from interventions.scoring import dimension_scores, item_score_100
from survey_app.db import db
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.comments import unit_comments
from survey_app.results.computed import round_results
from survey_app.results.highlights import highlights
from survey_app.themes.services import comment_themes

SECTIONS = ("osa/workload", "osa/victimisation", "work_ability/work_ability", "open_questions/general")


def _random_person(rng: random.Random) -> dict:
    person = {}
    for instrument_id in ("osa", "work_ability"):
        instrument = library()[instrument_id]
        for section in instrument.sections:
            if f"{instrument_id}/{section.id}" not in SECTIONS:
                continue
            for item in section.items:
                if rng.random() < 0.3:
                    continue  # skipped: the missing-answer rules must hold
                person[item.key(instrument_id)] = rng.choice(sorted(item.valid_values()))
    return person


def test_a_reversed_item_and_the_half_answered_rule_give_the_hand_computed_score(make):
    unit = make.unit("Hemtjänst Norr", code="HT-1")
    survey = make.closed_round(unit, sections=("osa/workload",), threshold=3)
    # answered 2 of 7: below half, so this person has no workload score at all
    make.response(survey, unit, {"osa.workload_resources": 5, "osa.workload_too_much": 5})
    # all 7 answered 4 ("agree" = 75); the reversed "too much work" item counts 100 - 75 = 25
    keys = [item.key("osa") for item in library()["osa"].section("workload").items]
    make.response(survey, unit, dict.fromkeys(keys, 4))
    make.response(survey, unit, {})  # an empty questionnaire still counts as a response
    db.session.commit()
    result = round_results(survey).units[unit.id]
    assert result.responses == 3
    assert result.dimensions["osa.workload"] == pytest.approx((6 * 75 + 25) / 7)
    too_much = result.items["osa.workload_too_much"]
    assert too_much.counts == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1} and too_much.answered == 2
    assert too_much.score == pytest.approx((0 + 25) / 2)  # 5 → 0 and 4 → 25 once reversed
    assert result.items["osa.workload_help"].score == 75.0 and result.items["osa.workload_help"].answered == 1
    assert result.response_rate == pytest.approx(30.0)  # 3 of the unit's 10 staff


def test_dimension_scores_and_distributions_equal_the_scoring_rules_for_random_answers(make):
    area = make.unit("Hemtjänst", code="HT")
    units = [make.unit(f"Grupp {n}", parent=area, code=f"HT-{n}", headcount=20) for n in range(3)]
    survey = make.closed_round(None, sections=SECTIONS)
    rng = random.Random(20261124)
    people: dict[int, list[dict]] = {unit.id: [] for unit in units}
    for unit in units:
        for _ in range(rng.randint(6, 14)):
            person = _random_person(rng)
            people[unit.id].append(person)
            make.response(survey, unit, person)
    db.session.commit()
    results = round_results(survey)
    groups = dict(people)
    groups[area.id] = [person for unit in units for person in people[unit.id]]
    groups[ORGANISATION] = groups[area.id]
    osa, work_ability = library()["osa"], library()["work_ability"]
    checked = 0
    for node, persons in groups.items():
        result = results.units[node]
        if result.suppressed:
            continue
        checked += 1
        for instrument in (osa, work_ability):
            per_person = [dimension_scores(instrument, person) for person in persons]
            for dimension in per_person[0]:
                key = f"{instrument.id}.{dimension}"
                if key not in result.dimensions:
                    continue  # a dimension this round did not ask about
                values = [scores[dimension] for scores in per_person if scores[dimension] is not None]
                expected = fmean(values) if values else None
                assert result.dimensions[key] == pytest.approx(expected), (node, key)
        for key, found in result.items.items():
            item = osa.item(key.split(".", 1)[1]) if key.startswith("osa.") else work_ability.item("work_ability")
            answers = [person[key] for person in persons if key in person]
            assert found.answered == len(answers)
            assert found.counts == {value: answers.count(value) for value in sorted(item.valid_values())}
            expected = fmean(item_score_100(item, value) for value in answers) if answers else None
            assert found.score == pytest.approx(expected), (node, key)
    assert checked >= 3
    assert set(results.figures()) == {
        "osa.workload",
        "osa.victimisation",
        "work_ability.work_ability",
    }


def test_a_suppressed_group_carries_no_figure_of_any_kind(make):
    area = make.unit("Hemtjänst", code="HT")
    big = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    small = make.unit("Nattpatrullen", parent=area, code="HT-2")
    survey = make.closed_round(area, sections=SECTIONS)
    rng = random.Random(3)
    for unit, count in ((big, 9), (small, 2)):
        for _ in range(count):
            make.response(survey, unit, _random_person(rng) | {"open_questions.works_well": "Bra kollegor"})
    db.session.commit()
    results = round_results(survey)
    for node in (small.id,):
        result = results.units[node]
        assert result.suppressed and result.responses is None and result.response_rate is None
        assert result.dimensions is None and result.items is None and result.hme is None and not result.comments
        assert result.score("osa.workload") is None
        assert unit_comments(results, node) is None
    # the area minus Hemtjänst Norr would be Nattpatrullen's two people: one of the two must be hidden too
    assert results.units[area.id].suppressed or results.units[big.id].suppressed


def test_free_text_needs_its_own_higher_threshold_and_is_redacted_and_sorted(make):
    area = make.unit("Förskoleområde", code="BUF")
    nine = make.unit("Solrosen", parent=area, code="BUF-1")
    ten = make.unit("Lärkan", parent=area, code="BUF-2")
    survey = make.closed_round(area, threshold=5, comment_threshold=10, sections=SECTIONS)
    texts = ["Zebra-rummet är för litet", "Anna Lindqvist pratar i telefon 070-123 45 67 hela dagen", "Bra chef"]
    for number in range(9):
        make.response(survey, nine, {"open_questions.works_well": f"Solrosen svar {number}"})
    for number in range(10):
        make.response(survey, ten, {"open_questions.should_change": texts[number % 3]})
    db.session.commit()
    results = round_results(survey)
    assert not results.units[nine.id].suppressed and results.units[nine.id].comments is False
    assert unit_comments(results, nine.id) is None
    # Lärkan has 10, but the area's text minus Lärkan's would be Solrosen's: one of them stays hidden as well
    assert not (results.units[area.id].comments and results.units[ten.id].comments)
    shown = unit_comments(results, area.id if results.units[area.id].comments else ten.id)
    assert shown is not None
    written = [comment.text for comment in shown]
    assert all("Lindqvist" not in text and "070-123" not in text for text in written)
    assert any("[NAME]" in text and "[PHONE]" in text for text in written)
    same_question = [c.text for c in shown if c.item_key == "open_questions.should_change"]
    assert same_question == sorted(same_question, key=str.casefold)


def test_themes_group_the_free_text_with_counts():
    from survey_app.results.comments import Comment

    comments = [
        Comment("open_questions.should_change", text)
        for text in (
            ["För lite personal på kvällarna"] * 4
            + ["Schemat kommer för sent"] * 4
            + ["Trasiga lyftar på avdelningen"] * 4
        )
    ]
    themes = comment_themes(comments)
    assert themes is not None and sum(theme.size for theme in themes.themes) == len(comments)
    assert comment_themes(comments[:1]) is None


def test_strengths_and_risks_are_the_best_and_worst_items_with_the_organisation_beside(make):
    unit = make.unit("Hemtjänst Norr", code="HT-1")
    survey = make.closed_round(unit, sections=("osa/workload",), threshold=3)
    for _ in range(4):
        make.response(survey, unit, {"osa.workload_resources": 5, "osa.workload_tasks": 1, "osa.workload_help": 3})
    db.session.commit()
    results = round_results(survey)
    strengths, risks = highlights(results.units[unit.id], results.units[ORGANISATION])
    assert [(h.key, h.score) for h in strengths] == [("osa.workload_resources", 100.0)]
    assert [(h.key, h.score) for h in risks] == [("osa.workload_tasks", 0.0), ("osa.workload_help", 50.0)]
    assert risks[0].organisation == 0.0
