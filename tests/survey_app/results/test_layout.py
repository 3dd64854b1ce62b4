"""How the results pages are laid out for their screens: the heatmap's compact, sticky table with every measure
under a short heading and its key, one card per unit for phones, the unit report's contents, numbers in the
reader's format."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from survey_app.demo.surveys import FULL_SECTIONS
from survey_app.results.heatmap import short_label
from survey_app.results.report import figure_label
from tests.factories import results_answers

CSS = Path(__file__).resolve().parents[3] / "survey_app" / "static" / "css" / "results.css"


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.fixture
def full_round(make):
    """A closed round of every instrument, as in the demo, for two workplaces and a small one."""
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1", headcount=12)
    south = make.unit("Hemtjänst Söder", parent=area, code="HT-2", headcount=12)
    small = make.unit("Nattpatrullen", parent=area, code="HT-3", headcount=3)
    survey = make.closed_round(None, sections=FULL_SECTIONS, title="Hösten")
    make.responses(survey, north, results_answers(4), count=10)
    make.responses(survey, south, results_answers(2), count=9)
    make.responses(survey, small, results_answers(5), count=2)
    return {"survey": survey, "area": area, "north": north, "small": small}


def figure_keys(app, survey) -> list[str]:
    from survey_app.results.computed import round_results

    return round_results(survey, items=False).figures()


def test_the_heatmap_has_every_measure_under_a_short_heading_in_a_sticky_frame(app, client, login, make, full_round):
    survey = full_round["survey"]
    login(client, make.user("hr"))
    page = client.get(f"/results/{survey.id}").get_data(as_text=True)
    keys = figure_keys(app, survey)
    assert len(keys) >= 13  # with responses and response rate, the fifteen columns of issue 20
    head = page[page.index("<thead>") : page.index("</thead>")]
    headings = re.findall(r'<th scope="col" class="measure[^"]*"[^>]*>(.*?)</th>', head, flags=re.S)
    assert len(headings) == len(keys)
    for key, heading in zip(keys, headings, strict=True):
        label = figure_label(key)
        # a short heading, its full name as the abbreviation's title and in the link's accessible name
        assert f'<abbr title="{html.escape(label)}">{html.escape(short_label(key, label))}</abbr>' in heading
        assert f"({html.escape(label)})" in heading and f"sort={key}" in heading
        assert all(len(word) <= 7 for word in short_label(key, label).split())  # a column fits 7 characters
    key_section = page[page.index('class="measure-key"') : page.index("</dl>", page.index('class="measure-key"'))]
    assert all(html.escape(figure_label(key)) in key_section for key in keys)
    # the table scrolls in a frame of its own that a keyboard can reach; the groups are marked
    assert re.search(
        r'<div class="[^"]*heatmap-frame[^"]*" role="region" aria-labelledby="heatmap-caption" tabindex="0">', page
    )
    assert '<table class="heatmap heatmap-compact">' in page and 'id="heatmap-caption"' in page
    assert head.count("group-start") == len({key.split(".")[0] for key in keys})


def css_rules() -> dict[str, str]:
    rules: dict[str, str] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)):
        rules[selector.strip()] = rules.get(selector.strip(), "") + body
    return rules


def test_the_heatmap_header_and_unit_column_stay_put_in_a_frame_no_taller_than_the_screen() -> None:
    rules = css_rules()
    frame = rules[".heatmap-frame"]
    assert "overflow: auto" in frame and re.search(r"max-height: \d+vh", frame)
    header = rules[".heatmap-compact thead th"]
    assert "position: sticky" in header and "top: 0" in header and "background" in header
    assert (
        "position: sticky" in rules[".heatmap tr > :first-child"] and "left: 0" in rules[".heatmap tr > :first-child"]
    )
    # phones get the cards instead of the table
    phone = re.search(r"@media \(max-width: 37\.5rem\) \{(.*?)\n\}", CSS.read_text(), flags=re.S)
    assert phone and ".heatmap-frame" in phone.group(1) and ".heat-cards-section { display: block; }" in phone.group(1)
    assert "display: none" in rules[".heat-cards-section"]


def test_phones_get_one_card_per_unit_with_the_same_scores_and_full_names(
    app, client, login, make, full_round, heatmap_rows
):
    survey = full_round["survey"]
    login(client, make.user("manager", units=(full_round["area"],)))
    page = client.get(f"/results/{survey.id}").get_data(as_text=True)
    table = heatmap_rows(page[: page.index('<section class="heat-cards-section"')])
    cards_html = page[page.index('<ul class="heat-cards">') :]
    cards = re.findall(r'<li class="heat-card">(.*?)</li>', cards_html, flags=re.S)
    names = [text(re.search(r"<h3>(.*?)</h3>", card, flags=re.S).group(1)) for card in cards]
    assert names == list(table)  # the same rows, in the same order
    keys = figure_keys(app, survey)
    north = cards[names.index("Hemtjänst Norr")]
    scores = dict(
        (text(label), text(value))
        for label, value in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", north, flags=re.S)
    )
    assert list(scores) == [figure_label(key) for key in keys]
    assert list(scores.values()) == table["Hemtjänst Norr"][2:]
    assert f'href="/results/{survey.id}/units/{full_round["north"].id}"' in north
    small = cards[names.index("Nattpatrullen")]
    assert "Too few answers" in small and "<dd" not in small
    # sorting works without JavaScript on a phone too: a form of the same parameters as the column headings
    assert re.search(r'<form class="sort-form" method="get"', page) and '<option value="hme.total"' in page


def test_the_sort_form_sorts_like_the_headings(app, client, login, make, full_round, heatmap_rows):
    survey = full_round["survey"]
    login(client, make.user("hr"))
    page = client.get(f"/results/{survey.id}?sort=hme.total&order=desc").get_data(as_text=True)
    assert '<option value="hme.total" selected>' in page and '<option value="desc" selected>' in page
    order = [name for name in heatmap_rows(page) if name != "Whole organisation"]
    assert order.index("Hemtjänst Norr") < order.index("Hemtjänst Söder")


def test_the_unit_reports_contents_link_to_every_section_on_the_page(app, client, login, world):
    login(client, world["hr"])
    page = client.get(f"/results/{world['survey'].id}/units/{world['area'].id}").get_data(as_text=True)
    toc = re.search(r'<nav class="report-toc" id="contents".*?</nav>', page, flags=re.S)
    assert toc
    targets = re.findall(r'href="#([^"]+)"', toc.group(0))
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    assert targets and all(target in ids for target in targets)
    assert {"highlights", "section-scores-hme", "section-scores-osa", "items", "free-text", "children"} <= set(targets)
    assert "items-1" in targets
    # each section leads back to the contents; the questions fold away by questionnaire page
    assert page.count('href="#contents"') >= len([t for t in targets if not t.startswith("items-")])
    assert re.search(r'<details class="report-section" id="items-1">\s*<summary><h3>', page)


def test_a_hidden_units_report_has_no_contents(app, client, login, world):
    login(client, world["hr"])
    page = client.get(f"/results/{world['survey'].id}/units/{world['small'].id}").get_data(as_text=True)
    assert "report-toc" not in page


@pytest.mark.parametrize(("locale", "rate"), [("en", "83%"), ("sv", "83\xa0%"), ("fi", "83\xa0%")])
def test_rates_follow_the_readers_locale(app, client, login, make, world, heatmap_rows, locale, rate):
    login(client, make.user("hr", locale=locale))
    page = client.get(f"/results/{world['survey'].id}").get_data(as_text=True)
    assert heatmap_rows(page)["Hemtjänst Norr"][1] == rate
    report = client.get(f"/results/{world['survey'].id}/units/{world['big'].id}").get_data(as_text=True)
    assert f"10 ({rate})" in html.unescape(report)
