"""The entry points: a whole table in memory (``read_table``) or streamed (``iter_table``), the format detected from
the first bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from exports.reading import errors
from exports.reading.csv_files import open_csv
from exports.reading.errors import ReadError
from exports.reading.limits import in_mib, limits_with
from exports.reading.rows import Row, clean_rows, split_header
from exports.reading.xlsx_files import open_xlsx

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # Compound File Binary: .xls, .doc, and encrypted .xlsx
_OTHER_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"\x1f\x8b\x08",  # gzip
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"PK\x05\x06",  # empty ZIP
    b"PK\x07\x08",  # spanned ZIP
    b"{\\rtf",
)


@dataclass(frozen=True)
class Table:
    """A whole table in memory. ``rows`` holds ``(row number as the user sees it, values)``; empty rows skipped.

    Each ``values`` tuple has at least ``len(headers)`` items (short rows are padded with ``None``); a row with
    values beyond the last named column keeps them, so the caller can report them.
    """

    format: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def read_table(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
    max_zip_entries: int | None = None,
) -> Table:
    """Read a CSV or XLSX upload completely. Raises ``ReadError`` with a user-facing message when it can't.

    ``filename`` is accepted for the caller's convenience but ignored: the format comes from the content.
    Limits default to ``LIMITS``.
    """
    fmt, sheet, headers, rows = iter_table(
        data,
        filename,
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_rows=max_rows,
        max_columns=max_columns,
        max_zip_entries=max_zip_entries,
    )
    return Table(format=fmt, sheet=sheet, headers=headers, rows=tuple(rows))


def iter_table(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
    max_zip_entries: int | None = None,
) -> tuple[str, str | None, tuple[str, ...], Iterator[Row]]:
    """Streaming variant of ``read_table``: ``(format, sheet, headers, rows)`` with ``rows`` a lazy iterator.

    All checks on the file as a whole, and the search for the header row, happen before this returns; the row and
    column limits and damage found further down the file raise ``ReadError`` from the iterator when reached.
    """
    del filename  # detection is by content only
    limits = limits_with(max_bytes, max_uncompressed_bytes, max_rows, max_columns, max_zip_entries)
    if not data:
        raise ReadError(errors.EMPTY)
    if len(data) > limits["max_bytes"]:
        raise ReadError(errors.TOO_BIG, max_mb=in_mib(limits["max_bytes"]))
    if data.startswith(_OLE2_MAGIC):
        raise ReadError(errors.OLE2)
    if data.startswith(_ZIP_MAGIC):
        sheet, raw_rows = open_xlsx(data, limits)
        fmt = "xlsx"
    else:
        if data.startswith(_OTHER_MAGIC):
            raise ReadError(errors.NOT_SPREADSHEET)
        sheet, raw_rows = None, open_csv(data)
        fmt = "csv"
    try:
        headers, rows = split_header(clean_rows(raw_rows, limits))
    except BaseException:
        raw_rows.close()  # releases the workbook now rather than at garbage collection
        raise
    return fmt, sheet, headers, rows
