"""A case's effect on the survey indices between rounds, against the case's comparison units (issue 24): the rounds
before and since the start, the estimate on the case page, and the anonymity rules (a unit a round hides does not
count; the comparison units' means only over five units)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from survey_app.db import db
from survey_app.models import InterventionCase
from survey_app.plans.effect import case_effect
from tests.clock import TODAY

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering")


def _answers(value: int) -> dict[str, int]:
    return {f"hme.hme{n}": value for n in range(1, 10)}


def _round(make, effect_world, opened_days_ago: int, title: str):
    """A closed round of every unit, 20 days long, that opened ``opened_days_ago``."""
    return make.closed_round(None, days=(opened_days_ago, opened_days_ago - 20), sections=SECTIONS, title=title)


@pytest.fixture
def survey_world(make, effect_world):
    """A round before the start: every unit answers 3 (index 50). A round since: the case's unit answers 5 (100); the
    comparison unit k (1–5) has k − 1 of its 6 answering 4, the rest 3 (50 + 25 (k − 1) / 6)."""
    units = effect_world["units"]
    assert TODAY - timedelta(days=280) < effect_world["start"]  # the before round closes before the start
    before = _round(make, effect_world, 300, "Enkät före")
    after = _round(make, effect_world, 40, "Enkät efter")
    for unit in units:
        make.responses(before, unit, _answers(3), count=6)
    make.responses(after, units[0], _answers(5), count=6)
    for k, unit in enumerate(units[1:], start=1):
        make.responses(after, unit, _answers(4), count=k - 1) if k > 1 else None
        make.responses(after, unit, _answers(3), count=6 - (k - 1))
    return {**effect_world, "before": before, "after": after}


def _effect(world):
    return case_effect(world["hr"], db.session.get(InterventionCase, world["case"].id), TODAY)


def test_the_unit_rose_against_the_comparison_units_and_the_page_says_by_how_much(app, login, survey_world):
    found = _effect(survey_world).survey
    total = found.estimates["hme.total"]
    comparison_mean_change = sum(25 * (k - 1) / 6 for k in range(1, 6)) / 5
    assert total.verdict == "estimate" and total.comparisons == 5
    assert total.change == pytest.approx(50 - comparison_mean_change)
    assert 0 < total.low < total.change < total.high
    assert (found.before.title, found.after.title, found.earlier) == ("Enkät före", "Enkät efter", None)
    client = login(app.test_client(), survey_world["hr"])
    page = client.get(f"/plans/{survey_world['case'].id}").get_data(as_text=True)
    assert "Survey indices (HME)" in page and "The round before the start: Enkät före" in page
    assert f"+{50 - comparison_mean_change:.1f} points (95 % interval" in page
    assert "cannot be checked" in page  # no round earlier still


def test_a_comparison_unit_a_round_hides_does_not_count(app, login, make, survey_world):
    late = _round(make, survey_world, 30, "Enkät senare")
    units = survey_world["units"]
    make.responses(late, units[0], _answers(5), count=8)
    for unit in units[1:-1]:
        make.responses(late, unit, _answers(3), count=6)
    make.responses(late, units[-1], _answers(1), count=2)  # under the threshold of 5: hidden
    total = _effect(survey_world).survey.estimates["hme.total"]
    assert total.verdict == "too_few_comparisons" and total.comparisons < 5
    assert total.comparison_before is not None  # computed, but over fewer than five units: never shown
    client = login(app.test_client(), survey_world["manager"])
    page = client.get(f"/plans/{survey_world['case'].id}").get_data(as_text=True)
    assert "fewer than 5 comparison units show this figure in both rounds" in page
    assert "Enkät senare" in page and "Hemtjänst 1" not in page


def test_without_a_round_since_the_start_the_data_cannot_say_yet(app, login, make, effect_world):
    before = _round(make, effect_world, 300, "Enkät före")
    for unit in effect_world["units"]:
        make.responses(before, unit, _answers(3), count=6)
    assert _effect(effect_world).survey.estimates["hme.total"].verdict == "no_round_after"
    client = login(app.test_client(), effect_world["manager"])
    page = client.get(f"/plans/{effect_world['case'].id}").get_data(as_text=True)
    assert "no closed round since the start shows this figure for the unit" in page


def test_a_unit_already_moving_away_between_two_earlier_rounds_is_flagged(app, login, make, survey_world):
    earlier = _round(make, survey_world, 500, "Enkät tidigare")
    units = survey_world["units"]
    make.responses(earlier, units[0], _answers(1), count=6)  # 0, then 50 before the start: it rose alone
    for k, unit in enumerate(units[1:], start=1):
        make.responses(earlier, unit, _answers(3), count=6 - (k % 2))
        if k % 2:
            make.responses(earlier, unit, _answers(4), count=1)
    total = _effect(survey_world).survey.estimates["hme.total"]
    assert total.verdict == "diverging_pre_trend" and total.change is None
    client = login(app.test_client(), survey_world["hr"])
    page = client.get(f"/plans/{survey_world['case'].id}").get_data(as_text=True)
    assert "between the two rounds before the start, the unit&#39;s figure already moved" in page


def test_the_programme_page_and_workbook_show_each_cases_index_change(app, login, survey_world):
    expected = 50 - sum(25 * (k - 1) / 6 for k in range(1, 6)) / 5
    client = login(app.test_client(), survey_world["hr"])
    page = client.get("/plans/programme").get_data(as_text=True)
    assert "HME index (total)" in page and f"+{expected:.1f} points (95 % interval" in page
    book = load_workbook(io.BytesIO(client.get("/plans/programme.xlsx").data))
    rows = list(book["Cases"].iter_rows(values_only=True))
    header = next(row for row in rows if row and "HME index (total): change in points" in row)
    case_row = next(row for row in rows if row and row[0] == "Hemtjänst 0")
    assert case_row[header.index("HME index (total): change in points")] == pytest.approx(expected)
