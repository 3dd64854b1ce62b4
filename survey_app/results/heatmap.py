"""The HR heatmap: the units a reader may see, one row each in tree order or sorted by a column, every figure in a
coloured cell. Built from the results the gate returned, on the tree the round closed with; no query of its own.

Fifteen measures fit beside the unit names on a 1280 px screen only under short headings: each measure has a short
name (``short_label``), printed with the full one in the key above the table and in every heading's accessible name.
On a phone the page shows the same rows as one card per unit, with the full names (``templates/results/overview.html``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import pgettext

from survey_app.results.anonymity import ORGANISATION
from survey_app.results.colours import HEAT_BANDS, heat_band
from survey_app.results.figures import RoundResults, UnitResult
from survey_app.results.report import figure_label, instrument_label, moved_note, number


@dataclass(frozen=True)
class HeatCell:
    """One figure of one row, with the colour band it is drawn in."""

    value: float | None
    band: str


@dataclass(frozen=True)
class HeatRow:
    """One unit's row: its name, depth in the tree, result and one cell per figure."""

    unit_id: int | None
    name: str
    code: str
    depth: int
    result: UnitResult
    cells: list[HeatCell]
    has_children: bool
    #: Where the unit is now, when it has moved since the round closed.
    moved: str | None = None


#: Columns besides the figures the heatmap sorts by.
SORTABLE = ("name", "responses", "rate")


def heat_rows(results: RoundResults, scope: frozenset[int] | None, root: int | None, sort: str, descending: bool):
    """The units under ``root`` (all, for None) that the reader may see, in tree order or sorted by a column."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent in results.parents.items():
        children[parent].append(unit_id)
    for ids in children.values():
        ids.sort(key=lambda unit_id: results.names[unit_id].casefold())
    figures = results.figures()
    order: list[tuple[int, int]] = []
    stack = [(unit_id, 0) for unit_id in reversed(children[root] if root is not None else children[None])]
    if root is not None:
        stack = [(root, 0)]
    while stack:
        unit_id, depth = stack.pop()
        if unit_id not in results.units:
            continue
        if scope is None or unit_id in scope:
            order.append((unit_id, depth))
        stack.extend((child, depth + 1) for child in reversed(children[unit_id]))
    rows = [
        HeatRow(
            unit_id,
            results.names[unit_id],
            results.units[unit_id].code or "",
            depth,
            results.units[unit_id],
            [_cell(results.units[unit_id].score(key)) for key in figures],
            bool(children[unit_id]),
            moved_note(results, unit_id),
        )
        for unit_id, depth in order
        if results.units[unit_id].headcount or results.units[unit_id].responses
    ]
    if sort == "name":
        rows.sort(key=lambda row: row.name.casefold(), reverse=descending)
    elif sort in figures or sort in ("responses", "rate"):
        column = figures.index(sort) if sort in figures else None

        def value(row: HeatRow):
            if column is not None:
                return row.cells[column].value
            return row.result.responses if sort == "responses" else row.result.response_rate

        present = sorted((row for row in rows if value(row) is not None), key=value, reverse=descending)
        rows = present + [row for row in rows if value(row) is None]  # hidden and empty cells always last
    return rows


def organisation_row(results: RoundResults) -> HeatRow:
    """The whole organisation's row, shown above the units to readers who see every unit."""
    result = results.units[ORGANISATION]
    return HeatRow(
        None, _("Whole organisation"), "", 0, result, [_cell(result.score(key)) for key in results.figures()], True
    )


def _cell(value: float | None) -> HeatCell:
    """The colour follows the number as printed (rounded), so a cell never disagrees with the legend."""
    return HeatCell(value, heat_band(None if value is None else round(value)))


def heat_legend() -> list[tuple[str, str]]:
    """Each colour band with the range of printed scores it stands for."""
    bands = HEAT_BANDS
    return [
        (band, f"{number(low)}–{number(high if index == len(bands) - 1 else high - 1)}")
        for index, (low, high, band) in enumerate(bands)
    ]


@dataclass(frozen=True)
class Measure:
    """A heatmap column: the figure's key, its short heading, its full name and whether it starts an instrument."""

    key: str
    short: str
    label: str
    group: str
    first_of_group: bool


def measures(results: RoundResults) -> list[Measure]:
    """The round's figures as heatmap columns, in the order of ``results.figures()``."""
    found, previous = [], None
    for key in results.figures():
        instrument = key.split(".", 1)[0]
        group = _("Engagement (HME)") if instrument == "hme" else instrument_label(instrument)
        label = figure_label(key)
        found.append(Measure(key, short_label(key, label), label, group, instrument != previous))
        previous = instrument
    return found


def short_label(key: str, label: str) -> str:
    """A figure's heading of at most seven characters a line (the width of a column when fifteen fit in 1280 px);
    for a figure without one, the start of its name."""
    short = {
        "hme.total": pgettext("short heading", "HME"),
        "hme.motivation": pgettext("short heading", "Motiv."),
        "hme.leadership": pgettext("short heading", "Lead."),
        "hme.steering": pgettext("short heading", "Steer."),
        "osa.workload": pgettext("short heading", "Load"),
        "osa.working_hours": pgettext("short heading", "Hours"),
        "osa.victimisation": pgettext("short heading", "Harass."),
        "osa.goals_knowledge": pgettext("short heading", "Goals"),
        "osa.leadership_communication": pgettext("short heading", "Partic."),
        "ergonomics.discomfort": pgettext("short heading", "Body"),
        "ergonomics.physical_load": pgettext("short heading", "Phys. load"),
        "ergonomics.equipment": pgettext("short heading", "Equip."),
        "ergonomics.physical_environment": pgettext("short heading", "Envir."),
        "work_ability.work_ability": pgettext("short heading", "Work ab."),
    }.get(key)
    if short:
        return short
    word = (label.split() or [key])[0].rstrip(",")
    return word if len(word) <= 7 else word[:6] + "."
