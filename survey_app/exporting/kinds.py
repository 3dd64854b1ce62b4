"""The export kinds: one registry of every workbook (and deck) Omtanke exports, read by the download routes, the
background jobs and ``omtanke export`` alike.

A kind says what it is called (its name, which a job stores and ``omtanke export`` takes; its label, which the job
page shows), what it takes (a survey or an interview round, a unit to narrow it to, a period to cut it by), how its
file is named and what type of file it is (``download_name``, ``suffix``: the same wherever the file is made), which
roles may run it, its writer: the area's workbook function, which still applies unit scope and anonymity itself and
raises ``NotAllowedError`` for anything the actor may not see, and, for a kind whose file can grow large, its
estimate: about how many rows the workbook will hold, counted without writing it (``exporting.delivery`` downloads a
small file at once and prepares a large one in the background).

Each area registers its kinds at the end of its ``workbooks.py`` and its export routes use them, so every kind is
registered once the app's blueprints are: in the web process, an RQ worker and the CLI, which all build the app.
This module never imports an area; an area never bypasses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from flask import Response
from flask_babel import LazyString

from exports.workbook import OnSheet
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.downloads import download_name, file_download
from survey_app.models import InterviewRound, Role, SurveyRound, User

#: The rounds an export can be of, by the word ``omtanke export``'s messages use for them.
ROUNDS: dict[str, type[SurveyRound] | type[InterviewRound]] = {"survey": SurveyRound, "interview": InterviewRound}


@dataclass(frozen=True)
class Parameters:
    """What one export is asked for, as its kind takes it: the round (loaded), the unit, the period."""

    of_round: SurveyRound | InterviewRound | None = None
    unit: int | None = None  # the unit it is narrowed to, with the units below it; None: all the actor may see
    period: str | None = None


#: (actor, parameters, target, today, on_sheet) → rows written
Writer = Callable[[User, Parameters, IO[bytes], date, OnSheet | None], int]
#: (actor, parameters, today) → about how many rows the workbook will hold; refuses as the writer does
Estimator = Callable[[User, Parameters, date], int]


class RoundMissingError(NotAllowedError):
    """The kind is of a round, and no round that exists was given."""


class UnknownExportKindError(ValueError):
    """No export kind of that name is registered."""


@dataclass(frozen=True)
class ExportKind:
    """One kind of export: its name, label, parameters, file name, writer and the roles that may run it."""

    #: What a job stores and ``omtanke export`` takes: "results".
    name: str
    #: What the job page calls it (lazily translated).
    label: LazyString
    #: What its file name says it holds: ``omtanke-<file_word>-…`` (``download_name``).
    file_word: str
    #: Who may run it; the writer still narrows it to their units and suppresses small groups.
    roles: tuple[Role, ...]
    write: Writer
    #: The round it is of: a key of ``ROUNDS``, or None.
    round_kind: str | None = None
    #: Whether it can be narrowed to one unit and the units below it.
    by_unit: bool = True
    #: The periods it can be cut by, the default first; empty: it is not cut by period.
    periods: tuple[str, ...] = ()
    #: About how many rows its workbook will hold, counted cheaply; None: its files are always small.
    estimate: Estimator | None = None
    #: The file type it writes, as its file name's suffix, which also gives its content type (``MIMETYPES``).
    suffix: str = "xlsx"
    #: What the number its writer returns counts, for ``omtanke export``'s message ("rows", "slides").
    counts: str = "rows"

    def parameters(self, values: Mapping[str, Any]) -> Parameters:
        """The plain values a route, job or command holds (``round_id``, ``unit``, ``period``) as this kind takes
        them: its round loaded (``RoundMissingError`` if there is none), what it does not take left out, and a period
        it does not know replaced by its default."""
        of_round = None
        if self.round_kind is not None:
            round_id = values.get("round_id")
            of_round = db.session.get(ROUNDS[self.round_kind], round_id) if round_id is not None else None
            if of_round is None:
                raise RoundMissingError
        period = values.get("period")
        if self.periods and period not in self.periods:
            period = self.periods[0]
        return Parameters(of_round, values.get("unit") if self.by_unit else None, period if self.periods else None)

    def run(
        self, actor: User, parameters: Parameters, target: IO[bytes], today: date, on_sheet: OnSheet | None = None
    ) -> int:
        """Write the workbook for ``actor`` into ``target``; returns the rows written. ``NotAllowedError`` for a role
        that may not run it, and for whatever the writer refuses."""
        if actor.role not in self.roles:
            raise NotAllowedError
        return self.write(actor, parameters, target, today, on_sheet)

    def estimated_rows(self, actor: User, parameters: Parameters, today: date) -> int:
        """About how many rows ``actor``'s workbook would hold (0 for a kind without an estimate); ``NotAllowedError``
        for a role that may not run it, and for whatever the estimate refuses."""
        if actor.role not in self.roles:
            raise NotAllowedError
        return 0 if self.estimate is None else self.estimate(actor, parameters, today)

    def filename(self, parameters: Parameters, today: date) -> str:
        """The file's name, the same for the direct download, the background job and any later run of the day."""
        detail = f"by-{parameters.period}" if parameters.period else None
        return download_name(
            self.file_word,
            today,
            of_round=parameters.of_round,
            unit_id=parameters.unit,
            detail=detail,
            suffix=self.suffix,
        )


_registered: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    """Add an area's kind to the registry and return it (for the area's routes); a name is registered once."""
    if kind.name in _registered:
        raise ValueError(f"the export kind {kind.name!r} is registered twice")
    _registered[kind.name] = kind
    return kind


def export_kind(name: str) -> ExportKind:
    """The registered kind called ``name``; ``UnknownExportKindError`` for any other name."""
    try:
        return _registered[name]
    except KeyError:
        raise UnknownExportKindError(f"unknown export kind {name!r}") from None


def export_kinds() -> list[ExportKind]:
    """Every registered kind, by name."""
    return [_registered[name] for name in sorted(_registered)]


def send_export(actor: User, kind: ExportKind, today: date, **values: Any) -> Response:
    """The kind's file (a workbook, a deck) for ``actor`` written now, as a download named as its background job
    names it; ``values`` are the plain parameters (``round_id``, ``unit``, ``period``). What the actor may not see
    raises ``NotAllowedError``. The pages' routes call ``exporting.delivery.deliver_export``, which sends a large one
    to the background instead."""
    parameters = kind.parameters(values)
    return file_download(lambda target: kind.run(actor, parameters, target, today), kind.filename(parameters, today))
