"""Server-side SVG charts for the results report: pure functions from numbers and translated strings to chart
layouts, frozen dataclasses that the macros in ``templates/results/charts.html`` draw.

No Flask, no database, no translations and no markup here: callers pass strings that are already translated; this
module wraps and shortens text, places every shape and formats every coordinate, and the macros turn a layout into
SVG. Every piece of text leaves this module as a plain ``str`` without the characters XML forbids, and reaches the
markup only through Jinja's autoescaping, so a unit or item name such as ``<script>`` is harmless and the markup is
plain, well-formed SVG (it also parses as XML). The macros use presentation attributes only (``fill``, ``stroke``,
``font-size``…), never a ``style`` attribute, because the app's Content-Security-Policy forbids inline style. No
JavaScript is needed, so the charts also work in printouts and PDF exports.

Design choices:

* **Colour-blind-safe colours** with enough contrast for the printed text: see :mod:`survey_app.results.colours`.
* **Accessible names.** Every chart is ``role="img"`` with ``aria-labelledby`` naming its ``<title>`` and its
  ``<desc>``; the ``<desc>`` lists every value in words ("Strongly agree: 12 (40 %)"), because a screen reader
  cannot read a picture. The ids are prefixed with the caller's ``chart_id`` so several charts fit on one page.
* **A data table is still needed.** A description read in one breath cannot be compared, sorted or navigated
  cell by cell, and small segments have no room for a percentage, so the page prints the same figures in a
  ``<table>`` under each chart: the chart is a summary, the table the source of truth (WCAG 1.1.1 and 1.3.1).
* **Responsive without JavaScript, text in CSS pixels.** Neither chart has a ``viewBox``: a scaled drawing shrinks
  its text with the screen (12 units read as 8 px on a phone). Across the chart every position is a percentage of its
  width, down it is in pixels, so both charts stretch to their container while their 12 px text keeps its size.
  :func:`distribution_bar` is one bar 28 px high. :func:`score_bars` gives each row its own lines: the label and the
  printed value on top (the value right-aligned), the bar and the comparison markers in a band below, so a marker can
  never cover a value ("63" read as "3"); labels are wrapped for the narrowest chart (``MIN_WIDTH``, a 360 px phone).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from survey_app.results.colours import category_colours

__all__ = ["DistributionBar", "ScoreBars", "ScoreRow", "distribution_bar", "score_bars"]

_CHART_ID = re.compile(r"[A-Za-z0-9_-]+")
# Characters XML 1.0 does not allow; dropped so the markup always parses.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# distribution_bar: a percentage printed inside a segment needs at least this share of the bar
_MIN_LABEL_PERCENT = 8.0

# score_bars: across in per cent of the chart's width, down in CSS pixels; the macro draws all text in 12 px
#: The narrowest chart the rows are laid out for (a 360 px phone's page, less its margins), in CSS pixels.
MIN_WIDTH = 300
FONT = 12
#: Average glyph widths of a sans-serif font at 12 px, regular and bold: for wrapping and keeping text apart.
CHAR_WIDTH = 0.55 * FONT
BOLD_CHAR_WIDTH = 0.62 * FONT
_LINE_HEIGHT = 16
_DESCENT = 3
_LABEL_LINES = 2
_VALUE_GAP = 8  # px between a label and the value on its line
_PLOT_LEFT = 2.0  # per cent: the plot keeps a diamond (5 px each side) inside a MIN_WIDTH chart
_PLOT_RIGHT = 98.0
_BAR_HEIGHT = 14
_MARKER_REACH = 4  # how far the markers reach above and below the bar
_BAND_GAP = 4  # px between the text lines and the markers' band
_ROW_GAP = 8
_TOP = 4
_AXIS_HEIGHT = 20
_LEGEND_ROW = 18
_LEGEND_TEXT_X = 22
_LEGEND_KINDS = ("unit", "compare1", "compare2")


@dataclass(frozen=True)
class ScoreRow:
    """One row of :func:`score_bars`: a dimension's 0-100 score for the unit and up to two comparison scores."""

    label: str
    value: float | None
    compare1: float | None = None
    compare2: float | None = None
    missing: str = "–"


@dataclass(frozen=True)
class Segment:
    """One answer category's part of a distribution bar, its position and width in percent of the bar."""

    x: str
    width: str
    fill: str
    #: The tooltip: "label: count (percent)".
    words: str
    #: The percentage printed inside, centred on ``percent_x``; None when the segment is too narrow for it.
    percent: str | None
    percent_x: str
    text_fill: str


@dataclass(frozen=True)
class DistributionBar:
    """A laid-out :func:`distribution_bar`; without segments it is the grey bar of an item nobody answered."""

    #: Which drawing the ``chart`` macro picks.
    kind: ClassVar[str] = "distribution"

    id: str
    title: str
    desc: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Box:
    """A rectangle: a row's score bar (``x`` and ``width`` in per cent) or the legend's bar symbol (pixels)."""

    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class Line:
    """A vertical line at ``x`` from ``y1`` down to ``y2``: the first comparison's marker."""

    x: str
    y1: str
    y2: str


@dataclass(frozen=True)
class Diamond:
    """A diamond 10 px wide and 12 px high centred on (``x``, ``y``): the second comparison's marker."""

    x: str
    y: str


@dataclass(frozen=True)
class Text:
    """A piece of text at (``x``, ``y``), ``y`` being its baseline; ``anchor`` is where ``x`` is (start, end)."""

    x: str
    y: str
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class PlacedRow:
    """One :class:`ScoreRow` laid out: its label lines with the value (or missing text) at the end of the first,
    and below them the band with its bar and markers."""

    #: The row in words, as in the chart's description; also the row's tooltip.
    words: str
    label_lines: tuple[Text, ...]
    #: None when the value is missing: ``value`` then holds the row's missing text.
    bar: Box | None
    value: Text
    compare1: Line | None
    compare2: Diamond | None
    #: The band (top, bottom) in pixels that holds the bar and the markers, and nothing else.
    band: tuple[float, float]


@dataclass(frozen=True)
class Tick:
    """A gridline at a score (0, 25, … 100) with its label under the plot; the 0 line is the axis."""

    x: str
    score: int
    axis: bool
    anchor: str


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: the symbol of its ``kind`` (unit, compare1, compare2) and its name."""

    kind: str
    symbol: Box | Line | Diamond
    name: Text


@dataclass(frozen=True)
class ScoreBars:
    """A laid-out :func:`score_bars`: gridlines, rows and legend, the full width and ``height`` pixels high."""

    #: Which drawing the ``chart`` macro picks.
    kind: ClassVar[str] = "scores"

    id: str
    title: str
    desc: str
    height: int
    #: The gridlines run from ``grid_top`` to ``grid_bottom``; the tick labels sit on ``tick_y``.
    grid_top: str
    grid_bottom: str
    tick_y: str
    ticks: tuple[Tick, ...]
    rows: tuple[PlacedRow, ...]
    legend: tuple[LegendEntry, ...]


def _check_chart_id(chart_id: str) -> None:
    if not isinstance(chart_id, str) or not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must match [A-Za-z0-9_-]+, got {chart_id!r}")


def _text(value: str) -> str:
    """Plain text for an element or an attribute, without characters XML forbids; the macros escape it."""
    return _XML_INVALID.sub("", str(value))


def _num(value: float) -> str:
    """A coordinate with at most three decimals and no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _check_score(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    if math.isnan(value):
        raise ValueError(f"{what} is NaN; pass None for a missing score")
    return float(value)


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _default_percent(p: float) -> str:
    return f"{p:.0f} %"


def distribution_bar(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    counts: Sequence[int],
    percent_format: Callable[[float], str] = _default_percent,
    *,
    no_answers: str = "No answers",
) -> DistributionBar:
    """One horizontal 100 %-stacked bar of an item's answer distribution: counts per category, worst first.

    The ``<desc>`` lists every category (empty ones too) as "label: count (percent)"; a segment of width 0 is not
    drawn, and a percentage is printed inside a segment only when it covers at least 8 % of the bar. Each segment
    also carries its own ``<title>`` as a tooltip. With no answers at all the bar is grey and the description is
    ``no_answers`` (pass it translated). Fluid width, fixed 28 px height (see the module docstring).
    """
    _check_chart_id(chart_id)
    if len(labels) != len(counts):
        raise ValueError(f"{len(labels)} labels but {len(counts)} counts")
    if any(count < 0 for count in counts):
        raise ValueError("counts must not be negative")
    total = sum(counts)
    if total == 0:
        return DistributionBar(chart_id, _text(title), _text(no_answers), ())

    colours = category_colours(len(labels))
    parts: list[str] = []
    segments: list[Segment] = []
    x = 0.0
    for label, count, (fill, text_fill) in zip(labels, counts, colours, strict=True):
        percent = 100 * count / total
        words = f"{label}: {count} ({percent_format(percent)})"
        parts.append(words)
        if count == 0:
            continue
        printed = _text(percent_format(percent)) if percent >= _MIN_LABEL_PERCENT else None
        segments.append(Segment(_num(x), _num(percent), fill, _text(words), printed, _num(x + percent / 2), text_fill))
        x += percent
    return DistributionBar(chart_id, _text(title), _text("; ".join(parts)), tuple(segments))


def _default_value(v: float) -> str:
    return f"{v:.0f}"


def _plot_x(score: float) -> float:
    """Where a score lies across the chart, in per cent of its width."""
    return _PLOT_LEFT + (_PLOT_RIGHT - _PLOT_LEFT) * min(100.0, max(0.0, score)) / 100


def _pct(value: float) -> str:
    return f"{_num(value)}%"


def _legend_symbol(kind: str, y: float) -> Box | Line | Diamond:
    if kind == "unit":
        return Box("0", _num(y - 5), "16", "10")
    if kind == "compare1":
        return Line("8", _num(y - 7), _num(y + 7))
    return Diamond("8", _num(y))


def _place_row(row: ScoreRow, y: float, value_format: Callable[[float], str], words: str) -> tuple[PlacedRow, float]:
    """Lay out one row from ``y`` down: label lines with the value right-aligned on the first, then the band."""
    value = _check_score(row.value, f"value of {row.label!r}")
    compare1 = _check_score(row.compare1, f"compare1 of {row.label!r}")
    compare2 = _check_score(row.compare2, f"compare2 of {row.label!r}")
    printed = _text(row.missing if value is None else value_format(value))
    chars = max(10, int((MIN_WIDTH - len(printed) * BOLD_CHAR_WIDTH - _VALUE_GAP) / CHAR_WIDTH))
    label = " ".join(str(row.label).split())
    lines = textwrap.wrap(label, width=chars, max_lines=_LABEL_LINES, placeholder=" …") or [""]
    first = y + FONT
    label_lines = tuple(Text("0", _num(first + i * _LINE_HEIGHT), _text(line)) for i, line in enumerate(lines))
    top = first + (len(lines) - 1) * _LINE_HEIGHT + _DESCENT + _BAND_GAP
    bar_y = top + _MARKER_REACH
    middle = bar_y + _BAR_HEIGHT / 2
    bottom = bar_y + _BAR_HEIGHT + _MARKER_REACH
    bar = None
    if value is not None:
        width = _plot_x(value) - _PLOT_LEFT
        bar = Box(_pct(_PLOT_LEFT), _num(bar_y), _pct(width), str(_BAR_HEIGHT))
    placed = PlacedRow(
        _text(words),
        label_lines,
        bar,
        Text("100%", _num(first), printed, "end"),
        None if compare1 is None else Line(_pct(_plot_x(compare1)), _num(top), _num(bottom)),
        None if compare2 is None else Diamond(_pct(_plot_x(compare2)), _num(middle)),
        (top, bottom),
    )
    return placed, bottom + _ROW_GAP


def score_bars(
    chart_id: str,
    title: str,
    rows: Sequence[ScoreRow],
    legend: Sequence[tuple[str, str]],
    *,
    value_format: Callable[[float], str] = _default_value,
) -> ScoreBars:
    """Horizontal bars of 0-100 scores, one row per dimension, with up to two comparison markers per row.

    Each row shows its label (wrapped to two lines, shortened with "…" beyond; the full text is in the ``<desc>`` and
    in the row's tooltip) with the unit's value printed at the end of its first line, and under it the unit's bar,
    ``compare1`` as a vertical line and ``compare2`` as a diamond. A row whose ``value`` is None draws no bar and
    prints its ``missing`` text instead; its comparison markers are still drawn. ``legend`` is ``[(kind, name)]``
    with kind ``unit``, ``compare1`` or ``compare2``, drawn at the bottom in the given order; the names also label
    the values in the ``<desc>``. Scores outside 0-100 are drawn clamped but printed as given; ``value_format``
    formats every printed score.
    """
    _check_chart_id(chart_id)
    names: dict[str, str] = {}
    for kind, name in legend:
        if kind not in _LEGEND_KINDS:
            raise ValueError(f"legend kind must be one of {_LEGEND_KINDS}, got {kind!r}")
        names[kind] = name

    placed: list[PlacedRow] = []
    row_descs: list[str] = []
    y = float(_TOP)
    for row in rows:
        values = []
        for kind, score in (("unit", row.value), ("compare1", row.compare1), ("compare2", row.compare2)):
            if _check_score(score, f"{'value' if kind == 'unit' else kind} of {row.label!r}") is not None:
                values.append(f"{names[kind]} {value_format(score)}" if kind in names else value_format(score))
            elif kind == "unit":
                values.append(f"{names[kind]} {row.missing}" if kind in names else row.missing)
        row_descs.append(f"{row.label}: {', '.join(values)}")
        laid, y = _place_row(row, y, value_format, row_descs[-1])
        placed.append(laid)

    # Gridlines behind the rows, tick labels under them (the outer ones kept inside the chart).
    plot_bottom = y
    anchors = {0: "start", 100: "end"}
    ticks = tuple(
        Tick(_pct(_plot_x(score)), score, score == 0, anchors.get(score, "middle")) for score in (0, 25, 50, 75, 100)
    )
    y = plot_bottom + _AXIS_HEIGHT

    entries: list[LegendEntry] = []
    max_chars = int((MIN_WIDTH - _LEGEND_TEXT_X) / CHAR_WIDTH)
    for kind, name in legend:
        middle = y + _LEGEND_ROW / 2
        text = Text(str(_LEGEND_TEXT_X), _num(middle + FONT * 0.35), _text(_truncate(str(name), max_chars)))
        entries.append(LegendEntry(kind, _legend_symbol(kind, middle), text))
        y += _LEGEND_ROW
    total_height = math.ceil(y + (_TOP if legend else 0))

    return ScoreBars(
        chart_id,
        _text(title),
        _text("; ".join(row_descs)),
        total_height,
        str(_TOP),
        _num(plot_bottom),
        _num(plot_bottom + 14),
        ticks,
        tuple(placed),
        tuple(entries),
    )
