"""Server-side SVG charts for the results report: pure functions from numbers and translated strings to markup.

No Flask, no database and no translations here: callers pass strings that are already translated and escaped
nowhere else; every piece of text is escaped in this module, so a unit or item name such as ``<script>`` is
harmless. The markup is plain, well-formed SVG (it also parses as XML) and uses presentation attributes only
(``fill``, ``stroke``, ``font-size``…), never a ``style`` attribute, because the app's Content-Security-Policy
forbids inline style. No JavaScript is needed, so the charts also work in printouts and PDF exports.

Design choices:

* **Colour-blind-safe palette.** About one man in twelve has a red-green colour vision deficiency, so the answer
  categories run along the orange -> grey -> blue axis (the ends of ColorBrewer's PuOr and RdBu schemes) instead of
  red -> green: orange and blue stay distinct under protanopia, deuteranopia and tritanopia, and the worst answer is
  orange, the best blue. Each fill comes with the text colour (dark ink or white) that gives at least 4.5:1 contrast,
  so the percentages printed inside segments meet WCAG 2.1 AA. Colour is never the only carrier of meaning: the
  categories keep their worst -> best order, segments are separated by white gaps, comparison markers differ in
  shape (a vertical line and a diamond) and not only in colour, and every value is printed or described in words.
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
from functools import lru_cache

from markupsafe import Markup, escape

__all__ = [
    "HEAT_BANDS",
    "PALETTE_5",
    "ScoreRow",
    "category_colours",
    "distribution_bar",
    "heat_band",
    "score_bars",
]

#: Fills for five ordered answer categories, worst first: dark orange, light orange, neutral grey, light blue, dark
#: blue (PuOr's orange end, RdBu's blue end). Text colours: see :func:`category_colours`.
PALETTE_5: tuple[str, ...] = ("#b35806", "#f1a340", "#d9d9d9", "#92c5de", "#2166ac")

#: Heatmap bands: (low inclusive, high exclusive, CSS class), worst first. The top band also holds a score of exactly
#: 100 (scores never exceed 100); :func:`heat_band` is the authority, this tuple is for printing a legend.
HEAT_BANDS: tuple[tuple[float, float, str], ...] = (
    (0.0, 40.0, "heat-1"),
    (40.0, 55.0, "heat-2"),
    (55.0, 70.0, "heat-3"),
    (70.0, 85.0, "heat-4"),
    (85.0, 100.0, "heat-5"),
)

_INK = "#1b1f24"  # the app's text colour (omtanke.css --ink)
_MUTED = "#4a5560"  # the app's muted text colour, 7.4:1 on white
_WHITE = "#ffffff"
_BLACK = "#000000"
_GRID = "#d0d7de"
_AXIS = "#8b949e"
_EMPTY_FILL = "#eef1f4"
_EMPTY_STROKE = "#c9d1d9"
_BAR_FILL = "#5b8fc7"  # 3.4:1 against white (WCAG 1.4.11 graphics), 4.9:1 against the ink marker drawn over it
_MIN_CONTRAST = 4.5

_SVG_NS = "http://www.w3.org/2000/svg"
_CHART_ID = re.compile(r"[A-Za-z0-9_-]+")
# Characters XML 1.0 does not allow; dropped so the markup always parses.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# distribution_bar
_DIST_HEIGHT = 28
_DIST_FONT = 12
_DIST_BASELINE = 18
_MIN_LABEL_PERCENT = 8.0

# score_bars, in viewBox units (laid out for a ~360 px wide phone, where one unit is about one CSS pixel)
_WIDTH = 360
_FONT = 12
_SMALL_FONT = 10
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


# --- colours ------------------------------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an ``#rrggbb`` colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_colour(fill: str) -> str:
    """The app's ink or white, whichever contrasts more with ``fill``; pure black when neither reaches 4.5:1.

    Black or white always reaches 4.58:1 against any colour, so the result always meets WCAG AA.
    """
    best = max((_INK, _WHITE), key=lambda text: _contrast(fill, text))
    if _contrast(fill, best) >= _MIN_CONTRAST:
        return best
    return _BLACK if _contrast(fill, _BLACK) >= _contrast(fill, _WHITE) else _WHITE


@lru_cache(maxsize=32)
def _category_colours(n: int) -> tuple[tuple[str, str], ...]:
    if n == 1:
        fills = [PALETTE_5[2]]
    else:
        stops = [_rgb(c) for c in PALETTE_5]
        fills = []
        for i in range(n):
            position = i * (len(stops) - 1) / (n - 1)
            low = min(int(position), len(stops) - 2)
            t = position - low
            fills.append(_hex([a + (b - a) * t for a, b in zip(stops[low], stops[low + 1], strict=True)]))
    return tuple((fill, _text_colour(fill)) for fill in fills)


def category_colours(n: int) -> list[tuple[str, str]]:
    """(fill, text colour) for ``n`` ordered answer categories, worst first.

    5 gives :data:`PALETTE_5`; 2 (no/yes) its two ends; any other count (11 for a 0-10 scale) is spread evenly along
    the same orange -> grey -> blue ramp. Every pair has at least 4.5:1 contrast.
    """
    if n < 1:
        raise ValueError(f"need at least one category, got {n}")
    return list(_category_colours(n))


def heat_band(score: float | None) -> str:
    """CSS class for a heatmap cell: ``heat-none`` for no score, else ``heat-1`` (below 40) … ``heat-5`` (85 up)."""
    if score is None or math.isnan(score):
        return "heat-none"
    for _low, high, css_class in HEAT_BANDS[:-1]:
        if score < high:
            return css_class
    return HEAT_BANDS[-1][2]


# --- markup helpers -----------------------------------------------------------------------------------------------


def _check_chart_id(chart_id: str) -> None:
    if not isinstance(chart_id, str) or not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must match [A-Za-z0-9_-]+, got {chart_id!r}")


def _text(value: str) -> str:
    """Escaped text for an element or an attribute, without characters XML forbids."""
    return str(escape(_XML_INVALID.sub("", str(value))))


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


def _svg(chart_id: str, title: str, desc: str, css_class: str, size: str, body: list[str]) -> Markup:
    # Every caller-supplied string reaches this markup through _text (escaped); the rest are numbers and constants.
    return Markup(  # noqa: S704
        f'<svg xmlns="{_SVG_NS}" {size} role="img" class="{css_class}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{_text(title)}</title>'
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


# --- charts -------------------------------------------------------------------------------------------------------


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
) -> Markup:
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
    size = f'width="100%" height="{_DIST_HEIGHT}"'
    total = sum(counts)
    if total == 0:
        body = [
            f'<rect class="empty" x="0" y="0" width="100%" height="{_DIST_HEIGHT}" fill="{_EMPTY_FILL}" '
            f'stroke="{_EMPTY_STROKE}" stroke-width="1"/>'
        ]
        return _svg(chart_id, title, no_answers, "chart-distribution", size, body)

    colours = category_colours(len(labels))
    parts: list[str] = []
    body = []
    x = 0.0
    for label, count, (fill, text_fill) in zip(labels, counts, colours, strict=True):
        percent = 100 * count / total
        words = f"{label}: {count} ({percent_format(percent)})"
        parts.append(words)
        if count == 0:
            continue
        segment = [
            f'<g class="segment"><title>{_text(words)}</title>'
            f'<rect x="{_num(x)}%" y="0" width="{_num(percent)}%" height="{_DIST_HEIGHT}" fill="{fill}" '
            f'stroke="{_WHITE}" stroke-width="1"/>'
        ]
        if percent >= _MIN_LABEL_PERCENT:
            segment.append(
                f'<text x="{_num(x + percent / 2)}%" y="{_DIST_BASELINE}" font-size="{_DIST_FONT}" '
                f'text-anchor="middle" fill="{text_fill}">{_text(percent_format(percent))}</text>'
            )
        segment.append("</g>")
        body.append("".join(segment))
        x += percent
    return _svg(chart_id, title, "; ".join(parts), "chart-distribution", size, body)


def _default_value(v: float) -> str:
    return f"{v:.0f}"


def _line(x: float, y1: float, y2: float, css_class: str) -> str:
    return (
        f'<line class="{css_class}" x1="{_num(x)}" y1="{_num(y1)}" x2="{_num(x)}" y2="{_num(y2)}" '
        f'stroke="{_INK}" stroke-width="2"/>'
    )


def _diamond(x: float, y: float, css_class: str) -> str:
    points = f"{_num(x)},{_num(y - 6)} {_num(x + 5)},{_num(y)} {_num(x)},{_num(y + 6)} {_num(x - 5)},{_num(y)}"
    return f'<polygon class="{css_class}" points="{points}" fill="{_WHITE}" stroke="{_INK}" stroke-width="1.5"/>'


def _legend_symbol(kind: str, y: float) -> str:
    if kind == "unit":
        return f'<rect x="0" y="{_num(y - 5)}" width="16" height="10" fill="{_BAR_FILL}"/>'
    if kind == "compare1":
        return _line(8, y - 7, y + 7, "compare1")
    return _diamond(8, y, "compare2")


def score_bars(
    chart_id: str,
    title: str,
    rows: Sequence[ScoreRow],
    legend: Sequence[tuple[str, str]],
    *,
    value_format: Callable[[float], str] = _default_value,
) -> Markup:
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
    body: list[str] = []
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
        spans = "".join(
            f'<tspan x="0" y="{_num(first_baseline + i * _LINE_HEIGHT)}">{_text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts = [
            f'<g class="row"><title>{_text(row_descs[-1])}</title>',
            f'<text class="label" font-size="{_FONT}" fill="{_INK}">{spans}</text>',
        ]
        value_y = _num(middle + _FONT * 0.35)
        halo = f'stroke="{_WHITE}" stroke-width="3" paint-order="stroke"'
        if value is None:
            parts.append(
                f'<text class="missing" x="{_PLOT_X + 4}" y="{value_y}" font-size="{_FONT}" font-style="italic" '
                f'fill="{_MUTED}" {halo}>{_text(row.missing)}</text>'
            )
        else:
            end = _plot_x(value)
            parts.append(
                f'<rect class="score-bar" x="{_PLOT_X}" y="{_num(middle - _BAR_HEIGHT / 2)}" '
                f'width="{_num(end - _PLOT_X)}" height="{_BAR_HEIGHT}" fill="{_BAR_FILL}"/>'
            )
            parts.append(
                f'<text class="value" x="{_num(end + 4)}" y="{value_y}" font-size="{_FONT}" font-weight="bold" '
                f'fill="{_INK}" {halo}>{_text(value_format(value))}</text>'
            )
        if compare1 is not None:
            reach = _BAR_HEIGHT / 2 + 4
            parts.append(_line(_plot_x(compare1), middle - reach, middle + reach, "compare1"))
        if compare2 is not None:
            parts.append(_diamond(_plot_x(compare2), middle, "compare2"))
        parts.append("</g>")
        body.append("".join(parts))
        y += height

    # Gridlines behind the rows (drawn first), tick labels under them.
    plot_bottom = y
    grid: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        x = _plot_x(tick)
        grid.append(
            f'<line x1="{_num(x)}" y1="{_TOP}" x2="{_num(x)}" y2="{_num(plot_bottom)}" '
            f'stroke="{_AXIS if tick == 0 else _GRID}" stroke-width="1"/>'
        )
        grid.append(
            f'<text x="{_num(x)}" y="{_num(plot_bottom + 12)}" font-size="{_SMALL_FONT}" text-anchor="middle" '
            f'fill="{_MUTED}">{tick}</text>'
        )
    y = plot_bottom + _AXIS_HEIGHT

    legend_parts: list[str] = []
    max_chars = int((_WIDTH - _LEGEND_TEXT_X) / _CHAR_WIDTH)
    for kind, name in legend:
        middle = y + _LEGEND_ROW / 2
        legend_parts.append(
            f'<g class="legend-{kind}">{_legend_symbol(kind, middle)}'
            f'<text x="{_LEGEND_TEXT_X}" y="{_num(middle + _FONT * 0.35)}" font-size="{_FONT}" fill="{_INK}">'
            f"{_text(_truncate(str(name), max_chars))}</text></g>"
        )
        y += _LEGEND_ROW
    total_height = math.ceil(y + (_TOP if legend else 0))

    content = [f'<g class="grid">{"".join(grid)}</g>', *body]
    if legend_parts:
        content.append(f'<g class="legend">{"".join(legend_parts)}</g>')
    size = f'width="100%" viewBox="0 0 {_WIDTH} {total_height}"'
    return _svg(chart_id, title, "; ".join(row_descs), "chart-scores", size, content)
