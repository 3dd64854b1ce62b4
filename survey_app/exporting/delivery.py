"""One way to get a file: a small export downloads at once, a large one is prepared in the background.

Every export link on the pages is a plain link to its area's download route, which answers with
``deliver_export``. The kind estimates how many rows its workbook will hold (``ExportKind.estimate``, counted without
writing it); up to ``OMTANKE_DOWNLOAD_INLINE_ROWS`` the workbook is written inside the request and downloaded, above
that a background job writes it and the person is taken to the job's page, which follows its progress and offers the
file when it is ready (and stays listed under "My downloads"). Asking again while that job runs finds the same job.

The estimate refuses what the writer would refuse (``NotAllowedError``, a 404), so nobody starts a job for a file
they may not have; the job applies the person's role and scope again when it runs. The jobs area offers itself as
the background (``offer_background``, when its blueprint is registered), so this module never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask, Response, current_app, redirect, url_for
from flask_babel import get_locale

from survey_app.exporting.kinds import ExportKind, send_export
from survey_app.models import User

#: (actor, kind name, locale, today, **values) → the id of the job that prepares the file.
Background = Callable[..., str]
_BACKGROUND = "omtanke_background_export"


def offer_background(app: Flask, start: Background) -> None:
    """Let ``start`` prepare this app's large exports (the jobs area calls it when its blueprint is registered)."""
    app.extensions[_BACKGROUND] = start


def inline_rows() -> int:
    """The most rows an export may have and still be written inside the request: OMTANKE_DOWNLOAD_INLINE_ROWS."""
    return current_app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"]


def deliver_export(actor: User, kind: ExportKind, today: date, **values: Any) -> Response:
    """``actor``'s workbook of ``kind``: the file itself when it is small, else the page of the background job that
    prepares it (a "303 See Other", so that reloading that page never asks again). ``values`` are the plain
    parameters (``round_id``, ``unit``, ``period``)."""
    background = current_app.extensions.get(_BACKGROUND)
    if background is None or kind.estimated_rows(actor, kind.parameters(values), today) <= inline_rows():
        return send_export(actor, kind, today, **values)
    job_id = background(actor, kind.name, str(get_locale()), today, **values)
    return redirect(url_for("jobs.job", job_id=job_id), code=303)
