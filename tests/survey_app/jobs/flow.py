"""Driving a background job like a person does: follow an export page's download link to a file counted large, follow
the job's status, fetch the file."""

from __future__ import annotations

import io
import time

from openpyxl import load_workbook

from survey_app.db import db
from survey_app.jobs import services
from tests.clock import TODAY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def start(client, page: str | None, link: str) -> str:
    """Follow the download link ``link`` on ``page`` (it must be there; None: go straight to it) with every export
    counted too large to write in the request; returns the id of the job it was sent to."""
    if page is not None:
        html = client.get(page).get_data(as_text=True)
        assert f'href="{link}"' in html.replace("&amp;", "&"), f"no download link {link} on {page}"
    response = large(client, link)
    assert response.status_code == 303, response.status_code
    assert response.location.startswith("/jobs/"), response.location
    return response.location.rsplit("/", 1)[1]


def large(client, url: str, rows: int = -1):
    """GET ``url`` with OMTANKE_DOWNLOAD_INLINE_ROWS at ``rows`` (below 0: every export is too large to write in
    the request)."""
    config = client.application.config
    kept, config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = config["OMTANKE_DOWNLOAD_INLINE_ROWS"], rows
    try:
        return client.get(url)
    finally:
        config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = kept


def wait_for(client, job_id: str, timeout: float = 60) -> dict:
    """The job's JSON status once it has finished (done or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        found = client.get(f"/jobs/{job_id}/status").get_json()
        if found["status"] in ("done", "failed"):
            return found
        assert time.monotonic() < deadline, f"job still {found['status']} after {timeout} s: {found}"
        time.sleep(0.05)


def download(client, url: str, mimetype: str = XLSX) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == mimetype and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    return response.data


def sheets(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values by sheet name: what a reader sees, not the zip's bytes (which hold timestamps)."""
    book = load_workbook(io.BytesIO(data))
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    finally:
        book.close()


def unit_with_a_plan(make):
    """A unit with one action plan of one step: something for the plans export to write."""
    home = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    make.case(home, steps=[{"next_follow_up_on": TODAY}])
    return home


def begin(user, kind: str, **parameters) -> str:
    """Start a job as ``user`` the way a page does; returns its id with the test's transaction closed (on SQLite
    an open one would hold the write lock the job needs to report progress)."""
    job_id = services.start_export(user, kind, "en", **parameters)
    db.session.commit()
    return job_id
