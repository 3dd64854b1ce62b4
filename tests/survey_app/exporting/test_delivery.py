"""One way to get a file: a small export downloads at once, a large one goes to a background job whose page shows
its progress and then the file; asking again while it runs finds the same job, and what may not be exported starts
no job at all."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from exports.workbook import Column, Sheet, Table, write_workbook
from survey_app.access import ANY_ROLE, NotAllowedError
from survey_app.db import db
from survey_app.exporting import kinds
from survey_app.exporting.kinds import ExportKind, register
from survey_app.jobs import services
from survey_app.jobs.runner import execute
from survey_app.models import Job
from survey_app.results.workbooks import COMMENTS, RESULTS
from tests.clock import TODAY
from tests.helpers import html_text
from tests.survey_app.jobs.flow import XLSX, download, sheets

ROWS = 50  # what the test kind says its file will hold
REFRESH = '<meta http-equiv="refresh" content="2">'


@pytest.fixture
def sized(monkeypatch):
    """Register a kind estimated at ``ROWS`` rows for this test only; returns a list: anything in it makes the
    estimate refuse."""
    refuse = []

    def estimate(actor, parameters, today):
        if refuse:
            raise NotAllowedError
        return ROWS

    def write(actor, parameters, target, today, on_sheet):
        return write_workbook(target, [Sheet("Rows", [Table([Column("N", kind="integer")], [(1,), (2,)])])])

    monkeypatch.setattr(kinds, "_registered", dict(kinds._registered))
    register(ExportKind("sized", "A sized export", "sized", ANY_ROLE, write, estimate=estimate))
    return refuse


@pytest.fixture
def waiting(app, monkeypatch):
    """Jobs are recorded but not run until the test runs them (``execute``): a job the test can look at waiting."""
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=False)
    handed_over = []
    monkeypatch.setattr(services, "submit", handed_over.append)
    return handed_over


def _jobs() -> int:
    return db.session.scalar(select(func.count()).select_from(Job))


def test_a_small_export_downloads_at_once(app, client, login, make, sized, waiting):
    app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = ROWS
    login(client, make.user("hr"))
    response = client.get("/exports/sized.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    assert sheets(response.data) == {"Rows": [("N",), (1,), (2,)]}
    assert _jobs() == 0 and waiting == []


def test_a_large_export_goes_to_a_job_whose_page_shows_progress_and_then_links_the_file(
    app, client, login, make, sized, waiting
):
    app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = ROWS - 1
    login(client, make.user("hr"))
    response = client.get("/exports/sized.xlsx")
    assert response.status_code == 303 and re.fullmatch(r"/jobs/[0-9a-f]{32}", response.location)
    job_id = response.location.rsplit("/", 1)[1]
    assert waiting == [job_id]
    page = client.get(response.location).get_data(as_text=True)
    assert REFRESH in page and "Waiting for its turn" in page and f"/jobs/{job_id}/download" not in page
    assert "This file is large, so it is prepared in the background" in page
    db.session.commit()  # the runner reads the job in a session of its own
    execute(app, job_id)
    page = client.get(response.location).get_data(as_text=True)
    assert REFRESH not in page and f'href="/jobs/{job_id}/download"' in page
    assert sheets(download(client, f"/jobs/{job_id}/download")) == {"Rows": [("N",), (1,), (2,)]}


def test_asking_again_while_the_job_waits_finds_the_same_job(app, client, login, make, sized, waiting):
    app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = 0
    login(client, make.user("hr"))
    first, second = client.get("/exports/sized.xlsx"), client.get("/exports/sized.xlsx")
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert _jobs() == 1
    in_finnish = client.get("/exports/sized.xlsx", headers={"Accept-Language": "fi"})
    assert _jobs() == 2 and in_finnish.location != first.location  # its headings are another file


def test_what_may_not_be_exported_starts_no_job(app, client, login, make, sized, waiting):
    app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = 0
    sized.append(True)
    login(client, make.user("hr"))
    assert client.get("/exports/sized.xlsx").status_code == 404
    assert _jobs() == 0 and waiting == []


def test_the_survey_exports_estimate_what_the_reader_may_see(results_world):
    survey = results_world["survey"]
    parameters = RESULTS.parameters({"round_id": survey.id})
    whole = RESULTS.estimated_rows(results_world["hr"], parameters, TODAY)
    school = RESULTS.estimated_rows(results_world["school_manager"], parameters, TODAY)
    assert whole > school > 0  # HR's workbook has a sheet for every unit shown, the school manager's for one
    assert COMMENTS.estimated_rows(results_world["hr"], COMMENTS.parameters({"round_id": survey.id}), TODAY) >= 10
    outside = RESULTS.parameters({"round_id": survey.id, "unit": results_world["big"].id})
    with pytest.raises(NotAllowedError):
        RESULTS.estimated_rows(results_world["school_manager"], outside, TODAY)


def test_the_job_page_says_a_finished_jobs_status_once(app, client, login, make, sized, waiting):
    app.config["OMTANKE_DOWNLOAD_INLINE_ROWS"] = 0
    login(client, make.user("hr"))
    job_id = client.get("/exports/sized.xlsx").location.rsplit("/", 1)[1]
    db.session.commit()
    execute(app, job_id)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    status = re.search(r'<p class="progress-text" id="job-step">(.*?)</p>', page, flags=re.S).group(1)
    assert html_text(status) == "Ready"  # not "Ready – Ready"
