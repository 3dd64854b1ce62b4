"""Workbook downloads with a proper file name and content type. Every export's content comes from its area's
``workbooks.py``; the file is built in memory (sheets are streamed by openpyxl, the zipped result of a typical
export is a few megabytes)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO

from flask import Response

from exports.workbook import XLSX_MIME


def xlsx_download(write: Callable[[IO[bytes]], object], filename: str) -> Response:
    """``write`` fills a binary file; the response carries it as an attachment named ``filename``."""
    buffer = io.BytesIO()
    write(buffer)
    response = Response(buffer.getvalue(), mimetype=XLSX_MIME)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
