"""``omtanke worker [--burst]`` runs background jobs from Redis; ``omtanke jobs purge`` removes old job files.

The worker is RQ's forking worker: each job runs in a child process (a "work horse") inside a fresh app context, so a
job that hangs past its timeout or runs out of memory is killed without taking the worker down, and its job is marked
failed. Run one or more next to ``omtanke serve``, with the same environment and instance folder (docs/operations.md).
"""

from __future__ import annotations

import click
from flask import current_app

from survey_app.db import db, utcnow
from survey_app.jobs import services
from survey_app.jobs.queue import QUEUE_NAME
from survey_app.jobs.runner import interrupt


@click.command("worker", help="Run background jobs (big exports) from Redis: needs REDIS_URL.")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more jobs.")
def worker_command(burst: bool) -> None:
    """Run queued jobs from Redis, each in a forked work horse, until stopped (``--burst``: until none is left)."""
    from redis import Redis, RedisError  # here: every other command and app process goes without Redis and RQ
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("Set REDIS_URL: without it, jobs run inside the app's own processes (no worker).")
    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisError as error:
        raise click.ClickException(f"Redis cannot be reached: {type(error).__name__}: {error}") from error

    def horse_killed(job, *_details) -> None:
        interrupt(job.id)
        db.session.remove()
        db.engine.dispose()  # the next work horse is forked without this process's database connections

    db.engine.dispose()
    worker = Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection,
                    work_horse_killed_handler=horse_killed)  # fmt: skip
    worker.work(burst=burst, logging_level="INFO")


@click.group("jobs", help="Background jobs.")
def jobs_cli() -> None:
    """Background jobs on the command line: ``omtanke jobs``."""
    pass


@jobs_cli.command("purge", help="Delete job files older than OMTANKE_JOB_FILES_DAYS; fail jobs that never finished.")
@click.option("--days", type=int, help="Keep files this many days (default: OMTANKE_JOB_FILES_DAYS, 7).")
def purge_command(days: int | None) -> None:
    """Delete job files past their retention and fail the jobs that never finished."""
    kept = days if days is not None else services.retention_days()
    purged = services.purge(utcnow(), kept)
    click.echo(f"Deleted {purged.files} job files older than {kept} days; {purged.interrupted} unfinished jobs failed.")
