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
* **A data table is still needed.** A description read out in one breath is fine for a quick overview but hard to
  compare across items, cannot be sorted, copied or navigated cell by cell, and is not announced at all by some
  screen reader and browser combinations. Small segments have no room for a printed percentage and bar lengths are
  approximate. The results page therefore renders the same figures in a ``<table>`` beside (or under) each chart;
  the chart is a visual summary, the table the accessible source of truth (WCAG 1.1.1 and 1.3.1).
* **Responsive without JavaScript.** :func:`distribution_bar` is drawn in percentage coordinates (no ``viewBox``):
  it stretches to the container's width while its height (28 px) and its 12 px text stay the same, so the labels
  remain readable on a 360 px phone and do not grow huge on a wide screen. :func:`score_bars` has labels, a plot
  area and a legend that must keep their proportions, so it uses a ``viewBox`` laid out for a phone-sized width and
  scales with the container (the stylesheet caps its width).
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

# score_bars, in viewBox units (laid out for a ~360 px wide phone, where one unit is about one CSS pixel); the macro
# draws its text in 12 (_FONT) and 10 units
_WIDTH = 360
_FONT = 12
_CHAR_WIDTH = 0.55 * _FONT  # average glyph width of a sans-serif font, for wrapping
_LINE_HEIGHT = 14
_LABEL_WIDTH = 132
_LABEL_LINES = 2
_PLOT_X = 140
_PLOT_WIDTH = 180  # leaves room after a full bar for its printed value
_BAR_HEIGHT = 14
_MIN_ROW_HEIGHT = 28
_TOP = 4
_AXIS_HEIGHT = 18
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
    """A rectangle in viewBox units: a row's score bar or the legend's bar symbol."""

    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class Line:
    """A vertical line from ``y1`` down to ``y2``: the first comparison's marker."""

    x: str
    y1: str
    y2: str


@dataclass(frozen=True)
class Diamond:
    """A diamond around a point, as SVG polygon points: the second comparison's marker."""

    points: str


@dataclass(frozen=True)
class Text:
    """A piece of text starting at (``x``, ``y``), ``y`` being its baseline."""

    x: str
    y: str
    text: str


@dataclass(frozen=True)
class PlacedRow:
    """One :class:`ScoreRow` laid out: its label lines, its bar and value (or missing text) and its markers."""

    #: The row in words, as in the chart's description; also the row's tooltip.
    words: str
    label_lines: tuple[Text, ...]
    #: None when the value is missing: ``value`` then holds the row's missing text.
    bar: Box | None
    value: Text
    compare1: Line | None
    compare2: Diamond | None


@dataclass(frozen=True)
class Tick:
    """A gridline at a score (0, 25, … 100) with its label under the plot; the 0 line is the axis."""

    x: str
    score: int
    axis: bool


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: the symbol of its ``kind`` (unit, compare1, compare2) and its name."""

    kind: str
    symbol: Box | Line | Diamond
    name: Text


@dataclass(frozen=True)
class ScoreBars:
    """A laid-out :func:`score_bars`: gridlines, rows and legend in a viewBox ``width`` × ``height``."""

    #: Which drawing the ``chart`` macro picks.
    kind: ClassVar[str] = "scores"

    id: str
    title: str
    desc: str
    width: int
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


def _plot_x(score: float) -> float:
    return _PLOT_X + _PLOT_WIDTH * min(100.0, max(0.0, score)) / 100


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


def _line(x: float, y1: float, y2: float) -> Line:
    return Line(_num(x), _num(y1), _num(y2))


def _diamond(x: float, y: float) -> Diamond:
    return Diamond(f"{_num(x)},{_num(y - 6)} {_num(x + 5)},{_num(y)} {_num(x)},{_num(y + 6)} {_num(x - 5)},{_num(y)}")


def _legend_symbol(kind: str, y: float) -> Box | Line | Diamond:
    if kind == "unit":
        return Box("0", _num(y - 5), "16", "10")
    if kind == "compare1":
        return _line(8, y - 7, y + 7)
    return _diamond(8, y)


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
    in the row's tooltip), the unit's bar with its value printed at the end, ``compare1`` as a vertical line and
    ``compare2`` as a diamond. A row whose ``value`` is None draws no bar and prints its ``missing`` text instead;
    its comparison markers are still drawn. ``legend`` is ``[(kind, name)]`` with kind ``unit``, ``compare1`` or
    ``compare2``, drawn at the bottom in the given order; the names also label the values in the ``<desc>``.
    Scores outside 0-100 are drawn clamped but printed as given; ``value_format`` formats every printed score.
    """
    _check_chart_id(chart_id)
    names: dict[str, str] = {}
    for kind, name in legend:
        if kind not in _LEGEND_KINDS:
            raise ValueError(f"legend kind must be one of {_LEGEND_KINDS}, got {kind!r}")
        names[kind] = name

    def described(kind: str, text: str) -> str:
        return f"{names[kind]} {text}" if kind in names else text

    chars_per_line = int(_LABEL_WIDTH / _CHAR_WIDTH)
    placed: list[PlacedRow] = []
    row_descs: list[str] = []
    y = float(_TOP)
    for row in rows:
        value = _check_score(row.value, f"value of {row.label!r}")
        compare1 = _check_score(row.compare1, f"compare1 of {row.label!r}")
        compare2 = _check_score(row.compare2, f"compare2 of {row.label!r}")

        lines = textwrap.wrap(
            " ".join(str(row.label).split()), width=chars_per_line, max_lines=_LABEL_LINES, placeholder=" …"
        ) or [""]
        height = max(_MIN_ROW_HEIGHT, len(lines) * _LINE_HEIGHT + 12)
        middle = y + height / 2

        values = [described("unit", row.missing if value is None else value_format(value))]
        if compare1 is not None:
            values.append(described("compare1", value_format(compare1)))
        if compare2 is not None:
            values.append(described("compare2", value_format(compare2)))
        row_descs.append(f"{row.label}: {', '.join(values)}")

        first_baseline = middle - len(lines) * _LINE_HEIGHT / 2 + _LINE_HEIGHT * 0.75
        label_lines = tuple(
            Text("0", _num(first_baseline + i * _LINE_HEIGHT), _text(line)) for i, line in enumerate(lines)
        )
        value_y = _num(middle + _FONT * 0.35)
        if value is None:
            bar, printed = None, Text(str(_PLOT_X + 4), value_y, _text(row.missing))
        else:
            end = _plot_x(value)
            bar = Box(str(_PLOT_X), _num(middle - _BAR_HEIGHT / 2), _num(end - _PLOT_X), str(_BAR_HEIGHT))
            printed = Text(_num(end + 4), value_y, _text(value_format(value)))
        reach = _BAR_HEIGHT / 2 + 4
        placed.append(
            PlacedRow(
                _text(row_descs[-1]),
                label_lines,
                bar,
                printed,
                None if compare1 is None else _line(_plot_x(compare1), middle - reach, middle + reach),
                None if compare2 is None else _diamond(_plot_x(compare2), middle),
            )
        )
        y += height

    # Gridlines behind the rows, tick labels under them.
    plot_bottom = y
    ticks = tuple(Tick(_num(_plot_x(score)), score, score == 0) for score in (0, 25, 50, 75, 100))
    y = plot_bottom + _AXIS_HEIGHT

    entries: list[LegendEntry] = []
    max_chars = int((_WIDTH - _LEGEND_TEXT_X) / _CHAR_WIDTH)
    for kind, name in legend:
        middle = y + _LEGEND_ROW / 2
        text = Text(str(_LEGEND_TEXT_X), _num(middle + _FONT * 0.35), _text(_truncate(str(name), max_chars)))
        entries.append(LegendEntry(kind, _legend_symbol(kind, middle), text))
        y += _LEGEND_ROW
    total_height = math.ceil(y + (_TOP if legend else 0))

    return ScoreBars(
        chart_id,
        _text(title),
        _text("; ".join(row_descs)),
        _WIDTH,
        total_height,
        str(_TOP),
        _num(plot_bottom),
        _num(plot_bottom + 12),
        ticks,
        tuple(placed),
        tuple(entries),
    )
