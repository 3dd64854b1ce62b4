"""A job's page while it waits, runs and ends: progress that moves, a page that refreshes itself only while there is
something to wait for, and a failure that says what happened without showing a traceback."""

from __future__ import annotations

import logging
import re
import threading
import time

import pytest

from exports.workbook import Column, Sheet, Table, write_workbook
from survey_app.db import db
from survey_app.jobs.runner import interrupt, job_file
from survey_app.models import Job
from tests.survey_app.jobs.flow import begin, wait_for

# Jobs here run on the app's threads: they read only what the test has committed.
pytestmark = pytest.mark.commits

REFRESH = '<meta http-equiv="refresh" content="2">'


def _wait_for_step(client, job_id: str, step: str) -> dict:
    for _ in range(600):
        found = client.get(f"/jobs/{job_id}/status").get_json()
        if found["step"] == step:
            return found
        time.sleep(0.05)
    raise AssertionError(f"the job never reached {step}: {found}")


def test_progress_moves_and_the_page_refreshes_only_while_the_job_runs(app, client, login, make, fake_kind):
    collected, first_sheet = threading.Event(), threading.Event()

    def write(actor, parameters, target, today, on_sheet):
        collected.wait(30)  # "collecting the data" until the test has looked

        def rows():
            first_sheet.wait(30)
            yield ("a",)

        two = [Sheet("One", [Table([Column("A")], rows())]), Sheet("Two", [Table([Column("A")], [("b",)])])]
        return write_workbook(target, two, on_sheet=on_sheet)

    fake_kind("slow", write)
    owner = make.user("hr")
    login(client, owner)
    try:
        job_id = begin(owner, "slow")
        collecting = _wait_for_step(client, job_id, "collecting")
        assert collecting["status"] == "running" and collecting["progress"] == {"done": 0, "total": None}
        page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
        assert REFRESH in page and "Collecting the data" in page and 'aria-live="polite"' in page
        assert re.search(r"<progress aria-labelledby=\"job-step\">", page)  # indeterminate: no value yet
        collected.set()
        writing = _wait_for_step(client, job_id, "writing")
        assert writing["progress"] == {"done": 0, "total": 2} and writing["message"] == "Writing sheet 1 of 2"
        page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
        assert REFRESH in page and 'max="2" value="0"' in page and "Writing sheet 1 of 2" in page
        assert REFRESH not in client.get(f"/jobs/{job_id}?refresh=off").get_data(as_text=True)  # the reader can stop it
        first_sheet.set()
        done = wait_for(client, job_id)
    finally:
        collected.set()
        first_sheet.set()
    assert done["status"] == "done" and done["progress"] == {"done": 2, "total": 2} and done["rows"] == 2
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert REFRESH not in page and 'max="1" value="1"' in page
    assert f'href="/jobs/{job_id}/download"' in page and "slow.xlsx" in page


def test_a_waiting_job_says_so_and_refreshes(app, client, login, make):
    owner = make.user("manager")
    job = Job(id="b" * 32, kind="plans", owner_id=owner.id)  # recorded, not yet taken by any runner
    db.session.add(job)
    db.session.commit()
    login(client, owner)
    page = client.get(f"/jobs/{'b' * 32}").get_data(as_text=True)
    assert REFRESH in page and "Waiting for its turn" in page and "Action plans" in page
    assert "Action plans" in client.get("/jobs/").get_data(as_text=True)


def test_a_failing_job_shows_failed_with_a_message_and_no_file(app, client, login, make, fake_kind, caplog):
    def write(actor, parameters, target, today, on_sheet):
        target.write(b"half a file")
        raise RuntimeError("secret detail from deep inside")

    fake_kind("broken", write)
    owner = make.user("hr")
    login(client, owner)
    with caplog.at_level(logging.ERROR, logger="survey_app.jobs.runner"):
        job_id = begin(owner, "broken")
        status = wait_for(client, job_id)
    assert status["status"] == "failed" and status["error"] == "failed" and status["download"] is None
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The export could not be prepared" in page and REFRESH not in page
    assert "secret detail" not in page and "Traceback" not in page and "<progress" not in page
    assert client.get(f"/jobs/{job_id}/download").status_code == 404
    assert not job_file(job_id).exists() and not job_file(job_id).with_suffix(".part").exists()
    logged = [record for record in caplog.records if job_id in record.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])  # the log has it all


def test_a_job_whose_work_horse_was_killed_is_failed(app, client, login, make):
    owner = make.user("hr")
    db.session.add(Job(id="c" * 32, kind="plans", owner_id=owner.id, status="running", step="writing"))
    db.session.commit()
    interrupt("c" * 32)
    login(client, owner)
    status = client.get(f"/jobs/{'c' * 32}/status").get_json()
    assert status["status"] == "failed" and status["error"] == "interrupted"
    assert "Start it again" in client.get(f"/jobs/{'c' * 32}").get_data(as_text=True)
