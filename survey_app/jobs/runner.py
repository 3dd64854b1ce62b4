"""Running one job: claim it, act as its owner, write the file while reporting progress, and record how it ended.

The same function runs a job wherever it runs — on an RQ worker, in a thread of the app, or inside the request in
tests — always in an app context of its own: a fresh session, and a fresh ``g`` so that no unit scope cached for
another request is reused. The owner is loaded again and the job's kind, from the export registry, runs its area's
workbook function as them: their role and unit scope apply exactly as in the download route.

On SQLite the job only reads in its session, without taking the write lock: an export can take 20 seconds and answers
must keep being stored meanwhile. Every status change is a short write transaction of its own on a separate
connection, as an audit entry of a read is. A failure is logged with its traceback; the job keeps only a key for a
translated message.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import func, update

from survey_app.access import NotAllowedError
from survey_app.db import db, reset_write_intent, set_write_intent, utcnow, write_transaction
from survey_app.exporting.kinds import export_kind
from survey_app.models import Job, User

log = logging.getLogger(__name__)

#: Seconds between two progress writes while sheets are being written (the first and the last are always written).
PROGRESS_INTERVAL = 1.0


def job_folder() -> Path:
    """Where job files are written: ``instance/jobs``."""
    return Path(current_app.instance_path) / "jobs"


def job_file(job_id: str) -> Path:
    """Where a job's finished file lives (the id is a uuid in hex, checked by the views: no path gets in)."""
    return job_folder() / f"{job_id}.xlsx"


def execute(app: Flask, job_id: str) -> None:
    """Run the job ``job_id`` if it is still queued; never raises (a failure is recorded on the job and logged)."""
    with app.app_context():
        token = set_write_intent(False)
        try:
            _run(job_id)
        except Exception:  # noqa: BLE001 - a job must never take its thread or worker down
            log.exception("Job %s could not be run or recorded", job_id)
        finally:
            db.session.remove()
            reset_write_intent(token)


def _run(job_id: str) -> None:
    if not record(job_id, ("queued",), status="running", step="collecting", started_at=utcnow()):
        return  # another runner has it, or it is gone
    job = db.session.get(Job, job_id)
    if job is None:
        return
    kind, owner_id = job.kind, job.owner_id  # for the log, after a rollback has expired the job
    partial = job_file(job_id).with_suffix(".part")
    try:
        export = export_kind(kind)
        owner = db.session.get(User, owner_id)
        if owner is None or not owner.active:
            raise NotAllowedError
        stored = job.parameters
        today = date.fromisoformat(stored["today"])
        parameters = export.parameters(stored)  # a round deleted since the job was asked for is not allowed
        partial.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with force_locale(stored.get("locale") or app_locale()), partial.open("wb") as target:
            rows = export.run(owner, parameters, target, today, SheetProgress(job_id))
        partial.replace(job_file(job_id))
    except NotAllowedError:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        log.info("Job %s (%s) refused: not allowed for user %s", job_id, kind, owner_id)
        record(job_id, ("running",), status="failed", step="failed", error="refused", finished_at=utcnow())
        return
    except Exception:
        db.session.rollback()
        partial.unlink(missing_ok=True)
        log.exception("Job %s (%s) failed", job_id, kind)
        record(job_id, ("running",), status="failed", step="failed", error="failed", finished_at=utcnow())
        return
    done = {"progress_done": func.coalesce(Job.progress_total, 0), "result_rows": rows, "finished_at": utcnow()}
    record(job_id, ("running",), status="done", step="done", result_name=export.filename(parameters, today), **done)


def app_locale() -> str:
    """The installation's default language, for a job stored without one."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def record(job_id: str, expected: tuple[str, ...], **values: object) -> bool:
    """Change the job in a short transaction of its own, only if its status is one of ``expected``; True if it
    changed. Claiming a queued job this way lets only one runner start it."""
    with write_transaction(), db.engine.begin() as connection:
        changed = connection.execute(update(Job).where(Job.id == job_id, Job.status.in_(expected)).values(**values))
    return changed.rowcount == 1


def interrupt(job_id: str) -> None:
    """The process running the job died (an RQ work horse killed for its timeout or memory): fail the job."""
    job_file(job_id).with_suffix(".part").unlink(missing_ok=True)
    record(job_id, ("queued", "running"), status="failed", step="failed", error="interrupted", finished_at=utcnow())


class SheetProgress:
    """The workbook's ``on_sheet`` callback: "writing sheet 3 of 40", written at most once a second."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self._last = 0.0

    def __call__(self, number: int, total: int) -> None:
        """Record that sheet ``number`` of ``total`` is being written; in between, at most once a second."""
        now = time.monotonic()
        if 1 < number < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        record(self.job_id, ("running",), step="writing", progress_done=number - 1, progress_total=total)
