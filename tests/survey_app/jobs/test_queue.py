"""Where jobs run: the app's own threads without Redis, RQ with a worker when ``REDIS_URL`` is set, and the threads
again when Redis is configured but down — a request never waits for the work and never fails for the queue."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from survey_app.db import db
from survey_app.jobs.commands import worker_command
from survey_app.jobs.queue import QUEUE_NAME
from tests.survey_app.jobs.flow import begin, download, sheets, start, unit_with_a_plan, wait_for

# Jobs here run on the app's threads or an RQ worker: they read only what the test has committed.
pytestmark = pytest.mark.commits


@pytest.fixture
def planner(make):
    """An HR specialist with one unit's action plan to export."""
    unit_with_a_plan(make)
    return make.user("hr")


def _same_as_direct(client, job_id: str) -> None:
    status = wait_for(client, job_id)
    assert status["status"] == "done", status
    assert sheets(download(client, status["download"])) == sheets(download(client, "/plans/export.xlsx"))


def test_without_redis_a_job_runs_on_one_of_the_apps_threads(app, client, login, make, fake_kind):
    where = {}

    def write(actor, parameters, target, today, on_sheet):
        where["thread"] = threading.current_thread().name
        from exports.workbook import write_workbook

        return write_workbook(target, [], on_sheet=on_sheet)

    fake_kind("where", write)
    owner = make.user("hr")
    login(client, owner)
    job_id = begin(owner, "where")
    assert wait_for(client, job_id)["status"] == "done"
    assert where["thread"].startswith("omtanke-job") and where["thread"] != threading.current_thread().name


def test_the_thread_path_gives_the_direct_downloads_workbook(app, client, login, planner):
    login(client, planner)
    _same_as_direct(client, start(client, "/plans/", "/plans/export.xlsx"))


def _queued_ids(redis_url: str) -> list[str]:
    connection = Redis.from_url(redis_url)
    try:
        return Queue(QUEUE_NAME, connection=connection).job_ids
    finally:
        connection.close()


def test_with_redis_the_job_waits_on_rq_until_a_worker_runs_it(app, client, login, planner, redis_url):
    app.config["REDIS_URL"] = redis_url
    login(client, planner)
    job_id = start(client, "/plans/", "/plans/export.xlsx")
    assert _queued_ids(redis_url) == [job_id]
    assert client.get(f"/jobs/{job_id}/status").get_json()["status"] == "queued"  # nobody runs it in the app
    connection = Redis.from_url(redis_url)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        worked = SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        connection.close()
    assert worked and _queued_ids(redis_url) == []
    _same_as_direct(client, job_id)


def test_omtanke_worker_runs_queued_jobs_in_a_work_horse(app, client, login, planner, redis_url):
    app.config["REDIS_URL"] = redis_url
    login(client, planner)
    job_id = start(client, "/plans/", "/plans/export.xlsx")
    environment = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "OMTANKE_INSTANCE_PATH": app.instance_path,
    }
    command = [sys.executable, "-c", "from survey_app.cli import main; main()", "worker", "--burst"]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert job_id in done.stdout + done.stderr  # the worker took this job
    _same_as_direct(client, job_id)


def test_an_unreachable_redis_falls_back_to_the_apps_threads(app, client, login, planner, caplog):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    login(client, planner)
    with caplog.at_level(logging.WARNING, logger="survey_app.jobs.queue"):
        job_id = start(client, "/plans/", "/plans/export.xlsx")
    assert any("Redis cannot be reached" in record.getMessage() for record in caplog.records)
    _same_as_direct(client, job_id)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "job queue could not be reached" in page and "tell your administrator" in page  # HR is told


def test_answering_does_not_depend_on_the_queue(app, make):
    """Staff answer and send while the configured Redis is down: nothing in answering touches the queue."""
    from survey_app.models import SurveyResponse
    from survey_app.respond import services as answering

    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    survey = make.survey_round(make.unit("Linden", code="SB-1", headcount=20), sections=("hme/motivation",))
    round_unit = survey.units[0]
    draft = answering.start_draft(round_unit, "sv", survey.opens_on).id
    db.session.commit()
    client = app.test_client()
    client.set_cookie(f"omtanke_answer_{round_unit.id}", draft, path="/s/")
    sent = client.post(f"/s/{round_unit.link_token}/p/1", data={"draft": draft, "action": "submit", "hme.hme1": "4"})
    assert sent.status_code == 302 and "/done" in sent.location
    assert db.session.query(SurveyResponse).count() == 1


def test_the_worker_needs_redis(app):
    app.config["REDIS_URL"] = None
    result = app.test_cli_runner().invoke(worker_command, [])
    assert result.exit_code != 0 and "Set REDIS_URL" in result.output
