"""The meetings' decks: what the presentation and work-group pages show, as slides in the round's language, with the
unit's survey results against the organisation and the proposed steps; opened by LibreOffice Impress."""

from __future__ import annotations

import io
import re

import pytest
from flask_babel import force_locale, gettext
from pptx import Presentation
from sqlalchemy import select

from survey_app.db import db
from survey_app.exporting.commands import export_command
from survey_app.models import Reflection
from survey_app.results.figures import ORGANISATION
from survey_app.results.report import figure_groups
from survey_app.results.services import results_for
from tests.clock import TODAY
from tests.helpers import form_token, html_text, post_form
from tests.spreadsheet import pdf_pages

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
HME = [f"hme.hme{i}" for i in range(1, 10)]
SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering")


def _deck(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == PPTX and "attachment" in response.headers["Content-Disposition"]
    assert ".pptx" in response.headers["Content-Disposition"]
    return Presentation(io.BytesIO(response.data))


def _slides(deck) -> list[tuple[str, list[str]]]:
    """Each slide's title and the lines of its other text (a line break inside a paragraph kept as a newline)."""
    found = []
    for slide in deck.slides:
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title]
        lines = [paragraph.text.replace("\x0b", "\n") for frame in frames for paragraph in frame.paragraphs]
        lines += [
            cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells
        ]
        found.append((slide.shapes.title.text, lines))
    return found


def _sv(app, message: str, **values) -> str:
    """``message`` as the Swedish catalogue has it (its English until the catalogue has it)."""
    with app.test_request_context(), force_locale("sv"):
        return gettext(message, **values)


def _table(lines: list[str], first: str) -> list[list[str]]:
    """A results slide's table, read row by row from its cells' lines, starting at the heading ``first``."""
    start = lines.index(first)
    return [lines[i : i + 3] for i in range(start, len(lines), 3)]


def _page_themes(html: str) -> list[tuple[str, list[str]]]:
    """Each theme section of a presentation page: its title and, in the deck's order, the lines a slide shows."""
    themes = []
    for section in re.findall(r'<section class="(?:theme-block|slide)" aria-labelledby="(?:p|wg)-(?!title|next)[^"]+">'
                              r"(.*?)</section>", html, re.S):  # fmt: skip
        title = html_text(re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1))
        lines = [html_text(p) for p in re.findall(r'<p class="(?:raised|finding-\w+)">(.*?)</p>', section, re.S)]
        lines += [f"”{html_text(quote)}”" for quote in re.findall(r"<q>(.*?)</q>", section, re.S)]
        suggestions = re.findall(r"<li>(.*?)</li>", section, re.S)
        lines += ["Förslag", *(f"• {html_text(s)}" for s in suggestions)] if suggestions else []
        lines += [html_text(p) for p in re.findall(r"<p>(\d+ svar.*?)</p>", section, re.S)]
        themes.append((title, lines))
    return themes


@pytest.fixture
def meeting(app, client, world, make, interview, fill_interview, write_note):
    """The round's notes (a name in a quote; a theme one interviewee raised and agreed to share, with a quote), a
    finding, the work group's suggestion proposed as a step (with a name), released; HR reads its pages in Swedish;
    a closed survey: Centrum's eight answers and Solrosen's six."""
    fill_interview(client, interview)
    second = interview.sessions[2]
    write_note(client, second.id, "collaboration", "Ingen hjälper till vid lunchen", quote=True, shareable=True)
    page = f"/interviews/{interview.id}/compilation"
    finding = {"kind": "risk", "theme": "workload", "text": "=1+1 brukare för många"}
    assert post_form(client, page, finding, action=f"/interviews/{interview.id}/findings").status_code == 302
    said = {"kind": "suggestion", "text": "Fasta larmtider, som Anna Lindqvist föreslog"}
    assert post_form(client, page, said, action=f"/interviews/{interview.id}/reflections").status_code == 302
    reflection = db.session.scalar(select(Reflection))
    assert post_form(client, page, {}, action=f"/interviews/reflections/{reflection.id}/propose").status_code == 302
    assert post_form(client, page, {}, action=f"/interviews/{interview.id}/release").status_code == 302
    client.post("/language", data={"locale": "sv", "csrf_token": form_token(client, "/")})
    survey = make.closed_round(None, sections=SECTIONS)
    make.responses(survey, world["unit"], dict.fromkeys(HME, 4), count=8)
    make.responses(survey, world["other"], dict.fromkeys(HME, 2), count=6)
    return survey


def test_the_managers_deck_shows_the_presentation_page_theme_by_theme(client, interview, meeting):
    html = client.get(f"/interviews/{interview.id}/presentation").get_data(as_text=True)
    assert f"/interviews/{interview.id}/deck-managers.pptx" in html
    slides = _slides(_deck(client, f"/interviews/{interview.id}/deck-managers.pptx"))
    lead = html_text(re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1))
    assert slides[0] == ("Vad personalen berättade", ["Hemtjänst Centrum · Chefsstöd", lead])
    page = _page_themes(html)
    assert [title for title, _ in page] == [title for title, _ in slides[1:-2]]
    assert slides[1:-2] == page  # the same counts, findings, quotes and suggestions, in the same order
    text = "\n".join(line for _, lines in slides for line in lines)
    assert "”Jag vet aldrig vem jag ska ringa, säger [NAME]”" in text and "Lindqvist" not in text
    assert "Risk: =1+1 brukare för många" in text  # typed like a formula, kept as text
    titles = [title for title, _ in slides]
    assert "Samarbete och arbetsklimat" in titles  # shared by the one interviewee who raised it …
    assert "Ingen hjälper till vid lunchen" not in text  # … but raised by too few for its quote to be shown
    assert "obehagligt" not in text and "Stressigt på morgonen" not in text  # not shared; a raw note


def test_the_work_group_deck_shows_the_work_group_page_and_ends_with_its_question(client, interview, meeting):
    html = client.get(f"/interviews/{interview.id}/work-group").get_data(as_text=True)
    assert f"/interviews/{interview.id}/deck-work-group.pptx" in html
    slides = _slides(_deck(client, f"/interviews/{interview.id}/deck-work-group.pptx"))
    title, lines = slides[0]
    assert title == "Det här berättade ni" and lines[0] == "Hemtjänst Centrum · Chefsstöd"
    opening = re.search(r'<section class="slide" aria-labelledby="wg-title">(.*?)</section>', html, re.S).group(1)
    assert [html_text(p) for p in re.findall(r"<p>(.*?)</p>", opening, re.S)] == lines  # "… too few to be shown"
    assert slides[1:-3] == _page_themes(html)
    titles = [title for title, _ in slides]
    assert "Samarbete och arbetsklimat" not in titles  # one interviewee: never before the work group
    assert slides[-1][0] == "Vad tycker ni?"


def test_the_unit_is_set_against_the_organisation_as_its_results_report_shows_it(
    app, client, world, interview, meeting
):
    slides = _slides(_deck(client, f"/interviews/{interview.id}/deck-managers.pptx"))
    title, lines = slides[-2]
    assert title == _sv(app, "The unit’s survey results") and lines[0].startswith("Medarbetarenkät")
    assert "8 svar" in lines
    figures = results_for(world["hr"], meeting, TODAY).results
    unit, organisation = figures.units[world["unit"].id], figures.units[ORGANISATION]
    table = _table(lines, "Medarbetarengagemang (HME)")
    assert table[0] == ["Medarbetarengagemang (HME)", "Hemtjänst Centrum", "Hela organisationen"]
    assert table[1] == ["HME-index (totalt)", "75", str(round(organisation.score("hme.total")))]  # every item 4: 75
    assert round(unit.score("hme.total")) == 75 and len(table) == 1 + 4  # the index and its three parts


def test_a_hidden_unit_stays_hidden_on_the_results_slide(app, client, world, make, interview, fill_interview):
    fill_interview(client, interview)
    survey = make.closed_round(None, sections=SECTIONS)
    make.responses(survey, world["unit"], dict.fromkeys(HME, 4), count=2)  # under the threshold of 5
    make.responses(survey, world["other"], dict.fromkeys(HME, 2), count=8)
    slides = _slides(_deck(client, f"/interviews/{interview.id}/deck-managers.pptx"))
    _, lines = slides[-2]
    assert _sv(app, "Too few answers: results are shown for groups with at least %(n)d answers.", n=5) in lines
    assert "2 svar" not in lines
    total = _table(lines, "Medarbetarengagemang (HME)")[1]
    assert total[0] == "HME-index (totalt)" and total[1] == "–" and total[2] != "–"


def test_every_group_of_the_report_gets_its_own_results_slide(app, client, world, make, interview, fill_interview):
    fill_interview(client, interview)
    survey = make.closed_round(None, sections=(*SECTIONS, "work_ability/work_ability"))
    answers = {**dict.fromkeys(HME, 4), "work_ability.work_ability": 8}
    make.responses(survey, world["unit"], answers, count=6)
    make.responses(survey, world["other"], answers, count=6)
    slides = _slides(_deck(client, f"/interviews/{interview.id}/deck-managers.pptx"))
    results = [lines for title, lines in slides if title == _sv(app, "The unit’s survey results")]
    with app.test_request_context(), force_locale("sv"):  # the meeting's language
        groups = figure_groups(results_for(world["hr"], survey, TODAY).results, world["unit"].id, None, None)
    assert len(results) == len(groups) >= 2
    for lines, group in zip(results, groups, strict=True):
        table = _table(lines, group.title)
        assert [row[0] for row in table[1:]] == [row.label for row in group.rows]


def test_the_proposed_step_is_on_its_slide_redacted(app, client, interview, meeting):
    title, lines = _slides(_deck(client, f"/interviews/{interview.id}/deck-work-group.pptx"))[-2]
    assert title == _sv(app, "Proposed steps")
    assert any(line.startswith("• Fasta larmtider") for line in lines) and "Lindqvist" not in "".join(lines)


def test_the_unit_manager_gets_the_decks_once_released_and_nobody_else(app, login, world, client, interview, meeting):
    url = f"/interviews/{interview.id}/deck-managers.pptx"
    manager = login(app.test_client(), world["manager"])
    manager.post("/language", data={"locale": "fi", "csrf_token": form_token(manager, "/")})
    assert _slides(_deck(manager, url))[0][0] == "Vad personalen berättade"  # the meeting's language, not the reader's
    assert login(app.test_client(), world["ohs"]).get(url).status_code == 200
    other = login(app.test_client(), world["other_manager"])
    assert other.get(url).status_code == 404 and other.get(url.replace("managers", "work-group")).status_code == 404
    assert login(app.test_client(), world["admin"]).get(url).status_code == 403
    assert "/login" in app.test_client().get(url).location


def test_a_deck_is_not_offered_under_a_workbooks_address(client, interview, meeting):
    assert client.get(f"/exports/deck_managers.xlsx?round_id={interview.id}").status_code == 404
    registry = client.get(f"/exports/deck_managers.pptx?round_id={interview.id}")
    assert registry.status_code == 200 and registry.mimetype == PPTX


def test_omtanke_export_writes_a_deck_libreoffice_impress_opens(app, interview, meeting, tmp_path):
    output = tmp_path / "deck.pptx"
    args = ["deck_work_group", "--round", str(interview.id), "--output", str(output)]
    done = app.test_cli_runner().invoke(export_command, args)
    assert done.exit_code == 0, done.output
    slides = len(Presentation(str(output)).slides)
    assert f"Wrote {output} ({slides} slides)." in done.output
    assert pdf_pages(output) == slides
