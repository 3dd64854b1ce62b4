"""Workbooks HR can hand on as they are: streamed sheets with frozen headings, filters, widths, number formats,
colour scales and native charts, and text that can never turn into a formula.

The input is this module's own plain types (``Sheet``, ``Table``, ``Column``, ``Chart``, ``Typed``); the web app and
the CLI convert their results into them (``survey_app/*/workbooks.py``). Every sheet is written in openpyxl's write-only
mode, so a sheet of 100,000 rows never sits in memory as cells, and each table row goes into the sheet as the XML
text openpyxl would write for it (``exports.sheet_xml``), without a cell object per value. User text goes through
``cell_text``: characters a spreadsheet cannot hold are removed, text longer than a cell holds is cut with a visible
mark, and a value that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written as a
string with Excel's quote prefix, the same as typing an apostrophe first. Numbers are written as numbers with a
number format, never as text, so that Excel and LibreOffice show them in their reader's own format ("6,6 %" in
Swedish, "6.6%" in English): a share is stored as a fraction with a percent format. Never imports Flask,
SQLAlchemy or ``survey_app``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from exports.sheet_xml import StreamedSheet, xml_number, xml_text

__all__ = [
    "CELL_MAX", "XLSX_MIME", "Chart", "Column", "OnSheet", "Sheet", "Table", "Typed", "cell_text", "sheet_title",
    "write_workbook",
]  # fmt: skip

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CELL_MAX = 32_767  # characters a cell holds in Excel and LibreOffice
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 controls but tab, newline and carriage return; U+FFFE/U+FFFF; lone surrogates: a file with them does not open
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CUT_MARK = " […]"
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADING_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=13)
_HEADING_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")

#: Told (sheet number, number of sheets) before each sheet is written: how a background job reports its progress.
OnSheet = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    """One column: its heading (already in the reader's language), width in characters and kind. ``kind`` is
    "text" (user text, neutralised), "number" (with ``number_format``, e.g. "0.0"), "integer", "percent" (a share
    given in per cent, 0–100, as Omtanke computes them: written as the fraction with the format "0.0%") or "date"."""

    heading: str
    width: float = 14
    kind: str = "text"
    number_format: str | None = None


@dataclass(frozen=True)
class Typed:
    """A value that carries its own kind, for a column that mixes them (a summary's "Value": a date, a count, a
    response rate): ``Typed(66.7, "percent")``. ``kind`` is one of ``Column``'s."""

    value: object
    kind: str


@dataclass(frozen=True)
class Chart:
    """A native chart below or beside the table: one series per value column, categories from one column."""

    title: str
    category_column: int  # 0-based index into the sheet's columns
    value_columns: tuple[int, ...]
    kind: str = "bar"  # "bar" | "line"
    y_title: str = ""
    y_max: float | None = None


@dataclass(frozen=True)
class Table:
    """A table with a heading row. ``rows`` may be a generator, consumed once while writing. ``colour_scale`` names
    0-based columns shaded low → high (a heatmap, orange → grey → blue, safe for colour-blind readers);
    ``reverse_scale`` when high is bad. ``title`` is a bold line above the table."""

    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    title: str = ""
    colour_scale: Sequence[int] = ()
    reverse_scale: bool = False
    charts: Sequence[Chart] = ()


@dataclass(frozen=True)
class Sheet:
    """One or more tables under each other. ``intro`` lines go above them (what the sheet shows, the anonymity rule).
    The first table's headings stay in view while scrolling and carry the sheet's filter."""

    title: str
    tables: Sequence[Table]
    intro: Sequence[str] = ()
    freeze_first_column: bool = True


def cell_text(value: object) -> str:
    """Text made safe for a cell: unwritable characters removed, cut to ``CELL_MAX`` with a visible mark."""
    text = _UNWRITABLE.sub("", str(value))
    if len(text) > CELL_MAX:
        text = text[: CELL_MAX - len(_CUT_MARK)] + _CUT_MARK
    return text


def sheet_title(title: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters."""
    base = _TITLE_FORBIDDEN.sub("-", cell_text(title)).strip("'") or "Sheet"
    name, number = base[:31], 2
    while taken is not None and name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    if taken is not None:
        taken.add(name)
    return name


def write_workbook(
    target: str | IO[bytes],
    sheets: Iterable[Sheet],
    progress: Callable[[int], None] | None = None,
    on_sheet: OnSheet | None = None,
) -> int:
    """Write the sheets to ``target`` (a path or a binary stream) and return the number of table rows written.
    ``progress`` is called with the running row count every 1,000 rows; ``on_sheet`` with (sheet number, number of
    sheets) before each sheet is written, so that a background job can say "writing sheet 3 of 40"."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    written = 0
    sheets = list(sheets)  # the sheets only describe their rows, which stay lazy: counting them costs nothing
    try:
        for number, sheet in enumerate(sheets, start=1):
            if on_sheet is not None:
                on_sheet(number, len(sheets))
            written = _write_sheet(book, sheet, sheet_title(sheet.title, taken), written, progress)
    except BaseException:  # a value that cannot be written, or a job cancelled: close the open sheet files in order
        for ws in book.worksheets:
            ws.discard()
        raise
    if not taken:
        book.create_sheet("Sheet")
    book.save(target)
    return written


def _write_sheet(book: Workbook, sheet: Sheet, title: str, written: int, progress) -> int:
    ws = StreamedSheet(parent=book, title=title)
    book._add_sheet(ws)
    widths: dict[int, float] = {}
    for table in sheet.tables:
        for index, column in enumerate(table.columns, start=1):
            widths[index] = max(widths.get(index, 0), column.width)
    for index, width in widths.items():
        ws.column_dimensions[get_column_letter(index)].width = width
    row = 1
    first = sheet.tables[0] if sheet.tables else None
    if first is not None:  # panes are part of the sheet's head, written before any row
        heading_row = len(sheet.intro) + (1 if sheet.intro else 0) + (1 if first.title else 0) + 1
        column = "B" if sheet.freeze_first_column and len(first.columns) > 1 else "A"
        ws.freeze_panes = f"{column}{heading_row + 1}"
    for line in sheet.intro:
        _write_cells(ws, row, [_text_cell(ws, line)])
        row += 1
    chart_rows = 0
    for number, table in enumerate(sheet.tables):
        if row > 1:
            _write_cells(ws, row, [])
            row += 1
        if table.title:
            title_cell = _text_cell(ws, table.title)
            title_cell.font = _TITLE_FONT
            _write_cells(ws, row, [title_cell])
            row += 1
        heading_row = row
        _write_cells(ws, row, [_heading_cell(ws, column.heading) for column in table.columns])
        cells = _Cells(ws, table.columns)
        for values in table.rows:
            row += 1
            ws.write_row(cells.row(values, row))
            written += 1
            if progress is not None and written % 1000 == 0:
                progress(written)
        last_row, row = row, row + 1
        if number == 0 and table.columns:
            ws.auto_filter.ref = f"A{heading_row}:{get_column_letter(len(table.columns))}{last_row}"
        if last_row > heading_row:
            _colour_scale(ws, table, heading_row, last_row)
            for chart in table.charts:
                anchor = f"{get_column_letter(len(widths) + 2)}{max(heading_row, chart_rows + 1)}"
                ws.add_chart(_chart(ws, chart, table.columns, heading_row, last_row), anchor)
                chart_rows = max(heading_row, chart_rows + 1) + 19
    return written


def _write_cells(ws: StreamedSheet, row: int, cells: Sequence[WriteOnlyCell]) -> None:
    """A row of styled cells (intro, title, headings: a few per sheet), written by openpyxl's own cell writer."""
    xml = "".join(ws.cell_xml(cell, row, column) for column, cell in enumerate(cells, start=1))
    ws.write_row(f'<row r="{row}">{xml}</row>')


def _colour_scale(ws, table: Table, heading_row: int, last_row: int) -> None:
    low, high = ("2166AC", "E66101") if table.reverse_scale else ("E66101", "2166AC")
    for index in table.colour_scale:
        letter = get_column_letter(index + 1)
        rule = ColorScaleRule(start_type="min", start_color=low, mid_type="percentile", mid_value=50,
                              mid_color="E0E0E0", end_type="max", end_color=high)  # fmt: skip
        ws.conditional_formatting.add(f"{letter}{heading_row + 1}:{letter}{last_row}", rule)


def _heading_cell(ws, text: str) -> WriteOnlyCell:
    cell = _text_cell(ws, text)
    cell.font, cell.fill, cell.alignment = _HEADING_FONT, _HEADING_FILL, _WRAP
    return cell


def _text_cell(ws, value: object) -> WriteOnlyCell:
    """User text as a string cell, never a formula: openpyxl reads a leading "=" as a formula, so the type is set
    back to string, and a leading formula character gets the quote prefix Excel shows as an apostrophe."""
    text = cell_text(value)
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


_FORMATS = {"number": "0.0", "integer": "0", "percent": "0.0%", "date": "yyyy-mm-dd"}
_EXACT = 2**53  # integers below this in size are exact as floats: str() writes them as openpyxl's "%.16g" does
_DATE_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd h:mm:ss"}  # openpyxl's own, given to a bare date


class _Cells:
    """A table's rows as sheet XML, cell by cell as openpyxl would write the values, without a cell object each:
    user text as a string (quote-prefixed when it starts like a formula), numbers with their column's format, a
    share as the fraction. The style of each format is looked up once; a value of an unusual type (a date with a
    time zone) goes through openpyxl's own cell writer. Text that reads like an error code ("#N/A") stays text:
    openpyxl would type it as an error, and a person's answer is never one."""

    def __init__(self, ws: StreamedSheet, columns: Sequence[Column]) -> None:
        self.ws = ws
        self.columns = [
            (index, get_column_letter(index), column, column.kind == "integer" and column.number_format is None)
            for index, column in enumerate(columns, start=1)
        ]
        self.styles: dict[tuple[str, bool], str] = {}
        self.serials: dict[date, str] = {}

    def row(self, values: Sequence[object], row: int) -> str:
        parts = [f'<row r="{row}">']
        for value, (index, letter, column, plain_integer) in zip(values, self.columns, strict=False):
            if type(value) is int and plain_integer and -_EXACT < value < _EXACT:  # most cells of a big export
                parts.append(f'<c r="{letter}{row}" t="n"><v>{value}</v></c>')
                continue
            if value is None or value == "":
                continue
            kind, number_format = column.kind, column.number_format
            if isinstance(value, Typed):
                value, kind, number_format = value.value, value.kind, None
                if value is None or value == "":
                    continue
            if kind == "text" or isinstance(value, bool) or not isinstance(value, int | float | date):
                parts.append(self.text(cell_text(value), row, index, letter))
            elif isinstance(value, date):
                parts.append(self.date(value, row, index, letter))
            elif kind == "integer" and isinstance(value, int) and number_format is None:
                parts.append(f'<c r="{letter}{row}" t="n"><v>{xml_number(value)}</v></c>')
            else:
                if kind == "percent":
                    value = value / 100  # a spreadsheet's percent format shows the fraction 0.066 as "6.6%"
                style = self.style(number_format or _FORMATS.get(kind, "General"))
                parts.append(f'<c r="{letter}{row}"{style} t="n"><v>{xml_number(value)}</v></c>')
        parts.append("</row>")
        return "".join(parts)

    def text(self, text: str, row: int, index: int, letter: str) -> str:
        """User text as a string, never a formula: openpyxl would read a leading "=" as one, and a leading formula
        character gets the quote prefix Excel shows as an apostrophe."""
        if text.startswith(_FORMULA_STARTS):
            style = self.style("General", quote=True)
        elif not text:
            return self.ws.cell_xml(text, row, index)  # an empty string cell, as openpyxl writes it
        else:
            style = ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{letter}{row}"{style} t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'

    def date(self, value: date, row: int, index: int, letter: str) -> str:
        """A date as its serial day number with an ISO date format, as openpyxl gives a bare date."""
        if type(value) not in _DATE_FORMATS or getattr(value, "tzinfo", None) is not None:
            return self.ws.cell_xml(value, row, index)
        serial = self.serials.get(value)
        if serial is None:
            serial = self.serials[value] = xml_number(to_excel(value, self.ws.parent.epoch))
        return f'<c r="{letter}{row}"{self.style(_DATE_FORMATS[type(value)])} t="n"><v>{serial}</v></c>'

    def style(self, number_format: str, quote: bool = False) -> str:
        """The ``s`` attribute of a cell with this format (none for the plain style), registered once per table."""
        key = (number_format, quote)
        if key not in self.styles:
            cell = WriteOnlyCell(self.ws)
            cell.number_format, cell.quotePrefix = number_format, quote
            self.styles[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return self.styles[key]


def _chart(ws, spec: Chart, columns: Sequence[Column], heading_row: int, last_row: int):
    chart = LineChart() if spec.kind == "line" else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "bar" if last_row - heading_row > 8 else "col"
    chart.title = cell_text(spec.title)
    chart.y_axis.title = cell_text(spec.y_title) if spec.y_title else None
    if spec.y_max is not None:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, spec.y_max
    if all(columns[index].kind == "percent" for index in spec.value_columns if index < len(columns)):
        chart.y_axis.number_format = "0%"  # the axis of shares stored as fractions reads 5 %, not 0.05
    chart.height, chart.width = 9, 16
    for column in spec.value_columns:
        data = Reference(ws, min_col=column + 1, min_row=heading_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    categories = Reference(ws, min_col=spec.category_column + 1, min_row=heading_row + 1, max_row=last_row)
    chart.set_categories(categories)
    return chart
