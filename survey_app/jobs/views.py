"""A person's downloads prepared in the background: one job's page (status and progress, refreshing itself while it
runs, the download when done), its JSON status for scripts, the file, and "My downloads", the list of their recent
jobs that the menu links to.

Only the job's owner and administrators see a job; anyone else gets 404. A download route sends a large export here
(``survey_app.exporting.delivery``); a job's label comes from its kind in the export registry.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from survey_app.access import ANY_ROLE, roles_required
from survey_app.db import db
from survey_app.downloads import download_name, file_download
from survey_app.exporting.delivery import offer_background
from survey_app.exporting.kinds import UnknownExportKindError, export_kind
from survey_app.jobs import services
from survey_app.models import Job

bp = Blueprint("jobs", __name__, url_prefix="/jobs", template_folder="templates")
bp.record_once(lambda state: offer_background(state.app, services.export_in_background))  # large exports come here
_JOB_ID = re.compile(r"[0-9a-f]{32}")

STATUS_LABELS = {"queued": _l("Waiting"), "running": _l("Running"), "done": _l("Ready"), "failed": _l("Failed")}
ERRORS = {
    "refused": _l("This export is not available to you: it covers units outside your access, or what it exports "
                  "no longer exists or is not open for export."),
    "failed": _l("The export could not be prepared. The error has been logged; try again later or ask an "
                 "administrator."),
    "interrupted": _l("The work stopped before it was finished (a restart, or it took too long). Start it again."),
}  # fmt: skip


def step_text(job: Job) -> str:
    """What the job is doing, in the reader's language."""
    if job.status == "failed":
        return str(ERRORS.get(job.error or "", ERRORS["failed"]))
    if job.step == "writing" and job.progress_total:
        return _("Writing sheet %(n)d of %(total)d", n=job.progress_done + 1, total=job.progress_total)
    texts = {"queued": _("Waiting for its turn"), "collecting": _("Collecting the data"), "done": _("Ready")}
    return texts.get(job.step, _("Running"))


def _job(job_id: str) -> Job:
    job = db.session.get(Job, job_id) if _JOB_ID.fullmatch(job_id) else None
    if job is None or not services.can_see(current_user, job):
        abort(404)
    return job


@bp.get("/")
@roles_required(*ANY_ROLE)
def jobs():
    """The caller's own recent jobs, "My downloads" in the menu (every role)."""
    jobs = services.recent_jobs(current_user)
    ready = {job.id for job in jobs if services.file_ready(job)}
    return render_template("jobs/jobs.html", jobs=jobs, ready=ready, days=services.retention_days(), **_helpers())


@bp.get("/<job_id>")
@roles_required(*ANY_ROLE)
def job(job_id: str):
    """One job's page: status and progress, refreshing while it runs, then the download (its owner, admins)."""
    job = _job(job_id)
    return render_template(
        "jobs/job.html",
        job=job,
        refreshing=job.status in ("queued", "running") and request.args.get("refresh") != "off",
        ready=services.file_ready(job),
        expired=services.file_expired(job),
        days=services.retention_days(),
        **_helpers(),
    )


@bp.get("/<job_id>/status")
@roles_required(*ANY_ROLE)
def status(job_id: str):
    """A job's status as JSON for scripts, with the download address once ready (its owner, admins)."""
    job = _job(job_id)
    ready = services.file_ready(job)
    return jsonify(
        id=job.id,
        kind=job.kind,
        status=job.status,
        step=job.step,
        progress={"done": job.progress_done, "total": job.progress_total},
        message=step_text(job),
        error=job.error,
        rows=job.result_rows,
        expired=services.file_expired(job),
        download=url_for("jobs.download", job_id=job.id) if ready else None,
    )


@bp.get("/<job_id>/download")
@roles_required(*ANY_ROLE)
def download(job_id: str):
    """A finished job's file (its owner, admins); 404 once the purge has removed it."""
    job = _job(job_id)
    if not services.file_ready(job):
        abort(404)
    # Read whole, as the direct downloads are built (a few megabytes): no file handle outlives the request.
    path = services.job_file(job.id)
    return file_download(
        lambda target: target.write(path.read_bytes()), job.result_name or download_name(job.kind, None)
    )


def kind_label(kind: str):
    """What the job page calls a job's kind: its registered label, else (a kind no longer offered) its name."""
    try:
        return export_kind(kind).label
    except UnknownExportKindError:
        return kind


def _helpers() -> dict:
    return {
        "kind_label": kind_label,
        "job_status_label": lambda status: STATUS_LABELS.get(status, status),
        "step_text": step_text,
    }
