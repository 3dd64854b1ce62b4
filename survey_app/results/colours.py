"""The colours of the results report: the charts' colour-blind-safe palette and the heatmap's score bands.

Pure functions and constants, no markup: ``charts`` takes its fills from here, ``templates/results/charts.html`` and
``static/css/results.css`` draw with them.

About one man in twelve has a red-green colour vision deficiency, so the answer categories run along the orange ->
grey -> blue axis (the ends of ColorBrewer's PuOr and RdBu schemes) instead of red -> green: orange and blue stay
distinct under protanopia, deuteranopia and tritanopia, and the worst answer is orange, the best blue. Each fill comes
with the text colour (dark ink or white) that gives at least 4.5:1 contrast, so the percentages printed inside
segments meet WCAG 2.1 AA. Colour is never the only carrier of meaning: the categories keep their worst -> best order,
segments are separated by white gaps, comparison markers differ in shape (a vertical line and a diamond) and not only
in colour, and every value is printed or described in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["HEAT_BANDS", "PALETTE_5", "category_colours", "heat_band"]

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

# Text colours: the app's ink (omtanke.css --ink), white and pure black; the chart macros draw with them too.
_INK = "#1b1f24"
_WHITE = "#ffffff"
_BLACK = "#000000"
_MIN_CONTRAST = 4.5


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
