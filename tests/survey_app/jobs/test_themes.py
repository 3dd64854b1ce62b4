"""Free text too large to cluster while a report loads: the report says so and offers the themes as a background
job, whose workbook then holds the themes and every answer."""

from __future__ import annotations

import pytest

from survey_app.results import report
from survey_app.results.scale import round_scale
from tests.survey_app.jobs.flow import download, sheets, start, wait_for

TEXTS = [
    "För mycket att göra och för lite tid till varje brukare",
    "Stressigt schema, för lite tid mellan besöken",
    "Bra kollegor som hjälper varandra",
    "Kollegorna ställer upp och vi har roligt",
    "Tunga lyft utan hjälpmedel i hemmen",
    "Saknar taklyft och hjälpmedel för lyft",
] * 2


@pytest.fixture
def talkative_unit(make):
    unit = make.unit("Hemtjänst Norr", code="HT-N", headcount=20)
    survey = make.closed_round(unit, sections=("open_questions/general",))
    text_key = round_scale(survey.content).text_items[0].key
    for text in TEXTS:
        make.response(survey, unit, {text_key: text})
    return survey, unit


@pytest.mark.commits  # the themes are found on one of the app's threads, which reads only what is committed
def test_a_report_with_too_many_answers_finds_their_themes_in_the_background(
    app, client, login, make, talkative_unit, monkeypatch
):
    survey, unit = talkative_unit
    monkeypatch.setattr(report, "INLINE_THEMES_MAX", len(TEXTS) - 1)
    login(client, make.user("hr"))
    page_url = f"/results/{survey.id}/units/{unit.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert "too many answers to find their themes while this page loads" in page
    assert '<ol class="themes">' not in page  # nothing clustered while the page waited
    job = start(client, page_url, f"/results/{survey.id}/comments.xlsx?unit={unit.id}")
    status = wait_for(client, job)
    assert status["status"] == "done", status
    found = sheets(download(client, status["download"]))
    rows = [row for sheet in found.values() for row in sheet]
    themed = [row for row in rows if row and row[0] == "Hemtjänst Norr" and isinstance(row[4], int)]
    assert themed and sum(row[4] for row in themed) == len(TEXTS)
    assert any("Tunga lyft" in str(cell) for row in rows for cell in row)


def test_a_report_with_few_answers_shows_their_themes_at_once(app, client, login, make, talkative_unit):
    survey, unit = talkative_unit
    login(client, make.user("hr"))
    page = client.get(f"/results/{survey.id}/units/{unit.id}").get_data(as_text=True)
    assert '<ol class="themes">' in page and "too many answers" not in page
