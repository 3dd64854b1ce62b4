"""Downloads: every file's name, and workbooks sent with a proper content type.

``download_name`` is the one place a download's file name is made, for the direct routes and for the background
jobs that prepare the same export: what it holds (kind, round, unit, period or person), then the day it was made,
in characters that are safe in any file system and header (å, ä, ö folded to a, a, o; no spaces or quotes). Two
different downloads never share a name, so the second never overwrites the first in a download folder.

Every export's content comes from its area's ``workbooks.py`` (or a deck's module); the file is built in memory (sheets
are streamed by openpyxl, the zipped result of a typical export is a few megabytes) and sent with the content type its
file name's suffix says (``MIMETYPES``).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import IO

from flask import Response

from exports.deck import PPTX_MIME
from exports.workbook import XLSX_MIME
from survey_app.db import db
from survey_app.models import InterviewRound, SurveyRound, Unit

#: The content type of each kind of file an export writes, by the file name's suffix.
MIMETYPES = {"xlsx": XLSX_MIME, "pptx": PPTX_MIME}
#: The longest piece a title contributes to a file name (the whole name stays well under any system's limit).
TITLE_MAX = 40


def slug(text: str, limit: int = TITLE_MAX) -> str:
    """``Pulsmätning november 2026`` → ``pulsmatning-november-2026``: ASCII letters, digits and single hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:limit].strip("-")


def download_name(
    kind: str,
    day: date | None,
    *,
    of_round: SurveyRound | InterviewRound | None = None,
    unit_id: int | None = None,
    detail: str | None = None,
    suffix: str = "xlsx",
) -> str:
    """``omtanke-<kind>[-round-<id>-<title>][-unit-<code>][-<detail>][-<day>].<suffix>``.

    ``unit_id`` is the unit the file is narrowed to (none: everything the reader may see); ``detail`` says anything
    else that sets it apart (the indicators' period, a person's id).
    """
    parts = ["omtanke", kind]
    if of_round is not None:
        parts += ["round", str(of_round.id), slug(of_round.title)]
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    if unit is not None:
        parts += ["unit", slug(unit.code)]
    if detail:
        parts.append(slug(detail))
    if day is not None:
        parts.append(day.isoformat())
    return "-".join(part for part in parts if part) + "." + suffix


def file_download(write: Callable[[IO[bytes]], object], filename: str) -> Response:
    """``write`` fills a binary file; the response carries it as an attachment named ``filename``, with the content
    type of its suffix (a workbook's unless the suffix is another of ``MIMETYPES``)."""
    buffer = io.BytesIO()
    write(buffer)
    mimetype = MIMETYPES.get(filename.rpartition(".")[2].lower(), XLSX_MIME)
    response = Response(buffer.getvalue(), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def xlsx_download(write: Callable[[IO[bytes]], object], filename: str) -> Response:
    """A workbook as an attachment named ``filename`` (``file_download``)."""
    return file_download(write, filename)
