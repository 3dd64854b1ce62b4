"""``omtanke notify`` and the job queue: a test message reaches the server, ``run`` sends what waits and says so,
two ``notify run`` processes at once send each message once, and a message handed to the queue in a request goes
out once, on RQ or on the app's threads."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import func, select, update

from survey_app.db import db, utcnow
from survey_app.jobs.queue import QUEUE_NAME
from survey_app.mail import delivery
from survey_app.mail.outbox import queue_mail
from survey_app.models import OutgoingMail
from survey_app.notify import run as notify_run
from survey_app.notify.commands import notify_cli
from tests.clock import TODAY


def _notify(app, *arguments: str):
    return app.test_cli_runner().invoke(notify_cli, list(arguments))


def _record(address: str) -> int:
    mail_id = queue_mail("test", address, to=address).id  # read before the commit: after it, a read begins anew
    db.session.commit()
    return mail_id


def _status(mail_id: int) -> tuple[str, str | None]:
    """The message's status and last error, read in a transaction that ends at once (a sender needs the lock)."""
    row = db.session.execute(
        select(OutgoingMail.status, OutgoingMail.last_error).where(OutgoingMail.id == mail_id)
    ).one()
    db.session.commit()
    return row.status, row.last_error


def test_notify_test_reaches_the_mail_server(app, smtp_server):
    result = _notify(app, "test", "admin@example.org")
    assert result.exit_code == 0, result.output
    assert "Sent: the mail server accepted the test message." in result.output
    (got,) = smtp_server.to("admin@example.org")
    assert got.subject == "Omtanke: test message"
    assert _notify(app, "test", "admin@example.org").exit_code == 0  # a new message each time
    assert len(smtp_server.to("admin@example.org")) == 2


def test_notify_test_says_why_a_message_failed(app, smtp_server):
    smtp_server.refuse("nobody@example.org")
    result = _notify(app, "test", "nobody@example.org")
    assert result.exit_code == 1 and "Failed: recipient_refused." in result.output
    result = _notify(app, "test", "admin@@example.org")
    assert result.exit_code == 1 and "Failed: bad_address." in result.output
    smtp_server.down()
    result = _notify(app, "test", "admin@example.org")
    assert result.exit_code == 1 and "Not sent: connection" in result.output and "notify run" in result.output


def test_notify_test_without_a_mail_server_keeps_the_message_in_the_outbox(app, capsys):
    result = _notify(app, "test", "admin@example.org")
    assert result.exit_code == 0 and "Kept in the outbox" in result.output
    assert db.session.scalar(select(OutgoingMail.status).where(OutgoingMail.to_address == "admin@example.org")) == (
        "outbox"
    )


def test_a_wrong_mail_server_url_is_a_clear_error_and_records_nothing(app, smtp_server):
    app.config["OMTANKE_SMTP_URL"] = "http://mail.example.org"
    for arguments in (("test", "admin@example.org"), ("run",), ("send",)):
        result = _notify(app, *arguments)
        assert result.exit_code != 0 and "OMTANKE_SMTP_URL must start with smtp://" in result.output
        assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


def test_notify_run_sends_what_waits_and_counts_it(app, smtp_server):
    smtp_server.refuse("gone@example.org")
    for address in ("one@example.org", "two@example.org", "gone@example.org"):
        _record(address)
    result = _notify(app, "run")
    assert result.exit_code == 0, result.output
    assert "recorded 0, sent 2, kept in outbox 0, waiting for retry 0, failed 1" in result.output
    result = _notify(app, "run")
    assert "sent 0, kept in outbox 0, waiting for retry 0, failed 0" in result.output
    assert len(smtp_server.messages) == 2


def test_notify_run_records_for_the_day_it_is_given(app, smtp_server, monkeypatch):
    days = []
    monkeypatch.setattr(notify_run, "RULES", (lambda today: days.append(today) or 0,))
    day = TODAY + timedelta(days=3)
    assert _notify(app, "run", "--today", day.isoformat()).exit_code == 0
    assert _notify(app, "run").exit_code == 0
    assert days == [day, TODAY]


def test_notify_send_only_delivers(app, smtp_server):
    _record("waiting@example.org")
    result = _notify(app, "send")
    assert result.exit_code == 0 and result.output.strip() == (
        "sent 1, kept in outbox 0, waiting for retry 0, failed 0"
    )


@pytest.mark.commits
def test_two_notify_runs_at_once_send_every_message_exactly_once(app, smtp_server):
    addresses = [f"person{number}@example.org" for number in range(20)]
    for address in addresses:
        _record(address)
    # Due an hour ago: under faketime (CI's other days) each process's clock starts again at the same moment, so a
    # process started now may read a little earlier than this one recorded.
    db.session.execute(update(OutgoingMail).values(next_attempt_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "OMTANKE_INSTANCE_PATH": app.instance_path,
        "OMTANKE_SMTP_URL": smtp_server.url,
        "OMTANKE_BASE_URL": app.config["OMTANKE_BASE_URL"],
        "OMTANKE_MAIL_FROM": app.config["OMTANKE_MAIL_FROM"],
    }
    command = [sys.executable, "-c", "from survey_app.cli import main; main()", "notify", "run"]
    runs = [
        subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    smtp_server.wait_for(20)
    time.sleep(0.2)  # a message sent twice would arrive by now
    assert sorted(address for got in smtp_server.messages for address in got.recipients) == sorted(addresses)
    sent = [int(stdout.split("sent ")[1].split(",")[0]) for stdout, _stderr in outputs]
    assert sum(sent) == 20
    assert set(db.session.scalars(select(OutgoingMail.status))) == {"sent"}


@pytest.mark.commits
def test_submitted_mail_waits_on_rq_until_a_worker_sends_it_once(app, smtp_server, redis_url):
    app.config.update(REDIS_URL=redis_url, OMTANKE_JOBS_EAGER=False)
    mail_id = _record("reset@example.org")
    delivery.submit([mail_id])
    assert smtp_server.messages == [] and _status(mail_id) == ("queued", None)

    connection = Redis.from_url(redis_url)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        worked = SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        connection.close()
    assert worked
    assert len(smtp_server.to("reset@example.org")) == 1 and _status(mail_id) == ("sent", None)
    assert delivery.deliver_due(utcnow() + timedelta(hours=1)) == delivery.DeliveryReport()  # notify run: nothing
    assert len(smtp_server.messages) == 1


def _wait_for_status(mail_id: int, status: str) -> tuple[str, str | None]:
    deadline = time.monotonic() + 10
    while _status(mail_id)[0] != status and time.monotonic() < deadline:
        time.sleep(0.05)
    return _status(mail_id)


@pytest.mark.commits
@pytest.mark.parametrize("redis", [None, "redis://127.0.0.1:1/0"], ids=["no-redis", "redis-down"])
def test_without_a_reachable_redis_submitted_mail_goes_from_the_apps_threads(app, smtp_server, caplog, redis):
    app.config.update(REDIS_URL=redis, OMTANKE_JOBS_EAGER=False)
    mail_id = _record("thread@example.org")
    with caplog.at_level(logging.WARNING, logger="survey_app.mail.delivery"):
        delivery.submit([mail_id])
        assert _wait_for_status(mail_id, "sent") == ("sent", None)
    assert len(smtp_server.wait_for(1)) == 1 and len(smtp_server.to("thread@example.org")) == 1
    assert any("Redis cannot be reached" in record.getMessage() for record in caplog.records) == bool(redis)


def test_eager_jobs_send_submitted_mail_before_submit_returns(app, smtp_server):
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=True)
    mail_id = _record("eager@example.org")
    delivery.submit([mail_id])
    assert len(smtp_server.to("eager@example.org")) == 1 and _status(mail_id) == ("sent", None)
