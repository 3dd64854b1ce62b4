"""Survey results too large to download at once, prepared in the background: the same workbooks as the direct
downloads, the reader's scope, and a job that only its owner (and admin) can see."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.jobs.runner import job_file
from survey_app.models import Job
from tests.survey_app.jobs.flow import begin, download, large, sheets, start, wait_for


@pytest.fixture(autouse=True)
def eager(app):
    app.config["OMTANKE_JOBS_EAGER"] = True  # the thread and queue paths have their own tests


@pytest.mark.parametrize("export", ["results", "comments"])
def test_a_job_gives_the_same_workbook_as_the_direct_download(client, login, results_world, export):
    survey_id = results_world["survey"].id
    login(client, results_world["hr"])
    job_id = start(client, f"/results/{survey_id}", f"/results/{survey_id}/{export}.xlsx")
    status = wait_for(client, job_id)
    assert status["status"] == "done" and status["download"] == f"/jobs/{job_id}/download", status
    prepared = client.get(status["download"])
    direct = client.get(f"/results/{survey_id}/{export}.xlsx")
    assert prepared.headers["Content-Disposition"] == direct.headers["Content-Disposition"]  # the same file name
    found = sheets(download(client, status["download"]))
    assert found == sheets(download(client, f"/results/{survey_id}/{export}.xlsx"))
    assert status["rows"] > 0 and len(found) >= 1


def test_a_managers_job_holds_only_their_units(client, login, results_world):
    survey_id = results_world["survey"].id
    login(client, results_world["school_manager"])
    job_id = start(client, f"/results/{survey_id}", f"/results/{survey_id}/results.xlsx")
    found = sheets(download(client, wait_for(client, job_id)["download"]))
    text = repr(found)
    assert "Ängsskolan" in text and "Hemtjänst" not in text and "Lokalvård" not in text
    assert set(found) == {"Summary", "Heatmap", "Ängsskolan"}  # no sheet for the whole organisation


def test_a_unit_outside_the_managers_scope_starts_no_job_and_a_job_asked_for_it_fails_with_no_file(
    client, login, results_world
):
    survey_id, big_id = results_world["survey"].id, results_world["big"].id
    manager = results_world["school_manager"]
    login(client, manager)
    assert client.get(f"/results/{survey_id}/results.xlsx?unit={big_id}").status_code == 404  # small or large
    assert large(client, f"/results/{survey_id}/results.xlsx?unit={big_id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    job_id = begin(manager, "results", round_id=survey_id, unit=big_id)  # as a crafted or stale job would be
    status = wait_for(client, job_id)
    assert status["status"] == "failed" and status["error"] == "refused" and status["download"] is None
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "This export is not available to you" in page and "Download" not in page
    assert client.get(f"/jobs/{job_id}/download").status_code == 404
    assert not job_file(job_id).exists() and not job_file(job_id).with_suffix(".part").exists()


def test_only_the_owner_and_admin_see_a_job(client, login, results_world, make, app):
    survey_id = results_world["survey"].id
    other_hr, admin = make.user("hr"), make.user("admin")
    login(client, results_world["hr"])
    job_id = start(client, f"/results/{survey_id}", f"/results/{survey_id}/results.xlsx")
    wait_for(client, job_id)
    assert job_id in client.get("/jobs/").get_data(as_text=True)
    urls = [f"/jobs/{job_id}", f"/jobs/{job_id}/status", f"/jobs/{job_id}/download"]
    for user in (other_hr, results_world["school_manager"], results_world["manager"]):
        other = login(app.test_client(), user)
        assert [other.get(url).status_code for url in urls] == [404, 404, 404], user.email
        assert job_id not in other.get("/jobs/").get_data(as_text=True)
    administrator = login(app.test_client(), admin)
    assert [administrator.get(url).status_code for url in urls] == [200, 200, 200]
    assert client.get("/jobs/not-a-job-id").status_code == 404


@pytest.mark.parametrize("role", ["admin", "hr", "manager", "ohs"])
def test_my_downloads_is_in_every_roles_menu(client, login, make, role):
    login(client, make.user(role))
    menu = client.get("/").get_data(as_text=True).split('<ul class="menu">', 1)[1].split("</ul>", 1)[0]
    assert '<a href="/jobs/">My downloads</a>' in menu


def test_my_downloads_links_a_ready_file_and_explains_where_files_come_from(client, login, results_world):
    survey_id = results_world["survey"].id
    login(client, results_world["hr"])
    job_id = start(client, f"/results/{survey_id}", f"/results/{survey_id}/results.xlsx")
    wait_for(client, job_id)
    page = client.get("/jobs/").get_data(as_text=True)
    assert "<h1>My downloads</h1>" in page and "Small files download at once" in page
    assert f'href="/jobs/{job_id}/download"' in page
