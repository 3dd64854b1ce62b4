"""The results pages as their readers see them: the HR heatmap, a unit's report, scope, suppression and escaping."""

from __future__ import annotations

import html
import re

import pytest

from survey_app.db import db
from survey_app.results.computed import round_results
from tests.factories import RESULTS_SECTIONS, results_answers


def test_hr_heatmap_shows_every_unit_with_numbers_and_hides_the_small_one(app, client, login, world, heatmap_rows):
    login(client, world["hr"])
    page = client.get(f"/results/{world['survey'].id}").get_data(as_text=True)
    rows = heatmap_rows(page)
    assert rows["Hemtjänst Norr"][:3] == ["10 / 12", "83%", "75"]  # every HME item 4 → 75
    assert rows["Lokalvård"][2] == "25" and rows["Ängsskolan"][2] == "100"
    small = rows["<script>alert('Nattpatrullen')</script>"]
    assert small == ["Too few answers"]
    # Hemtjänst minus Norr would give away Nattpatrullen's two answers: the next smallest sibling is hidden too
    assert rows["Hemtjänst Söder"] == ["Hidden to protect a smaller group"]
    assert rows["Hemtjänst"][0] == "20 / 28"
    assert "<script>alert" not in page  # the unit's name is text, never markup
    assert rows["Whole organisation"][0] == "40 / 60"
    # the colour band sits beside the number, never instead of it
    assert re.search(r'class="num heat-4[^"]*">75<', page) and re.search(r'class="num heat-1[^"]*">25<', page)


def test_sorting_and_drilling_down(app, client, login, world, heatmap_rows):
    login(client, world["hr"])
    survey = world["survey"]
    page = client.get(f"/results/{survey.id}?sort=hme.total&order=asc").get_data(as_text=True)
    order = [name for name in heatmap_rows(page) if name != "Whole organisation"]
    assert order.index("Lokalvård") < order.index("Hemtjänst Norr") < order.index("Ängsskolan")
    assert set(order[-2:]) == {"<script>alert('Nattpatrullen')</script>", "Hemtjänst Söder"}  # hidden rows last
    assert 'aria-sort="ascending"' in page
    drilled = heatmap_rows(client.get(f"/results/{survey.id}?unit={world['area'].id}").get_data(as_text=True))
    assert "Ängsskolan" not in drilled and "Hemtjänst Norr" in drilled


def test_unit_report_has_every_figure_with_change_parent_and_organisation(app, client, login, world):
    login(client, world["hr"])
    survey, big = world["survey"], world["big"]
    response = client.get(f"/results/{survey.id}/units/{big.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert "Change since Våren" in text
    # HME total: 75 now, 50 in spring → +25; organisation: (10×75 + 8×25 + 2×100 + 12×100 + 8×25) / 40
    organisation = (10 * 75 + 8 * 25 + 2 * 100 + 12 * 100 + 8 * 25) / 40
    assert re.search(r"HME index \(total\) 75 \+25 \S+ " + str(round(organisation)), text)
    assert page.count("<svg") >= 4 and 'role="img"' in page
    # each chart has its numbers in a table
    assert "Stämmer ganska bra" in text or "Agree" in text
    # free text: 10 answers reach the threshold of 10; names and the writer's words are redacted
    assert "Vi behöver fler vikarier" in text and "Lindqvist" not in text
    assert "Nattpatrullens hemlighet" not in text


def test_a_hidden_units_report_shows_nothing_but_the_reason(app, client, login, world):
    login(client, world["hr"])
    page = client.get(f"/results/{world['survey'].id}/units/{world['small'].id}").get_data(as_text=True)
    assert "Too few answers: results are shown for groups with at least 5 answers." in page
    assert "<svg" not in page and "Nattpatrullens hemlighet" not in page and "100" not in re.sub(r"<[^>]+>", "", page)


def test_free_text_under_its_threshold_is_not_shown_even_when_scores_are(app, client, login, world):
    login(client, world["hr"])
    page = client.get(f"/results/{world['survey'].id}/units/{world['cleaning'].id}").get_data(as_text=True)
    assert "Free text is shown only for groups with at least 10 answers." in page and "Tunga vagnar" not in page
    assert "<svg" in page
    # Ängsskolan has 12, but the organisation's text minus the others would give Lokalvård's 8: hidden as well
    school = client.get(f"/results/{world['survey'].id}/units/{world['school'].id}").get_data(as_text=True)
    assert "so that the free text of a smaller group cannot be picked out" in school and "HYPERLINK" not in school
    formula = client.get(f"/results/{world['survey'].id}/organisation").get_data(as_text=True)
    assert "Tunga vagnar" in formula and "Nattpatrullens hemlighet" in formula
    assert "=HYPERLINK(&#34;http://evil&#34;)" in formula or "=HYPERLINK(&quot;http://evil&quot;)" in formula


def test_a_manager_sees_their_own_units_only(app, client, login, world, heatmap_rows):
    login(client, world["manager"])
    survey = world["survey"]
    rows = heatmap_rows(client.get(f"/results/{survey.id}").get_data(as_text=True))
    assert "Ängsskolan" not in rows and "Hemtjänst Norr" in rows
    assert client.get(f"/results/{survey.id}/units/{world['school'].id}").status_code == 404
    assert client.get(f"/results/{survey.id}/organisation").status_code == 404
    assert client.get(f"/results/{survey.id}?unit={world['school'].id}").status_code == 404
    assert client.get(f"/results/{survey.id}/units/{world['big'].id}").status_code == 200


def test_an_open_round_shows_no_figures_until_it_closes(app, client, login, make, world):
    login(client, world["hr"])
    open_round = make.survey_round(None, sections=RESULTS_SECTIONS)
    for _ in range(6):
        make.response(open_round, world["big"], results_answers(4))
    db.session.commit()
    page = client.get(f"/results/{open_round.id}").get_data(as_text=True)
    assert "Results are shown when the round has closed" in page and "<table" not in page
    report = client.get(f"/results/{open_round.id}/units/{world['big'].id}").get_data(as_text=True)
    assert "<svg" not in report


def test_the_api_gives_the_same_figures_as_the_page(app, client, login, world, heatmap_rows):
    from survey_app.api.tokens import create_token

    token = create_token(None, world["hr"], "BI")
    db.session.commit()
    survey = world["survey"]
    api = client.get(f"/api/v1/rounds/{survey.id}/results", headers={"Authorization": f"Bearer {token}"}).get_json()
    login(client, world["hr"])
    rows = heatmap_rows(client.get(f"/results/{survey.id}").get_data(as_text=True))
    # Not vacuous: the API lists units, and some of them with figures to compare.
    assert api["units"] and any(not unit["suppressed"] for unit in api["units"]), api
    names = {unit["code"]: unit["name"] for unit in api["units"]}
    for unit in api["units"]:
        row = rows[names[unit["code"]]]
        if unit["suppressed"]:
            assert len(row) == 1 and unit["responses"] is None and unit["index"] is None
            continue
        assert row[0] == f"{unit['responses']} / {unit['headcount']}"
        assert abs(int(row[2]) - unit["index"]) <= 0.55
        figures = [key for key in round_results(survey, items=False).figures() if key != "hme.total"]
        for position, key in enumerate(figures, start=3):
            assert abs(int(row[position]) - unit["dimensions"][key]) <= 0.55, (unit["code"], key)


@pytest.mark.parametrize("path", ["/results/{round}", "/results/{round}/units/{unit}"])
def test_results_pages_do_not_query_per_unit(app, login, make, count_queries, world, path):
    client = login(app.test_client(), world["hr"])
    url = path.format(round=world["survey"].id, unit=world["area"].id)

    def queries() -> int:
        app.extensions["omtanke_cache"].clear()  # the computation itself is counted, not a cache hit
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    few = queries()
    for number in range(12):
        unit = make.unit(f"Grupp {number}", parent=world["area"], code=f"HT-X{number}")
        for _ in range(number % 7):
            make.response(world["survey"], unit, results_answers(3))
    db.session.commit()
    assert queries() == few


def test_no_change_is_shown_against_a_round_where_the_unit_was_hidden(app, client, login, make):
    unit = make.unit("Lokalvård", code="LV", headcount=8)
    before = make.closed_round(None, sections=RESULTS_SECTIONS, days=(200, 180), title="Våren")
    now = make.closed_round(None, sections=RESULTS_SECTIONS, title="Hösten")
    for _ in range(2):
        make.response(before, unit, results_answers(1))
    for _ in range(6):
        make.response(now, unit, results_answers(3))
    db.session.commit()
    login(client, make.user("hr"))
    page = client.get(f"/results/{now.id}/units/{unit.id}").get_data(as_text=True)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert "Change since Våren" in text
    assert re.search(r"HME index \(total\) 50 – ", text)  # spring's two answers are never compared with
