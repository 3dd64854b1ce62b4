"""A write-only sheet that takes its rows as finished XML text, and the few pieces of that text.

openpyxl's write-only sheet makes a cell object, binds its type and writes an XML element through lxml for every
value: at 100,000 rows × 40 answers that was about nine tenths of an export's time. ``StreamedSheet`` keeps
everything else of openpyxl's sheet (the head with frozen panes and widths, the filter, colour scales, charts,
styles, the package) and lets ``exports.workbook`` write each row's ``<row>`` element as text straight into the
sheet's file. The text is what openpyxl's own writer produces for the same cell, byte for byte (ASCII with character
references, ``xml:space`` when the text has outer white space); a cell that needs more than a string, a number or a
date is written by openpyxl's own cell writer (``cell_xml``). Which cells are text, formula-safe or formatted is
decided in ``exports.workbook``, not here. Needs lxml (a dependency): openpyxl's fallback writer cannot be flushed.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

__all__ = ["StreamedSheet", "xml_number", "xml_text"]

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def xml_text(text: str) -> str:
    """Text as lxml writes it inside an element (non-ASCII characters become references when the row is encoded)."""
    return text.translate(_ESCAPES) if ("&" in text or "<" in text or ">" in text or "\r" in text) else text


def xml_number(value: float) -> str:
    """A number as openpyxl writes it: 16 significant digits; NaN and infinity as an empty value."""
    return "%.16g" % value if value - value == 0 else ""  # noqa: UP031 (openpyxl's own format)


class StreamedSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, written through ``write_row`` (one row's XML) instead of ``append``."""

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _Writer(self)
            self._writer.write_top()

    def _write_rows(self):
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # the start tag is in the file before the first row
            try:
                while True:
                    self._writer.file.write((yield).encode("ascii", "xmlcharrefreplace"))
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def write_row(self, xml: str) -> None:
        """Write one ``<row>`` element, already rendered, after the rows before it."""
        if self._rows is None:
            self._get_writer()
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(xml)

    def discard(self) -> None:
        """Close the sheet's file after a failed export, the rows before the sheet, as saving would."""
        if self._rows is not None:
            self._rows.close()
        if self._writer is not None:
            self._writer.close()

    def cell_xml(self, value: object, row: int, column: int) -> str:
        """One cell as openpyxl writes it (a styled heading, an error code, a date of another calendar type): a
        value given as a cell keeps its style; an empty value without a style writes nothing, as in openpyxl."""
        cell = value if isinstance(value, Cell) else WriteOnlyCell(self, value=value)
        cell.row, cell.column = row, column
        if cell._value is None and not cell.has_style:
            return ""
        out = BytesIO()
        with xmlfile(out) as xf:
            write_cell(xf, self, cell, cell.has_style)
        return out.getvalue().decode("ascii")


class _Writer(WorksheetWriter):
    """openpyxl's sheet writer on a file object this module holds, so that rows can be written to it as bytes."""

    file = None

    def get_stream(self):
        with open(self.out, "wb", buffering=1 << 20) as self.file, xmlfile(self.file) as xf:
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        element = yield
                        if element is True:
                            yield xf
                        elif element is not None:
                            xf.write(element)
                except GeneratorExit:
                    pass
