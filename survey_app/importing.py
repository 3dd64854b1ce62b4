"""Uploads into checked rows: the one pipeline every import uses (absence spells and staffing, units and managers).

``exports.reading`` reads the file safely — size limit, format from the content not the name, no XML entities, zip
bombs and wrong dimension tags defused, the first sheet with data. Here its errors become translated domain errors,
columns are found by their accepted names (Swedish, Finnish, English), and every row problem keeps its row number.
An import checks every row and writes nothing while any problem remains: a half-valid file imports nothing.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask_babel import lazy_gettext as _l

from exports.reading import ReadError, guess_columns, iter_table
from survey_app.db import db
from survey_app.errors import DomainError

MAX_PROBLEMS_SHOWN = 1000


@dataclass(frozen=True)
class RowProblem:
    """One reason a row cannot be imported: its row number, column and translatable message."""

    row: int
    column: str
    message: object  # a lazy translatable string


class ImportRejectedError(DomainError):
    """Nothing was imported: ``problems`` lists every row and reason (none when the file itself is unreadable)."""

    def __init__(self, message, problems: list[RowProblem]):
        super().__init__(message)
        self.problems = problems


def nothing_imported(problems: list[RowProblem]) -> ImportRejectedError:
    """The refusal of a whole import for these row problems, counted in its message."""
    message = _l(
        "Nothing was imported. Correct the rows listed and import again (problems found: %(n)d).", n=len(problems)
    )
    return ImportRejectedError(message, problems)


def _unreadable(error: ReadError) -> ImportRejectedError:
    message = _l(error.message, **error.params) if error.params else _l(error.message)
    return ImportRejectedError(message, [])


def open_rows(
    data: bytes, filename: str, fields: Mapping[str, Sequence[str]], required: Sequence[str], max_bytes: int
) -> tuple[tuple[str, ...], dict[str, int | None], Iterator[tuple[int, tuple]]]:
    """(headers, column of each field, lazy rows) of an upload; ``ImportRejectedError`` when it cannot be read or
    lacks a required column. Rows are read as a stream: call again to read the file from the start."""
    try:
        _, _, headers, rows = iter_table(data, filename, max_bytes=max_bytes)
    except ReadError as error:
        raise _unreadable(error) from error
    mapping = guess_columns(headers, fields)
    missing = [name for name in required if mapping.get(name) is None]
    if missing:
        raise ImportRejectedError(_l("The file has no column for: %(columns)s.", columns=", ".join(missing)), [])
    return headers, mapping, rows


def batches(rows: Iterator[tuple[int, tuple]], size: int) -> Iterator[list[tuple[int, tuple]]]:
    """The rows in lists of ``size``; a file that turns out unreadable half-way raises ``ImportRejectedError``."""
    while True:
        try:
            batch = list(itertools.islice(rows, size))
        except ReadError as error:
            raise _unreadable(error) from error
        if not batch:
            return
        yield batch


def exit_rejected(error: ImportRejectedError) -> NoReturn:
    """For the command line: undo, print the reason and every row problem on stderr, exit with status 1."""
    db.session.rollback()
    click.echo(str(error.message), err=True)
    for problem in error.problems:
        click.echo(f"row {problem.row}, {problem.column}: {problem.message}", err=True)
    sys.exit(1)


def upload_folder() -> Path:
    """Where the absence import keeps a checked file between its preview and its import (``absence.views``); the
    retention purge deletes the files whose import was never confirmed (``privacy.retention.stale_uploads``)."""
    return Path(current_app.instance_path) / "uploads"
