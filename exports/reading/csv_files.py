"""CSV uploads: the encoding (UTF-16 with a BOM, UTF-8, Windows-1252), the delimiter, and the records."""

from __future__ import annotations

import codecs
import csv
import io
import itertools

from exports.reading import errors
from exports.reading.errors import ReadError
from exports.reading.limits import CHUNK
from exports.reading.rows import RawRows

_SNIFF_ROWS = 100
_DELIMITERS = ("\t", ";", ",")  # order breaks exact ties: a tab is rarely accidental, Swedish Excel writes ";"
_MARKUP_STARTS = ("<?xml", "<!doctype", "<html", "<table", "<workbook")


def open_csv(data: bytes) -> RawRows:
    """The records of a CSV file, numbered from 1, after its encoding and delimiter are found."""
    encoding = _detect_encoding(data)
    complete = len(data) <= CHUNK
    sample = codecs.getincrementaldecoder(encoding)().decode(data[:CHUNK], final=complete)
    if sample.lstrip().casefold().startswith(_MARKUP_STARTS) or _looks_binary(sample):
        raise ReadError(errors.NOT_SPREADSHEET)
    delimiter = _sniff_delimiter(sample, complete=complete)
    return _csv_records(data, encoding, delimiter)


def _detect_encoding(data: bytes) -> str:
    """UTF-16 with a byte-order mark (Excel's "Unicode text"), else UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            _validate(data, "utf-16")
        except UnicodeDecodeError as error:
            raise ReadError(errors.ENCODING) from error
        return "utf-16"
    if b"\x00" in data:
        raise ReadError(errors.NOT_SPREADSHEET)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            _validate(data, encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError(errors.ENCODING)


def _validate(data: bytes, encoding: str) -> None:
    """Decode chunk by chunk without keeping the text; NUL characters mean binary data."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), CHUNK):
        if "\x00" in decoder.decode(view[start : start + CHUNK]):
            raise ReadError(errors.NOT_SPREADSHEET)
    if "\x00" in decoder.decode(b"", final=True):
        raise ReadError(errors.NOT_SPREADSHEET)


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


def _csv_records(data: bytes, encoding: str, delimiter: str) -> RawRows:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ReadError(errors.CSV, row=number + 1) from error
        number += 1
        yield number, record
