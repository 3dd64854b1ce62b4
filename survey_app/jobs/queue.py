"""Where jobs run: on the RQ queue "omtanke" when ``REDIS_URL`` is set (``omtanke worker`` takes them), else in a
small pool of threads inside this app process, so that the request that starts a job returns at once either way.

Nothing a respondent does depends on the queue: if Redis cannot be reached when a job is handed over, it runs in this
process instead and a warning is logged. ``OMTANKE_JOBS_EAGER`` runs jobs inside the request (tests, debugging).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_app_context

from survey_app.db import db
from survey_app.jobs.runner import execute
from survey_app.models import Job

if TYPE_CHECKING:
    from redis import Redis

log = logging.getLogger(__name__)

QUEUE_NAME = "omtanke"
#: Threads per app process on the embedded default: enough for a couple of exports, never enough to starve requests.
LOCAL_THREADS = 2
#: An RQ work horse running longer than this is killed and its job failed.
JOB_TIMEOUT_SECONDS = 30 * 60
_pool_lock = threading.Lock()


def submit(job_id: str) -> None:
    """Hand a recorded, queued job over to whatever runs jobs in this installation."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("OMTANKE_JOBS_EAGER"):
        execute(app, job_id)
        return
    url = app.config.get("REDIS_URL")
    if url:
        from redis import RedisError  # only an installation with Redis loads its client (and RQ)

        try:
            enqueue(redis_connection(app, url), job_id)
            return
        except RedisError as error:
            log.warning("Redis cannot be reached (%s): job %s runs in this process", type(error).__name__, job_id)
            _note_queue_down(job_id)
    local_pool(app).submit(execute, app, job_id)


def _note_queue_down(job_id: str) -> None:
    """Mark the job so that its page tells the person the queue is down (and to tell the administrator)."""
    # The request's own session: on SQLite it may already hold the write lock a second connection would wait for.
    job = db.session.get(Job, job_id)
    job.parameters = {**job.parameters, "queue_down": True}
    db.session.commit()


def redis_connection(app: Flask, url: str) -> Redis:
    """One client per app and URL (its connection pool is opened on first use); short timeouts, so that a Redis
    that is down costs a request two seconds at most before the job runs in the process instead."""
    from redis import Redis

    clients = app.extensions.setdefault("omtanke_job_redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return clients[url]


def enqueue(connection: Redis, job_id: str) -> None:
    """Put the job on RQ under its own id; the worker calls ``run_queued`` by name."""
    from rq import Queue

    Queue(QUEUE_NAME, connection=connection).enqueue(
        "survey_app.jobs.queue.run_queued",
        job_id,
        job_id=job_id,
        job_timeout=JOB_TIMEOUT_SECONDS,
        result_ttl=0,  # the outcome is on the job's row; RQ keeps nothing
        failure_ttl=7 * 24 * 3600,
        description=f"omtanke job {job_id}",
    )


def run_queued(job_id: str) -> None:
    """What an RQ worker runs: ``omtanke worker``, whose work horses have the app's context. A bare ``rq worker``
    is refused: building the app here would make this module depend on every area (the respondent's pages on
    results among them, which the import contracts forbid)."""
    if not has_app_context():
        raise RuntimeError("jobs run under `omtanke worker` (the app's context), not a bare `rq worker`")
    execute(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def local_pool(app: Flask) -> ThreadPoolExecutor:
    """The app's job threads, started on first use (after a server has forked its workers)."""
    with _pool_lock:
        pool = app.extensions.get("omtanke_job_pool")
        if pool is None:
            pool = app.extensions["omtanke_job_pool"] = ThreadPoolExecutor(LOCAL_THREADS, "omtanke-job")
        return pool
