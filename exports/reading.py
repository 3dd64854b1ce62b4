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

Plain Python only: never imports Flask, SQLAlchemy or ``survey_app``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

import openpyxl

__all__ = ["LIMITS", "ReadError", "Table", "guess_columns", "iter_table", "read_table"]


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``text`` for extraction by ``pybabel extract -k N_`` and return it unchanged."""
    return text


MIB = 1024 * 1024

LIMITS: dict[str, int] = {
    "max_bytes": 20 * MIB,
    "max_uncompressed_bytes": 200 * MIB,
    "max_rows": 1_100_000,
    "max_columns": 50,
    "max_zip_entries": 200,
}

# -- Messages (English, marked for translation; ``%(name)s`` placeholders are filled from ReadError.params) --------

_MSG_EMPTY = N_("The file is empty.")
_MSG_TOO_BIG = N_("The file is larger than %(max_mb)s MB. Split it into smaller files or remove unused data.")
_MSG_NOT_SPREADSHEET = N_(
    "The file is not an Excel workbook (.xlsx) or a CSV file. Save it as .xlsx or CSV and try again."
)
_MSG_OLE2 = N_(
    "The file is password-protected (encrypted) or saved in the old Excel format (.xls). Remove the password, "
    "or open it in Excel and save it as an Excel workbook (.xlsx) or CSV, and try again."
)
_MSG_ZIP_ENCRYPTED = N_(
    "The workbook is password-protected (encrypted). Remove the password, save it as .xlsx or CSV, and try again."
)
_MSG_UNPACKED_TOO_BIG = N_(
    "The workbook unpacks to more than %(max_mb)s MB. Remove unused sheets, images or formatting, or save the data "
    "as CSV."
)
_MSG_TOO_MANY_PARTS = N_(
    "The workbook has too many internal parts (more than %(max)s). Copy the data into a new workbook or save it as CSV."
)
_MSG_DTD = N_(
    "The workbook contains a document type declaration (DTD), which is not allowed for security reasons. Open it "
    "in Excel and save it again as .xlsx, or save it as CSV."
)
_MSG_DAMAGED = N_(
    "The workbook could not be read; it may be damaged. Open it in Excel and save it again as .xlsx or CSV."
)
_MSG_NO_SHEET = N_("The workbook has no visible worksheet.")
_MSG_TOO_MANY_ROWS = N_("The file has more than %(max)s rows.")
_MSG_TOO_MANY_COLUMNS = N_("Row %(row)s has more than %(max)s columns.")
_MSG_NO_HEADER = N_("The file has no header row: the first non-empty row must hold the column names.")
_MSG_ENCODING = N_("The text encoding of the file could not be recognised. Save it as CSV UTF-8 and try again.")
_MSG_CSV = N_("Row %(row)s of the CSV file could not be read (is a closing quotation mark missing?).")


class ReadError(ValueError):
    """An upload that cannot be read. ``message`` is English (marked with ``N_``), ``params`` fills it in."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


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


Row = tuple[int, tuple[object, ...]]
_RawRows = Generator[tuple[int, Sequence[object]], None, None]  # (row number, cell values as read)


# -- Public API ---------------------------------------------------------------------------------------------------


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
    limits = _limits(max_bytes, max_uncompressed_bytes, max_rows, max_columns, max_zip_entries)
    if not data:
        raise ReadError(_MSG_EMPTY)
    if len(data) > limits["max_bytes"]:
        raise ReadError(_MSG_TOO_BIG, max_mb=_mib(limits["max_bytes"]))
    if data.startswith(_OLE2_MAGIC):
        raise ReadError(_MSG_OLE2)
    if data.startswith(_ZIP_MAGIC):
        sheet, raw_rows = _open_xlsx(data, limits)
        fmt = "xlsx"
    else:
        if data.startswith(_OTHER_MAGIC):
            raise ReadError(_MSG_NOT_SPREADSHEET)
        sheet, raw_rows = None, _open_csv(data)
        fmt = "csv"
    try:
        headers, rows = _split_header(_clean_rows(raw_rows, limits))
    except BaseException:
        raw_rows.close()  # releases the workbook now rather than at garbage collection
        raise
    return fmt, sheet, headers, rows


def guess_columns(headers: Sequence[str], fields: Mapping[str, Sequence[str]]) -> dict[str, int | None]:
    """Match fields to header columns by their accepted names; ``{field: column index or None}``.

    Matching ignores case, accents, spaces, underscores and hyphens ("Anställnings-nummer" matches
    "anstallningsnummer"). Each column is used at most once. Aliases are tried by rank: every field's first alias
    is matched before any field's second, so a field's loose alias can't take a column another field names exactly.
    Among equal matches the leftmost unused column wins.
    """
    keys = [_header_key(header) for header in headers]
    result: dict[str, int | None] = dict.fromkeys(fields)
    used: set[int] = set()
    alias_lists = {field: [_header_key(alias) for alias in aliases] for field, aliases in fields.items()}
    longest = max((len(aliases) for aliases in alias_lists.values()), default=0)
    for rank in range(longest):
        for field, aliases in alias_lists.items():
            if result[field] is not None or rank >= len(aliases) or not aliases[rank]:
                continue
            for index, key in enumerate(keys):
                if index not in used and key == aliases[rank]:
                    result[field] = index
                    used.add(index)
                    break
    return result


# -- Detection and limits -----------------------------------------------------------------------------------------

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
_MARKUP_STARTS = ("<?xml", "<!doctype", "<html", "<table", "<workbook")


def _limits(*values: int | None) -> dict[str, int]:
    limits = dict(LIMITS)
    for name, value in zip(LIMITS, values, strict=True):
        if value is not None:
            limits[name] = value
    return limits


def _mib(size: int) -> int | float:
    mib = size / MIB
    return int(mib) if mib == int(mib) else round(mib, 1)


# -- Rows -----------------------------------------------------------------------------------------------------------


def _clean_rows(raw_rows: Iterable[tuple[int, Sequence[object]]], limits: Mapping[str, int]) -> Iterator[Row]:
    """Check the limits, convert and strip values, drop trailing empty cells and skip empty rows."""
    max_rows, max_columns = limits["max_rows"], limits["max_columns"]
    for number, raw in raw_rows:
        if number > max_rows:
            raise ReadError(_MSG_TOO_MANY_ROWS, max=max_rows)
        if type(raw) is list:  # a CSV record: text only, the common case of a million-row file
            values = [text.strip() or None for text in raw]
        else:
            end = len(raw)
            while end and raw[end - 1] is None:  # formatted but empty cells far to the right
                end -= 1
            values = [_clean_value(value) for value in raw[:end]]
        while values and values[-1] is None:
            values.pop()
        if not values:
            continue
        if len(values) > max_columns:
            raise ReadError(_MSG_TOO_MANY_COLUMNS, row=number, max=max_columns)
        yield number, tuple(values)


def _clean_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) and value.tzinfo is None else value
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value  # int, float, bool, date


def _split_header(rows: Iterator[Row]) -> tuple[tuple[str, ...], Iterator[Row]]:
    first = next(rows, None)
    if first is None:
        raise ReadError(_MSG_NO_HEADER)
    headers = tuple(_header_text(value) for value in first[1])
    return headers, _pad(rows, len(headers))


def _pad(rows: Iterator[Row], width: int) -> Iterator[Row]:
    for number, values in rows:
        if len(values) < width:
            values = values + (None,) * (width - len(values))
        yield number, values


def _header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_IGNORED_IN_KEYS = frozenset("_-\u2010\u2011\u2012\u2013\u2014\u2212")


def _header_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and not char.isspace() and char not in _IGNORED_IN_KEYS
    )


# -- CSV ------------------------------------------------------------------------------------------------------------

_CHUNK = 64 * 1024
_SNIFF_ROWS = 100
_DELIMITERS = ("\t", ";", ",")  # order breaks exact ties: a tab is rarely accidental, Swedish Excel writes ";"


def _open_csv(data: bytes) -> _RawRows:
    encoding = _detect_encoding(data)
    complete = len(data) <= _CHUNK
    sample = codecs.getincrementaldecoder(encoding)().decode(data[:_CHUNK], final=complete)
    if sample.lstrip().casefold().startswith(_MARKUP_STARTS) or _looks_binary(sample):
        raise ReadError(_MSG_NOT_SPREADSHEET)
    delimiter = _sniff_delimiter(sample, complete=complete)
    return _csv_records(data, encoding, delimiter)


def _detect_encoding(data: bytes) -> str:
    """UTF-16 with a byte-order mark (Excel's "Unicode text"), else UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            _validate(data, "utf-16")
        except UnicodeDecodeError as error:
            raise ReadError(_MSG_ENCODING) from error
        return "utf-16"
    if b"\x00" in data:
        raise ReadError(_MSG_NOT_SPREADSHEET)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            _validate(data, encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError(_MSG_ENCODING)


def _validate(data: bytes, encoding: str) -> None:
    """Decode chunk by chunk without keeping the text; NUL characters mean binary data."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        if "\x00" in decoder.decode(view[start : start + _CHUNK]):
            raise ReadError(_MSG_NOT_SPREADSHEET)
    if "\x00" in decoder.decode(b"", final=True):
        raise ReadError(_MSG_NOT_SPREADSHEET)


def _looks_binary(sample: str) -> bool:
    controls = sum(1 for char in sample if (ord(char) < 32 and char not in "\t\n\r\f\v") or ord(char) == 127)
    return controls > 8 and controls * 20 > len(sample)


def _sniff_delimiter(sample: str, *, complete: bool) -> str:
    """Pick the delimiter that splits the header into most columns consistently with the rows below it."""
    if not complete:  # the last line of a partial sample may be cut in half
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        sample = sample[:cut] if cut > 0 else sample
    # Fallback when no delimiter splits the header: the most frequent one (a file of only ";;" rows is empty).
    best = max(_DELIMITERS, key=sample.count) if any(d in sample for d in _DELIMITERS) else ","
    best_score = (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            records = [
                record
                for record in itertools.islice(csv.reader(io.StringIO(sample), delimiter=delimiter), 10 * _SNIFF_ROWS)
                if any(cell.strip() for cell in record)
            ][:_SNIFF_ROWS]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistency = sum(1 for record in records if len(record) == width) / len(records)
        score = (consistency, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_records(data: bytes, encoding: str, delimiter: str) -> _RawRows:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ReadError(_MSG_CSV, row=number + 1) from error
        number += 1
        yield number, record


# -- XLSX -----------------------------------------------------------------------------------------------------------

_WORKBOOK_PART = "xl/workbook.xml"
_BATCH = 1024


class _PrologueDone(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The root element started: no DTD can follow."""


def _open_xlsx(data: bytes, limits: Mapping[str, int]) -> tuple[str, _RawRows]:
    _check_archive(data, limits)
    try:
        with _quiet():
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ReadError(_MSG_DAMAGED) from error
    sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
    if sheet is None:
        workbook.close()
        raise ReadError(_MSG_NO_SHEET)
    sheet.reset_dimensions()  # a wrong <dimension> tag would otherwise truncate the rows silently
    return sheet.title, _xlsx_rows(workbook, sheet)


def _check_archive(data: bytes, limits: Mapping[str, int]) -> None:
    """Check the ZIP directory and every part's XML prologue before openpyxl opens anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ReadError(_MSG_NOT_SPREADSHEET) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > limits["max_zip_entries"]:
            raise ReadError(_MSG_TOO_MANY_PARTS, max=limits["max_zip_entries"])
        if sum(entry.file_size for entry in entries) > limits["max_uncompressed_bytes"]:
            raise ReadError(_MSG_UNPACKED_TOO_BIG, max_mb=_mib(limits["max_uncompressed_bytes"]))
        if _WORKBOOK_PART not in archive.NameToInfo:
            raise ReadError(_MSG_NOT_SPREADSHEET)
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise ReadError(_MSG_ZIP_ENCRYPTED)
        for entry in entries:
            if not entry.is_dir():
                _check_prologue(archive, entry)


def _check_prologue(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Parse the part with expat up to its root element; reject a DOCTYPE (hence any entity declaration).

    Expat reads the part in the encoding it declares (UTF-8, UTF-16, Latin-1 ...), as the real parser will, so a
    DTD can't hide behind an encoding the way it could from a plain byte search. Parts that aren't XML (images)
    stop at the first syntax error, exactly where the real parser would stop too; an encoding expat can't read is
    refused. Only the prologue is read: no DTD can follow the root element's start tag.
    """

    def dtd(*_args: object) -> None:
        raise ReadError(_MSG_DTD)

    def root(*_args: object) -> None:
        raise _PrologueDone

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    parser.ExternalEntityRefHandler = dtd
    parser.StartElementHandler = root
    try:
        with archive.open(entry) as part:
            while chunk := part.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _PrologueDone:
        return
    except expat.ExpatError as error:
        if error.code in _ENCODING_ERRORS:
            raise ReadError(_MSG_DAMAGED) from error
    except (LookupError, UnicodeError) as error:  # an encoding Python doesn't know, or bytes that don't fit it
        raise ReadError(_MSG_DAMAGED) from error
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError) as error:
        raise ReadError(_MSG_DAMAGED) from error


_ENCODING_ERRORS = frozenset(
    expat.errors.codes[message]
    for message in (expat.errors.XML_ERROR_UNKNOWN_ENCODING, expat.errors.XML_ERROR_INCORRECT_ENCODING)
)


def _xlsx_rows(workbook: Any, sheet: Any) -> _RawRows:
    """The sheet's rows, numbered from 1 (openpyxl fills gaps between rows with empty ones), closed when done."""
    try:
        rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        number = 0
        while True:
            try:
                with _quiet():
                    batch = list(itertools.islice(rows, _BATCH))
            except Exception as error:  # damaged sheet XML, bad cell references ...
                raise ReadError(_MSG_DAMAGED) from error
            if not batch:
                return
            for values in batch:
                number += 1
                yield number, values
    finally:
        workbook.close()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence openpyxl's notes about features it drops (data validation, drawings ...) while it reads.

    Used around openpyxl calls only, batch by batch, never across a ``yield`` to the caller.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        yield
