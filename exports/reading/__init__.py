"""Reading uploaded tables: CSV or XLSX bytes in, header and cell values out.

The format is detected from the content, never from the file name. Every upload is treated as hostile until it has
passed the checks below, which run before openpyxl or the csv module see the data:

* size: an empty file or one over ``max_bytes`` is rejected;
* XLSX (a ZIP archive): the number of entries and the sum of their uncompressed sizes are read from the ZIP
  directory and checked first (a 1 MB zip that unpacks to 1 GiB would otherwise take about 1 GB of memory). Python's
  ``zipfile`` never returns more than an entry's declared size, so the declared sizes are a real bound;
* XLSX: every entry's XML prologue is scanned with expat, in whatever encoding the part declares, and a document
  type declaration (hence any entity, internal or external) is rejected. openpyxl additionally parses through
  defusedxml when it is installed (it is a dependency); nothing here changes global parser state;
* OLE2 containers (an old ``.xls`` or a password-protected ``.xlsx``) are rejected with advice to save as ``.xlsx``
  or CSV; PDFs, images, other archives and binary junk are rejected as "not a spreadsheet";
* XLSX is read with openpyxl in read-only mode, after ``reset_dimensions()``: a wrong ``<dimension>`` tag would
  otherwise silently truncate the sheet;
* rows and columns are capped while reading, so a huge file fails early instead of filling memory.

Values: text is stripped of surrounding whitespace (inner characters, control characters included, are kept; the
caller validates them); empty cells and whitespace-only text are ``None``. CSV cells are always text. XLSX cells keep
their type: numbers are ``int`` or ``float`` (a Boolean cell is ``bool``, a subclass of ``int``), date cells are
``datetime.date`` (a ``datetime.datetime`` when the cell has a time of day), time-only and duration cells become
text (``"08:30:00"``, ``"1 day, 2:00:00"``), formulas give their last computed value (``None`` if never computed).

Row numbers are those the user sees: the Excel row number, or for CSV the record number as Excel shows it when it
opens the file (a quoted value spanning several lines is one row). Blank rows are skipped but still counted.

The modules: ``table`` (the entry points and format detection), ``limits``, ``errors`` (``ReadError`` and its
messages), ``csv_files``, ``xlsx_files`` (the archive checks and openpyxl), ``rows`` (cleaning values, the header)
and ``columns`` (matching header names to fields).

Plain Python only: never imports Flask, SQLAlchemy or ``survey_app``.
"""

from __future__ import annotations

from exports.reading.columns import guess_columns
from exports.reading.errors import ReadError
from exports.reading.limits import LIMITS
from exports.reading.table import Table, iter_table, read_table

__all__ = ["LIMITS", "ReadError", "Table", "guess_columns", "iter_table", "read_table"]
