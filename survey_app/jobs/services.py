"""Jobs as people use them: start an export in the background, find a job one may see, list one's own, and remove
files past their retention.

An export too large to write inside a request becomes a job through ``export_in_background``
(``survey_app.exporting.delivery`` decides, behind the download route's own role guard and checks); the job runs the
same registered export kind (``survey_app.exporting.kinds``). Asking again for the same file while its job still
waits or runs finds that job instead of starting a second.

A job is visible to the person who started it and to administrators, to nobody else (the views answer 404, so job
ids cannot be probed). Its file is ``instance/jobs/<id>.xlsx``: written under a temporary name and renamed when
complete, so a half-written file is never offered.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from survey_app import clock
from survey_app.db import db
from survey_app.exporting.kinds import export_kind
from survey_app.jobs.queue import submit
from survey_app.jobs.runner import job_file, job_folder
from survey_app.models import Job, Role, User

RECENT = 20  # jobs listed on a person's page
#: A job still queued or running this long after it was asked for has lost its worker (a restart): it is failed.
STALE_AFTER = timedelta(days=1)


def start_export(actor: User, kind: str, locale: str, today: date | None = None, **parameters: object) -> str:
    """Record an export job for ``actor``, hand it to a runner and return its id at once. ``locale`` is the language
    the person reads now, so that the file's headings match the page they started it from; ``today`` the day its
    figures are of (default: the app's today). An unknown ``kind`` raises ``UnknownExportKindError`` (a ValueError)."""
    export_kind(kind)
    job_id = uuid.uuid4().hex  # kept aside: reading job.id after the commit begins a transaction (a SQLite lock)
    job = Job(id=job_id, kind=kind, owner_id=actor.id, parameters=_stored(locale, today or clock.today(), parameters))
    db.session.add(job)
    db.session.commit()
    submit(job_id)
    return job_id


def export_in_background(actor: User, kind: str, locale: str, today: date, **parameters: object) -> str:
    """The id of ``actor``'s job preparing this export: the one still waiting or running for the same kind,
    parameters, language and day (a second click, a reload of the download address), else a new one."""
    wanted = _stored(locale, today, parameters)
    unfinished = (
        select(Job)
        .where(Job.owner_id == actor.id, Job.kind == kind, Job.status.in_(("queued", "running")))
        .order_by(Job.created_at.desc())
        .limit(RECENT)
    )
    for job in db.session.scalars(unfinished):
        if {key: value for key, value in job.parameters.items() if key != "queue_down"} == wanted:
            return job.id
    return start_export(actor, kind, locale, today, **parameters)


def _stored(locale: str, today: date, parameters: dict[str, object]) -> dict[str, object]:
    """A job's stored parameters: the export's own (those given), its language and its day."""
    values = {key: value for key, value in parameters.items() if value is not None}
    return {**values, "locale": locale, "today": today.isoformat()}


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
