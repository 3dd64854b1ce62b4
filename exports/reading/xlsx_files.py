"""XLSX uploads: the ZIP directory and every part's XML prologue checked first, then the first visible sheet read
with openpyxl in read-only mode, batch by batch."""

from __future__ import annotations

import contextlib
import io
import itertools
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from typing import Any
from xml.parsers import expat

import openpyxl

from exports.reading import errors
from exports.reading.errors import ReadError
from exports.reading.limits import CHUNK, in_mib
from exports.reading.rows import RawRows

_WORKBOOK_PART = "xl/workbook.xml"
_BATCH = 1024


class _PrologueDone(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The root element started: no DTD can follow."""


def open_xlsx(data: bytes, limits: Mapping[str, int]) -> tuple[str, RawRows]:
    """The title and the rows of the workbook's first visible sheet, once the archive has passed its checks."""
    _check_archive(data, limits)
    try:
        with _quiet():
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ReadError(errors.DAMAGED) from error
    sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
    if sheet is None:
        workbook.close()
        raise ReadError(errors.NO_SHEET)
    sheet.reset_dimensions()  # a wrong <dimension> tag would otherwise truncate the rows silently
    return sheet.title, _xlsx_rows(workbook, sheet)


def _check_archive(data: bytes, limits: Mapping[str, int]) -> None:
    """Check the ZIP directory and every part's XML prologue before openpyxl opens anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ReadError(errors.NOT_SPREADSHEET) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > limits["max_zip_entries"]:
            raise ReadError(errors.TOO_MANY_PARTS, max=limits["max_zip_entries"])
        if sum(entry.file_size for entry in entries) > limits["max_uncompressed_bytes"]:
            raise ReadError(errors.UNPACKED_TOO_BIG, max_mb=in_mib(limits["max_uncompressed_bytes"]))
        if _WORKBOOK_PART not in archive.NameToInfo:
            raise ReadError(errors.NOT_SPREADSHEET)
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise ReadError(errors.ZIP_ENCRYPTED)
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
        raise ReadError(errors.DTD)

    def root(*_args: object) -> None:
        raise _PrologueDone

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    parser.ExternalEntityRefHandler = dtd
    parser.StartElementHandler = root
    try:
        with archive.open(entry) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _PrologueDone:
        return
    except expat.ExpatError as error:
        if error.code in _ENCODING_ERRORS:
            raise ReadError(errors.DAMAGED) from error
    except (LookupError, UnicodeError) as error:  # an encoding Python doesn't know, or bytes that don't fit it
        raise ReadError(errors.DAMAGED) from error
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError) as error:
        raise ReadError(errors.DAMAGED) from error


_ENCODING_ERRORS = frozenset(
    expat.errors.codes[message]
    for message in (expat.errors.XML_ERROR_UNKNOWN_ENCODING, expat.errors.XML_ERROR_INCORRECT_ENCODING)
)


def _xlsx_rows(workbook: Any, sheet: Any) -> RawRows:
    """The sheet's rows, numbered from 1 (openpyxl fills gaps between rows with empty ones), closed when done."""
    try:
        rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        number = 0
        while True:
            try:
                with _quiet():
                    batch = list(itertools.islice(rows, _BATCH))
            except Exception as error:  # damaged sheet XML, bad cell references ...
                raise ReadError(errors.DAMAGED) from error
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
