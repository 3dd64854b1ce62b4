"""``omtanke jobs purge``: finished files are kept ``OMTANKE_JOB_FILES_DAYS`` days, then deleted (the page then says
the file has expired); jobs that never finished are failed."""

from __future__ import annotations

from datetime import timedelta

from survey_app.db import db, utcnow
from survey_app.jobs.commands import jobs_cli
from survey_app.jobs.runner import job_file
from survey_app.models import Job


def _done(owner, job_id: str, days_ago: int) -> str:
    finished = utcnow() - timedelta(days=days_ago)
    db.session.add(Job(id=job_id, kind="plans", owner_id=owner.id, status="done", step="done",
                       result_name="plans.xlsx", result_rows=1, created_at=finished, finished_at=finished))  # fmt: skip
    db.session.commit()
    job_file(job_id).parent.mkdir(parents=True, exist_ok=True)
    job_file(job_id).write_bytes(b"PK")
    return job_id


def test_old_files_are_deleted_and_the_page_says_the_file_has_expired(app, client, login, make):
    owner = make.user("hr")
    old, recent = _done(owner, "d" * 32, days_ago=8), _done(owner, "e" * 32, days_ago=6)
    login(client, owner)
    assert client.get(f"/jobs/{old}/download").status_code == 200
    result = app.test_cli_runner().invoke(jobs_cli, ["purge"])
    assert result.exit_code == 0 and "Deleted 1 job files older than 7 days" in result.output, result.output
    assert not job_file(old).exists() and job_file(recent).exists()
    assert client.get(f"/jobs/{old}/download").status_code == 404
    page = client.get(f"/jobs/{old}").get_data(as_text=True)
    assert "The file has expired" in page and f"/jobs/{old}/download" not in page
    assert client.get(f"/jobs/{old}/status").get_json()["expired"] is True
    assert f"/jobs/{recent}/download" in client.get(f"/jobs/{recent}").get_data(as_text=True)


def test_the_retention_follows_the_setting_and_the_option(app, make):
    owner = make.user("hr")
    job_id = _done(owner, "f" * 32, days_ago=3)
    app.config["OMTANKE_JOB_FILES_DAYS"] = 5
    assert "Deleted 0 job files older than 5 days" in app.test_cli_runner().invoke(jobs_cli, ["purge"]).output
    assert job_file(job_id).exists()
    assert "Deleted 1 job files" in app.test_cli_runner().invoke(jobs_cli, ["purge", "--days", "2"]).output
    assert not job_file(job_id).exists()


def test_jobs_that_never_finished_are_failed(app, make):
    owner = make.user("hr")
    long_ago, now = utcnow() - timedelta(days=2), utcnow()
    db.session.add_all([
        Job(id="1" * 32, kind="plans", owner_id=owner.id, status="running", created_at=long_ago),
        Job(id="2" * 32, kind="plans", owner_id=owner.id, status="queued", created_at=now),
    ])  # fmt: skip
    db.session.commit()
    result = app.test_cli_runner().invoke(jobs_cli, ["purge"])
    assert "1 unfinished jobs failed" in result.output
    assert db.session.get(Job, "1" * 32).error == "interrupted" and db.session.get(Job, "2" * 32).status == "queued"
