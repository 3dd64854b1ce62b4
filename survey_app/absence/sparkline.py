"""A unit's short-term absence over the last months as a small inline SVG line (a sparkline), drawn on the server.

The line is drawn from the figures the table may show and nothing else: a month without a figure (no staffing, or
a row the statistics withhold, such as the organisation's total that would give others away) is a gap, and a row
with no figure at all gets no drawing. Each drawing carries its figures as text (a ``<title>`` the image is
labelled by), so a screen reader reads "2026-06: 6,2 %, …" where a sighted reader sees the shape. No script and no
inline style (the CSP forbids both): absence.css colours the classes.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 96, 28, 3


def points(values: Sequence[float | None]) -> list[list[tuple[float, float]]]:
    """The line's runs of (x, y) points, one run per stretch of months with figures; a month without one breaks
    the line. Scaled to the row's own highest figure (0 at the bottom), like a sparkline in a table row."""
    top = max((v for v in values if v is not None), default=0.0)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
            continue
        y = HEIGHT - PAD - (value / top * (HEIGHT - 2 * PAD) if top > 0 else 0.0)
        runs[-1].append((round(PAD + index * step, 1), round(y, 1)))
    return [run for run in runs if run]


def sparkline(values: Sequence[float | None], label: str, element_id: str) -> Markup:
    """The SVG for one row, labelled by ``label`` (the figures as text), or empty Markup when no month has a
    figure: nothing is drawn for a row whose figures are all withheld or missing."""
    runs = points(values)
    if not runs:
        return Markup("")
    lines = "".join(
        f'<polyline points="{" ".join(f"{x},{y}" for x, y in run)}"/>' if len(run) > 1 else "" for run in runs
    )
    x, y = runs[-1][-1]
    dots = "".join(
        f'<circle class="point" cx="{run[0][0]}" cy="{run[0][1]}" r="1.6"/>' for run in runs if len(run) == 1
    )
    return Markup(  # noqa: S704 - numbers we computed; the only text, the label and id, is escaped
        f'<svg class="sparkline" role="img" aria-labelledby="{escape(element_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" focusable="false"><title id="{escape(element_id)}">{escape(label)}</title>'
        f'<line class="baseline" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}"/>'
        f'{lines}{dots}<circle class="latest" cx="{x}" cy="{y}" r="2.4"/></svg>'
    )
