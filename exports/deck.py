"""Slide decks HR can show as they are: a 16:9 PowerPoint file (``.pptx``) that PowerPoint and LibreOffice Impress
open, with text large enough to read from the back of a staff room.

The input is this module's own plain types (``Deck`` and its slides: ``TitleSlide``, ``ThemeSlide``,
``ResultsSlide``, ``ListSlide``), every text already in the meeting's language; the web app and the CLI convert their
pages' content into them (``survey_app/interviews/decks.py``). User text goes through the workbooks' one cleaning
function, ``workbook.cell_text``: characters an Office file cannot hold are removed and overlong text is cut with a
visible mark. A slide's text is never evaluated, so text that looks like a formula stays text; the only place it
could become one is the spreadsheet python-pptx embeds behind a chart (it writes labels with XlsxWriter's
``write``, which reads a leading "=" as a formula), so a chart label starting like a formula gets a leading space.

Every slide's title is a real title placeholder (PowerPoint's outline and screen readers find it), every run is
marked with the deck's language (spelling and reading voice), and a slide holding much text is set in a smaller
size, never below ``SMALLEST``. Never imports Flask, SQLAlchemy or ``survey_app``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from exports.workbook import cell_text

__all__ = [
    "PPTX_MIME", "Deck", "Figure", "ListSlide", "ResultsSlide", "ThemeSlide", "TitleSlide", "build_deck",
]  # fmt: skip

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
SMALLEST = Pt(16)
QUOTE_MAX = 400  # characters of one quote on a slide; the rest is cut with a visible mark
_CUT_MARK = " […]"
_FORMULA_STARTS = ("=", "+", "-", "@", "{", "\t", "\r")
_LANGUAGES = {"sv": MSO_LANGUAGE_ID.SWEDISH, "fi": MSO_LANGUAGE_ID.FINNISH, "en": MSO_LANGUAGE_ID.ENGLISH_UK}
_QUOTE_MARKS = {"sv": ("”", "”"), "fi": ("”", "”")}  # Swedish and Finnish open and close with the same mark
_TITLE_ONLY, _TITLE_SLIDE = 5, 0  # layouts of python-pptx's default template
_UNIT_COLOUR, _ORGANISATION_COLOUR = RGBColor(0x21, 0x66, 0xAC), RGBColor(0x99, 0x99, 0x99)  # safe for colour-blind
_MUTED = RGBColor(0x44, 0x44, 0x44)


@dataclass(frozen=True)
class TitleSlide:
    """The deck's first slide: its title and a few lines under it (unit, round, who took part)."""

    title: str
    lines: Sequence[str] = ()
    notes: str = ""


@dataclass(frozen=True)
class ThemeSlide:
    """One theme: facts about it (how widely it was raised, key findings), up to the deck's ``max_quotes`` quotes
    and the suggestions under their heading. Every text is already redacted and cut to what the page shows."""

    title: str
    lines: Sequence[str] = ()
    quotes: Sequence[str] = ()
    suggestions: Sequence[str] = ()
    suggestions_heading: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Figure:
    """One row of the results: its label and the unit's and the organisation's score (0–100), None when hidden."""

    label: str
    unit: float | None
    organisation: float | None


@dataclass(frozen=True)
class ResultsSlide:
    """A unit's scores against the organisation's, as a table and a bar chart. ``headings`` name the table's
    columns (figure, unit, organisation); ``missing`` is written for a hidden score; ``lines`` say where the figures
    come from and why any is hidden. Scores are written to whole numbers, as the results pages show them."""

    title: str
    headings: tuple[str, str, str]
    figures: Sequence[Figure]
    lines: Sequence[str] = ()
    missing: str = "–"
    notes: str = ""


@dataclass(frozen=True)
class ListSlide:
    """A slide of lines then bullet points: the proposed steps, the questions for the group."""

    title: str
    items: Sequence[str] = ()
    lines: Sequence[str] = ()
    notes: str = ""


Slide = TitleSlide | ThemeSlide | ResultsSlide | ListSlide


@dataclass(frozen=True)
class Deck:
    """A whole deck: its title and language (the file's properties), its slides in order, how many quotes a theme
    slide shows at most, and when it was made (None: left unset)."""

    title: str
    language: str
    slides: Sequence[Slide]
    max_quotes: int = 5
    created: datetime | None = None


def build_deck(deck: Deck) -> bytes:
    """The deck as the bytes of a .pptx file."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    _properties(presentation, deck)
    for slide in deck.slides:
        if isinstance(slide, TitleSlide):
            _title_slide(presentation, slide, deck)
        elif isinstance(slide, ThemeSlide):
            _theme_slide(presentation, slide, deck)
        elif isinstance(slide, ResultsSlide):
            _results_slide(presentation, slide, deck)
        else:
            _list_slide(presentation, slide, deck)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def text(value: object, limit: int | None = None) -> str:
    """User text made safe for a slide (``cell_text``), cut to ``limit`` characters with a visible mark."""
    cleaned = cell_text(value)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - len(_CUT_MARK)] + _CUT_MARK
    return cleaned


def _properties(presentation, deck: Deck) -> None:
    """The file's own properties: the deck's title and language, Omtanke as its maker, none of the template's."""
    properties = presentation.core_properties
    properties.title = text(deck.title, 250)
    properties.language = deck.language
    properties.author = properties.last_modified_by = "Omtanke"
    properties.comments = properties.subject = properties.keywords = ""
    if deck.created is not None:
        properties.created = properties.modified = deck.created


def _new_slide(presentation, layout: int, title: str, deck: Deck, notes: str):
    slide = presentation.slides.add_slide(presentation.slide_layouts[layout])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(1.1)
    frame = shape.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    _run(paragraph, text(title, 200), deck, Pt(34), bold=True)
    if notes:
        notes_frame = slide.notes_slide.notes_text_frame
        _run(notes_frame.paragraphs[0], text(notes), deck, Pt(12))
    return slide


def _run(paragraph, value: str, deck: Deck, size: Pt, bold: bool = False, italic: bool = False, colour=None):
    """``value`` as runs of ``paragraph`` in the deck's language, its line breaks kept."""
    for number, line in enumerate(value.split("\n")):
        if number:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line.replace("\r", "")
        font = run.font
        font.size, font.bold, font.italic = size, bold, italic
        font.language_id = _LANGUAGES.get(deck.language, MSO_LANGUAGE_ID.NONE)
        if colour is not None:
            font.color.rgb = colour


def _body(slide, left: Emu, top: Emu, width: Emu, height: Emu):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint and Impress shrink what still overflows
    return frame


def _paragraphs(frame) -> Iterator:
    """The frame's paragraphs to fill in turn: its empty first one, then new ones."""
    yield frame.paragraphs[0]
    while True:
        yield frame.add_paragraph()


def _size_for(characters: int) -> Pt:
    """The body size a slide of this much text is set in: smaller as it grows, never under ``SMALLEST``."""
    for limit, size in ((350, 24), (650, 20), (1000, 18)):
        if characters <= limit:
            return Pt(size)
    return SMALLEST


def _title_slide(presentation, slide: TitleSlide, deck: Deck) -> None:
    made = presentation.slides.add_slide(presentation.slide_layouts[_TITLE_SLIDE])
    title, subtitle = made.shapes.title, made.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(1.8)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(3.6), WIDTH - 2 * MARGIN, Inches(3)
    title.text_frame.word_wrap = True
    _run(title.text_frame.paragraphs[0], text(slide.title, 200), deck, Pt(44), bold=True)
    paragraphs = _paragraphs(subtitle.text_frame)
    for line in slide.lines:
        _run(next(paragraphs), text(line, 300), deck, Pt(24), colour=_MUTED)
    if slide.notes:
        _run(made.notes_slide.notes_text_frame.paragraphs[0], text(slide.notes), deck, Pt(12))


def _theme_slide(presentation, slide: ThemeSlide, deck: Deck) -> None:
    made = _new_slide(presentation, _TITLE_ONLY, slide.title, deck, slide.notes)
    opening, closing = _QUOTE_MARKS.get(deck.language, ("“", "”"))
    quotes = [opening + text(quote, QUOTE_MAX) + closing for quote in slide.quotes[: deck.max_quotes]]
    lines = [text(line, 600) for line in slide.lines]
    suggestions = [text(item, 300) for item in slide.suggestions]
    size = _size_for(sum(len(part) for part in [*lines, *quotes, *suggestions]))
    paragraphs = _paragraphs(_body(made, MARGIN, Inches(1.55), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.0)))
    for line in lines:
        _run(next(paragraphs), line, deck, size)
    for quote in quotes:
        paragraph = next(paragraphs)
        paragraph.space_before = Pt(8)
        _run(paragraph, quote, deck, size, italic=True, colour=_MUTED)
    if suggestions:
        heading = next(paragraphs)
        heading.space_before = Pt(12)
        _run(heading, text(slide.suggestions_heading, 100), deck, size, bold=True)
        for item in suggestions:
            _run(next(paragraphs), "• " + item, deck, size)


def _results_slide(presentation, slide: ResultsSlide, deck: Deck) -> None:
    made = _new_slide(presentation, _TITLE_ONLY, slide.title, deck, slide.notes)
    top = Inches(1.55)
    if slide.lines:
        paragraphs = _paragraphs(_body(made, MARGIN, top, WIDTH - 2 * MARGIN, Inches(1.0)))
        for line in slide.lines:
            _run(next(paragraphs), text(line, 300), deck, SMALLEST, colour=_MUTED)
        top += Inches(1.1)
    if not slide.figures:
        return
    table_width = Inches(7.8)  # three columns of 16 pt headings; the chart gets the rest
    _results_table(made, slide, deck, MARGIN, top, table_width)
    if any(value is not None for figure in slide.figures for value in (figure.unit, figure.organisation)):
        left = MARGIN + table_width + Inches(0.3)
        _results_chart(made, slide, deck, left, top, WIDTH - MARGIN - left, HEIGHT - top - Inches(0.4))


def _score(value: float | None, missing: str) -> str:
    return missing if value is None else str(round(value))


def _results_table(made, slide: ResultsSlide, deck: Deck, left: Emu, top: Emu, width: Emu) -> None:
    rows = [slide.headings] + [
        (figure.label, _score(figure.unit, slide.missing), _score(figure.organisation, slide.missing))
        for figure in slide.figures
    ]
    height = Inches(0.5) * len(rows)
    table = made.shapes.add_table(len(rows), 3, left, top, width, height).table
    score_width = Emu(int(width * 0.29))  # room for "Hela organisationen" in two lines
    table.columns[0].width = Emu(width - 2 * score_width)
    table.columns[1].width = table.columns[2].width = score_width
    size = Pt(20) if len(rows) <= 6 else SMALLEST
    for row_number, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = table.cell(row_number, column)
            cell.margin_left = cell.margin_right = Inches(0.06)
            frame = cell.text_frame
            frame.word_wrap = True
            heading = row_number == 0
            _run(frame.paragraphs[0], text(value, 120), deck, SMALLEST if heading else size, bold=heading)


def _results_chart(made, slide: ResultsSlide, deck: Deck, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    data = CategoryChartData()
    data.categories = [_chart_label(figure.label) for figure in slide.figures]
    _, unit, organisation = slide.headings
    data.add_series(_chart_label(unit), [figure.unit for figure in slide.figures], "0")
    data.add_series(_chart_label(organisation), [figure.organisation for figure in slide.figures], "0")
    chart = made.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data).chart
    chart.has_legend, chart.legend.include_in_layout = True, False
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.font.size = SMALLEST
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.tick_labels.font.size = Pt(14)
    chart.category_axis.tick_labels.font.size = Pt(14)
    chart.category_axis.reverse_order = True  # the first figure on top, as in the table
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size, plot.data_labels.number_format_is_linked = Pt(14), False
    plot.data_labels.number_format = "0"
    for series, colour in zip(plot.series, (_UNIT_COLOUR, _ORGANISATION_COLOUR), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour


def _chart_label(value: str) -> str:
    """A chart's category or series name, never read as a formula by the spreadsheet behind the chart."""
    label = text(value, 120)
    return " " + label if label.startswith(_FORMULA_STARTS) else label


def _list_slide(presentation, slide: ListSlide, deck: Deck) -> None:
    made = _new_slide(presentation, _TITLE_ONLY, slide.title, deck, slide.notes)
    lines, items = [text(line, 600) for line in slide.lines], [text(item, 300) for item in slide.items]
    size = _size_for(sum(len(part) for part in [*lines, *items]))
    paragraphs = _paragraphs(_body(made, MARGIN, Inches(1.55), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.0)))
    for line in lines:
        _run(next(paragraphs), line, deck, size)
    for item in items:
        paragraph = next(paragraphs)
        paragraph.space_before = Pt(6)
        _run(paragraph, "• " + item, deck, size)
