"""From raw rows to clean ones: the row and column limits, values stripped and converted, the header row found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence

from exports.reading import errors
from exports.reading.errors import ReadError

Row = tuple[int, tuple[object, ...]]
RawRows = Generator[tuple[int, Sequence[object]], None, None]  # (row number, cell values as read)


def clean_rows(raw_rows: Iterable[tuple[int, Sequence[object]]], limits: Mapping[str, int]) -> Iterator[Row]:
    """Check the limits, convert and strip values, drop trailing empty cells and skip empty rows."""
    max_rows, max_columns = limits["max_rows"], limits["max_columns"]
    for number, raw in raw_rows:
        if number > max_rows:
            raise ReadError(errors.TOO_MANY_ROWS, max=max_rows)
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
            raise ReadError(errors.TOO_MANY_COLUMNS, row=number, max=max_columns)
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


def split_header(rows: Iterator[Row]) -> tuple[tuple[str, ...], Iterator[Row]]:
    """The first row as column names, and the rows after it padded to the header's width."""
    first = next(rows, None)
    if first is None:
        raise ReadError(errors.NO_HEADER)
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
