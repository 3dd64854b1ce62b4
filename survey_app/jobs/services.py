"""Jobs as people use them: start an export in the background, find a job one may see, list one's own, and remove
files past their retention.

The export pages start a job with ``start_in_background``, behind their own route's role guard and the same checks
as their direct download; the job runs the same registered export kind (``survey_app.exporting.kinds``).

A job is visible to the person who started it and to administrators, to nobody else (the views answer 404, so job
ids cannot be probed). Its file is ``instance/jobs/<id>.xlsx``: written under a temporary name and renamed when
complete, so a half-written file is never offered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Response, current_app, redirect, url_for
from flask_babel import get_locale
from sqlalchemy import select, update

from survey_app import clock
from survey_app.db import db
from survey_app.exporting.kinds import ExportKind, export_kind
from survey_app.jobs.queue import submit
from survey_app.jobs.runner import job_file, job_folder
from survey_app.models import Job, Role, User

RECENT = 20  # jobs listed on a person's page
#: A job still queued or running this long after it was asked for has lost its worker (a restart): it is failed.
STALE_AFTER = timedelta(days=1)


def start_export(actor: User, kind: str, locale: str, **parameters: object) -> str:
    """Record an export job for ``actor``, hand it to a runner and return its id at once. ``locale`` is the language
    the person reads now, so that the file's headings match the page they started it from. An unknown ``kind``
    raises ``UnknownExportKindError`` (a ValueError)."""
    export_kind(kind)
    values = {key: value for key, value in parameters.items() if value is not None}
    job_id = uuid.uuid4().hex  # kept aside: reading job.id after the commit begins a transaction (a SQLite lock)
    job = Job(
        id=job_id,
        kind=kind,
        owner_id=actor.id,
        parameters={**values, "locale": locale, "today": clock.today().isoformat()},
    )
    db.session.add(job)
    db.session.commit()
    submit(job_id)
    return job_id


def start_in_background(actor: User, kind: ExportKind, **parameters: object) -> Response:
    """Start an export job for ``actor`` in the language of the page they read; answer with the job's page."""
    job_id = start_export(actor, kind.name, str(get_locale()), **parameters)
    return redirect(url_for("jobs.job", job_id=job_id))


def retention_days() -> int:
    """How many days a finished job's file is kept: OMTANKE_JOB_FILES_DAYS."""
    return current_app.config["OMTANKE_JOB_FILES_DAYS"]


def can_see(user: User, job: Job) -> bool:
    """Whether the user may see the job: its owner, or an administrator."""
    return job.owner_id == user.id or user.role == Role.ADMIN.value


def recent_jobs(user: User) -> list[Job]:
    """The user's own latest ``RECENT`` jobs, newest first."""
    query = select(Job).where(Job.owner_id == user.id).order_by(Job.created_at.desc(), Job.id).limit(RECENT)
    return list(db.session.scalars(query))


def file_ready(job: Job) -> bool:
    """Whether the job is done and its file is still there to download."""
    return job.status == "done" and job_file(job.id).exists()


def file_expired(job: Job) -> bool:
    """Done, but its file has been removed by ``omtanke jobs purge``."""
    return job.status == "done" and not job_file(job.id).exists()


@dataclass(frozen=True)
class Purged:
    """What a purge did: job files deleted, and unfinished jobs marked failed."""

    files: int
    interrupted: int


def purge(now: datetime, days: int) -> Purged:
    """Delete the files of jobs that finished more than ``days`` ago (and leftovers of interrupted writes), and mark
    jobs that never finished as failed. The rows stay: who exported what, and when, remains visible."""
    cutoff = now - timedelta(days=days)
    old = db.session.scalars(select(Job.id).where(Job.status == "done", Job.finished_at < cutoff))
    files = 0
    for job_id in old:
        path = job_file(job_id)
        if path.exists():
            path.unlink()
            files += 1
    folder = job_folder()
    if folder.exists():
        for partial in folder.glob("*.part"):
            if datetime.fromtimestamp(partial.stat().st_mtime, UTC).replace(tzinfo=None) < now - STALE_AFTER:
                partial.unlink(missing_ok=True)
    stale = update(Job).where(Job.status.in_(("queued", "running")), Job.created_at < now - STALE_AFTER)
    interrupted = db.session.execute(
        stale.values(status="failed", step="failed", error="interrupted", finished_at=now)
    ).rowcount
    db.session.commit()
    return Purged(files, interrupted)
