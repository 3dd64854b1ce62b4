"""The score chart's geometry: no marker covers a printed value or label, and no text runs into other text, at the
narrowest chart (a 360 px phone) and a wide one."""

from __future__ import annotations

import itertools

import pytest

from survey_app.results import charts
from survey_app.results.charts import BOLD_CHAR_WIDTH, CHAR_WIDTH, FONT, MIN_WIDTH, ScoreRow

Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


def across(value: str, width: float) -> float:
    """An x coordinate in pixels for a chart ``width`` pixels wide (the layout gives per cent or pixels)."""
    return float(value[:-1]) * width / 100 if value.endswith("%") else float(value)


def text_box(text: charts.Text, width: float, bold: bool = False) -> Box:
    size = len(text.text) * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)
    x, y = across(text.x, width), float(text.y)
    left = x - size if text.anchor == "end" else x
    return (left, y - FONT, left + size, y + 3)


def marker_boxes(row: charts.PlacedRow, width: float) -> list[Box]:
    found = []
    if row.compare1 is not None:
        x = across(row.compare1.x, width)
        found.append((x - 1, float(row.compare1.y1), x + 1, float(row.compare1.y2)))
    if row.compare2 is not None:
        x, y = across(row.compare2.x, width), float(row.compare2.y)
        found.append((x - 5, y - 6, x + 5, y + 6))
    return found


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


ROWS = [
    ScoreRow("Arbetsbelastning", 63, compare1=63, compare2=64),  # the "63" under both markers
    ScoreRow("Ledarskap, information och delaktighet i arbetsplatsens beslut", 100, compare1=99, compare2=100),
    ScoreRow("Kränkande särbehandling och trakasserier", 0, compare1=1, compare2=0),
    ScoreRow("Mål, kunskap och återkoppling", None, compare1=97, compare2=98, missing="ingen siffra"),
    ScoreRow("Motivation", 5, compare1=96, compare2=4),
]


@pytest.mark.parametrize("width", [MIN_WIDTH, 360, 512])
def test_no_marker_covers_a_value_or_a_label_and_no_text_overlaps(width: int) -> None:
    chart = charts.score_bars("s", "Scores", ROWS, [("unit", "Enheten"), ("compare1", "Förvaltningen")])
    texts: list[Box] = []
    for row in chart.rows:
        row_texts = [text_box(line, width) for line in row.label_lines] + [text_box(row.value, width, bold=True)]
        for marker in marker_boxes(row, width):
            assert not any(overlap(marker, text) for text in row_texts), (row.words, marker)
            assert row.band[0] <= marker[1] and marker[3] <= row.band[1]  # markers stay in the row's band
        # the band holds only the bar and the markers: every text lies above it
        assert all(text[3] <= row.band[0] for text in row_texts), row.words
        texts.extend(row_texts)
    texts.extend(text_box(entry.name, width) for entry in chart.legend)
    for a, b in itertools.combinations(texts, 2):
        assert not overlap(a, b), (a, b)
    assert all(0 <= text[0] and text[2] <= width for text in texts)  # nothing is cut off at either edge


def test_markers_at_either_end_stay_inside_the_narrowest_chart() -> None:
    chart = charts.score_bars("s", "Scores", [ScoreRow("a", 100, compare1=0, compare2=100)], [])
    (row,) = chart.rows
    for marker in marker_boxes(row, MIN_WIDTH):
        assert 0 <= marker[0] and marker[2] <= MIN_WIDTH
