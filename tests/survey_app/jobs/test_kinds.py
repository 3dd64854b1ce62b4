"""Every other export kind, when it is too large to download at once, gives from its job what its direct download
gives, for the same person."""

from __future__ import annotations

import pytest

from tests.survey_app.jobs.flow import download, sheets, start, unit_with_a_plan, wait_for


@pytest.fixture(autouse=True)
def eager(app):
    app.config["OMTANKE_JOBS_EAGER"] = True


@pytest.fixture
def people(make):
    home = unit_with_a_plan(make)
    return {"hr": make.user("hr"), "manager": make.user("manager", units=(home,))}


@pytest.mark.parametrize(
    ("page", "direct"),
    [
        ("/plans/", "/plans/export.xlsx"),
        ("/indicators/?kind=quarter", "/indicators/export.xlsx?kind=quarter"),
        (None, "/absence/export.xlsx"),  # the page offers it once data is imported
    ],
)
def test_each_kind_gives_the_direct_downloads_workbook(client, login, people, page, direct):
    login(client, people["hr"])
    job_id = start(client, page, direct)
    status = wait_for(client, job_id)
    assert status["status"] == "done", status
    assert sheets(download(client, status["download"])) == sheets(download(client, direct))


def test_a_managers_absence_job_is_their_own_scoped_download(client, login, people):
    login(client, people["manager"])
    status = wait_for(client, start(client, None, "/absence/export.xlsx"))
    assert status["status"] == "done", status
    assert sheets(download(client, status["download"])) == sheets(download(client, "/absence/export.xlsx"))


def test_the_interview_compilation_job_matches_the_download(client, interview, fill_interview):
    fill_interview(client, interview)
    page = f"/interviews/{interview.id}/compilation"
    job_id = start(client, page, f"/interviews/{interview.id}/compilation.xlsx")
    status = wait_for(client, job_id)
    assert status["status"] == "done", status
    found = sheets(download(client, status["download"]))
    assert found == sheets(download(client, f"/interviews/{interview.id}/compilation.xlsx"))
    assert "Restiden räknas inte" not in repr(found)  # raw notes never leave Omtanke, in a job neither
