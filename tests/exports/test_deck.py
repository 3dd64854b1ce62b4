"""Decks as PowerPoint and LibreOffice Impress open them: one slide per part, text kept as typed, odd characters never
break the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Pt

from exports.deck import (
    HEIGHT,
    SMALLEST,
    WIDTH,
    Deck,
    Figure,
    ListSlide,
    ResultsSlide,
    ThemeSlide,
    TitleSlide,
    build_deck,
)
from tests.spreadsheet import pdf_pages

FORMULA_LIKE = ["=1+1", "@SUM(A1)", '=HYPERLINK("http://evil.example/","Click")']


def _deck(**changes) -> Deck:
    slides = [
        TitleSlide("Vad ni berättade", ["Hemtjänst Centrum · Chefsstöd", "9 av 31 deltog"], notes="Hälsa välkommen"),
        ThemeSlide(
            "Arbetsbelastning",
            ["Togs upp i 3 av 3 samtal · 8 deltagare", "Risk: För många brukare per pass"],
            quotes=["Restiden räknas inte", *FORMULA_LIKE, "Ett femte", "Ett sjätte"],
            suggestions=["Fasta larmtider"],
            suggestions_heading="Förslag",
        ),
        ResultsSlide(
            "Enkätresultat",
            ("Engagemang (HME)", "=Hemtjänst Centrum", "Hela organisationen"),
            [Figure("HME-index (totalt)", 72.4, 70.0), Figure("Motivation", None, 68.6)],
            lines=["Medarbetarenkät, stängd"],
        ),
        ListSlide("Föreslagna steg", items=["Fasta larmtider för nattpatrullen"]),
    ]
    return Deck(**{"title": "Vad ni berättade – Hemtjänst Centrum", "language": "sv", "slides": slides, **changes})


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _table(slide) -> list[list[str]]:
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_every_slide_is_there_in_order_with_its_title_in_a_16_9_deck():
    deck = _open(build_deck(_deck()))
    assert (deck.slide_width, deck.slide_height) == (WIDTH, HEIGHT) and round(WIDTH / HEIGHT, 3) == round(16 / 9, 3)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == ["Vad ni berättade", "Arbetsbelastning", "Enkätresultat", "Föreslagna steg"]
    assert deck.core_properties.title == "Vad ni berättade – Hemtjänst Centrum"
    assert deck.core_properties.language == "sv" and deck.core_properties.author == "Omtanke"
    assert "python-pptx" not in (deck.core_properties.comments or "")
    assert deck.slides[0].notes_slide.notes_text_frame.text == "Hälsa välkommen"


def test_a_theme_slide_shows_its_facts_at_most_the_decks_quotes_and_its_suggestions():
    theme = _open(build_deck(_deck(max_quotes=5))).slides[1]
    body = "\n".join(_texts(theme)[1:])
    assert "Togs upp i 3 av 3 samtal · 8 deltagare" in body and "Risk: För många brukare per pass" in body
    assert "”Restiden räknas inte”" in body and "”Ett femte”" in body and "Ett sjätte" not in body  # five at most
    assert "Förslag" in body and "• Fasta larmtider" in body
    sizes = {run.font.size for shape in theme.shapes if shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs for run in paragraph.runs}  # fmt: skip
    assert min(sizes) >= SMALLEST >= Pt(16)  # readable from the back of the room


def test_formula_looking_quotes_stay_text_everywhere_in_the_file():
    data = build_deck(_deck())
    body = "\n".join(_texts(_open(data).slides[1]))
    for quote in FORMULA_LIKE:
        assert f"”{quote}”" in body
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        embedded = [name for name in package.namelist() if name.endswith(".xlsx")]
        assert embedded  # the chart's own data, which a person may open in a spreadsheet
        with zipfile.ZipFile(io.BytesIO(package.read(embedded[0]))) as sheet:
            cells = sheet.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in cells  # the unit called "=Hemtjänst Centrum" is a name in the chart, not a formula


def test_control_characters_are_removed_and_the_file_still_opens():
    slides = [ThemeSlide("Tema\x00", ["rad\x07ett"], quotes=["ett\x01citat\x1f", "två\nrader"])]
    deck = _open(build_deck(Deck("Titel\x0b", "fi", slides)))
    title, body = deck.slides[0].shapes.title.text, "\n".join(_texts(deck.slides[0])[1:])
    assert title == "Tema" and "radett" in body and "”ettcitat”" in body
    assert "två\x0brader" in body  # a line break inside the quote's paragraph, as typed
    assert deck.core_properties.title == "Titel" and deck.core_properties.language == "fi"


def test_the_results_slide_has_the_unit_against_the_organisation_as_table_and_bar_chart():
    results = _open(build_deck(_deck())).slides[2]
    assert _table(results) == [
        ["Engagemang (HME)", "=Hemtjänst Centrum", "Hela organisationen"],
        ["HME-index (totalt)", "72", "70"],
        ["Motivation", "–", "69"],  # a hidden figure stays hidden
    ]
    chart = next(shape.chart for shape in results.shapes if shape.has_chart)
    unit, organisation = chart.plots[0].series
    assert list(unit.values) == [72.4, None] and list(organisation.values) == [70.0, 68.6]
    assert list(chart.plots[0].categories) == ["HME-index (totalt)", "Motivation"]


def test_a_results_slide_without_figures_says_why_and_draws_no_table():
    empty = ResultsSlide("Enkätresultat", ("", "", ""), [], lines=["Ingen enkät har stängt ännu."])
    slide = _open(build_deck(Deck("x", "sv", [empty]))).slides[0]
    assert "Ingen enkät har stängt ännu." in _texts(slide)[1]
    assert not any(shape.has_table or shape.has_chart for shape in slide.shapes)


def test_libreoffice_impress_opens_the_deck_and_prints_every_slide(tmp_path: Path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(build_deck(_deck()))
    assert pdf_pages(path) == 4
