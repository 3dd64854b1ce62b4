"""Sending what waits in the outbox: one claim per message, one SMTP connection per batch, retries with a growing
pause, and the console instead of a server when none is configured (``make run``).

Every message is claimed before it is sent: one UPDATE from ``queued`` to ``sending`` in a short write transaction
of its own (as ``jobs.runner.record`` does; SQLite's write lock is held for that statement only, never while the
server talks), so two ``omtanke notify run`` processes, or a run and a job sending a reset link, never send one
message twice. While it is ``sending``, ``next_attempt_at`` holds the moment it was claimed: a message left so for
``STALE_AFTER`` (its sender died) is taken back to ``queued`` at the start of the next pass.

What an attempt ends in:
- sent: ``sent`` with ``sent_at``; its secret (a reset link) is emptied;
- no SMTP server configured: ``outbox``, written whole to the console (the developer's own terminal);
- a link past its ``expires_at``: ``failed``/``expired``, never sent late;
- an address that is not one, or one the server refuses for good (5xx): ``failed``/``bad_address`` or
  ``recipient_refused``; the rest of the batch goes on;
- the server down, a timeout, a 4xx: ``queued`` again after ``BACKOFF_MINUTES``, ``failed``/``gave_up`` after
  ``MAX_ATTEMPTS``. When the server or connection fails, every message claimed with it is rescheduled at once.

The log says which message (id and kind) ended how; never its address, subject, body or link.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app, has_app_context
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from survey_app.db import db, reset_write_intent, set_write_intent, utcnow, write_transaction
from survey_app.jobs.queue import QUEUE_NAME, local_pool, redis_connection
from survey_app.mail import render, smtp
from survey_app.mail.secrets import unseal
from survey_app.models import OutgoingMail

log = logging.getLogger(__name__)

#: Messages claimed and sent over one connection at a time.
BATCH = 50
#: The pause before the 1st, 2nd, 3rd … retry; the last one repeats.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
#: Attempts after which a message is given up (``failed``/``gave_up``): about 13 hours of trying.
MAX_ATTEMPTS = 8
#: A message ``sending`` for longer than this was left by a sender that died: it is queued again.
STALE_AFTER = timedelta(minutes=15)
#: Seconds an RQ worker may spend on one delivery job.
JOB_TIMEOUT_SECONDS = 10 * 60


@dataclass(frozen=True)
class DeliveryReport:
    """What one pass of sending did: how many messages went, stayed in the outbox, wait for a retry or failed."""

    sent: int = 0
    kept: int = 0  # in the outbox (no SMTP server configured)
    retrying: int = 0
    failed: int = 0


def deliver_due(now: datetime) -> DeliveryReport:
    """Send every queued message whose time has come (oldest first, in batches); one claim per message, so no
    message is sent twice. A wrong OMTANKE_SMTP_URL raises ValueError before anything is claimed."""
    sending = _Pass(now, smtp_settings())
    with _only_reading():
        _take_back_stale(now)
        after = 0
        while ids := _due_ids(now, after):
            after = ids[-1]
            sending.batch(ids)
    return sending.report()


def deliver(mail_ids: Iterable[int], now: datetime) -> DeliveryReport:
    """Send just these messages if they are still queued and due (a reset link, ``omtanke notify test``)."""
    sending = _Pass(now, smtp_settings())
    ids = sorted(set(mail_ids))
    with _only_reading():
        for start in range(0, len(ids), BATCH):
            sending.batch(ids[start : start + BATCH])
    return sending.report()


def submit(mail_ids: Iterable[int]) -> None:
    """Hand messages recorded in a request (a reset link) to the job queue once the caller has committed, so that
    the request returns at once: RQ when REDIS_URL is set, else the app's threads (also when Redis cannot be
    reached, with a warning), inside the call with OMTANKE_JOBS_EAGER."""
    ids = sorted(set(mail_ids))
    if not ids:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("OMTANKE_JOBS_EAGER"):
        deliver_in_context(app, ids)
        return
    url = app.config.get("REDIS_URL")
    if url:
        from redis import RedisError  # only an installation with Redis loads its client (and RQ)
        from rq import Queue

        try:
            Queue(QUEUE_NAME, connection=redis_connection(app, url)).enqueue(
                "survey_app.mail.delivery.run_queued",
                ids,
                job_timeout=JOB_TIMEOUT_SECONDS,
                result_ttl=0,  # the outcome is on the messages' rows
                failure_ttl=7 * 24 * 3600,
                description=f"omtanke mail {','.join(map(str, ids))}",
            )
            return
        except RedisError as error:
            log.warning("Redis cannot be reached (%s): mail %s is sent from this process", type(error).__name__, ids)
    local_pool(app).submit(deliver_in_context, app, ids)


def run_queued(mail_ids: list[int]) -> None:
    """What an RQ worker runs: ``omtanke worker``, whose work horses have the app's context."""
    if not has_app_context():
        raise RuntimeError("mail jobs run under `omtanke worker` (the app's context), not a bare `rq worker`")
    deliver_in_context(current_app._get_current_object(), mail_ids)  # type: ignore[attr-defined]


def deliver_in_context(app: Flask, mail_ids: list[int]) -> None:
    """Send the messages in an app context (and session) of their own; never raises, a failure is logged."""
    with app.app_context():
        try:
            deliver(mail_ids, utcnow())
        except Exception:  # noqa: BLE001 - a job must never take its thread or worker down
            log.exception("Mail %s could not be sent or recorded", mail_ids)
        finally:
            db.session.remove()


@contextmanager
def _only_reading() -> Iterator[None]:
    """The session only reads while messages are sent (on SQLite without the write lock, which the short claims and
    outcomes take in transactions of their own); what the caller recorded is committed first."""
    db.session.commit()
    token = set_write_intent(False)
    try:
        yield
        db.session.commit()  # ends the last read: the caller sees every outcome
    finally:
        reset_write_intent(token)


def smtp_settings() -> smtp.SmtpSettings | None:
    """The mail server this app sends to, or None (the outbox); a ValueError when its settings are wrong."""
    config = current_app.config
    return smtp.configured(
        config.get("OMTANKE_SMTP_URL"), config.get("OMTANKE_BASE_URL"), config.get("OMTANKE_SMTP_TIMEOUT")
    )


def _due_ids(now: datetime, after: int) -> list[int]:
    """The next batch of queued, due messages after id ``after``; ends the session's read at once."""
    ids = list(
        db.session.scalars(
            select(OutgoingMail.id)
            .where(OutgoingMail.status == "queued", OutgoingMail.next_attempt_at <= now, OutgoingMail.id > after)
            .order_by(OutgoingMail.id)
            .limit(BATCH)
        )
    )
    db.session.commit()  # the session only read: no snapshot is held while the batch is sent
    return ids


def _change(mail_id: int, expected: str, *conditions, **values: object) -> bool:
    """Change one message in a short transaction of its own, only if its status is still ``expected``."""
    with write_transaction(), db.engine.begin() as connection:
        changed = connection.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail_id, OutgoingMail.status == expected, *conditions)
            .values(**values)
        )
    return changed.rowcount == 1


def _take_back_stale(now: datetime) -> None:
    """Queue again the messages whose sender died while sending them (claimed more than ``STALE_AFTER`` ago)."""
    with write_transaction(), db.engine.begin() as connection:
        taken = connection.execute(
            update(OutgoingMail)
            .where(OutgoingMail.status == "sending", OutgoingMail.next_attempt_at < now - STALE_AFTER)
            .values(status="queued", attempts=OutgoingMail.attempts + 1, last_error="interrupted")
        ).rowcount
    if taken:
        log.warning("%s messages left sending by a sender that stopped are queued again", taken)


def _claim(ids: Sequence[int], now: datetime) -> list[OutgoingMail]:
    """Claim each due message for this sender (queued → sending) and load the ones it got."""
    claimed = [
        mail_id
        for mail_id in ids
        if _change(mail_id, "queued", OutgoingMail.next_attempt_at <= now, status="sending", next_attempt_at=now)
    ]
    if not claimed:
        return []
    query = select(OutgoingMail).where(OutgoingMail.id.in_(claimed)).order_by(OutgoingMail.id)
    return list(
        db.session.scalars(query.options(selectinload(OutgoingMail.user)).execution_options(populate_existing=True))
    )


@dataclass(frozen=True)
class _Ready:
    """A claimed message written out, with what recording its outcome needs: no database object is held."""

    id: int
    kind: str
    attempts: int
    to: str
    locale: str
    rendered: render.Rendered | None


def _valid_address(address: str) -> bool:
    """Whether ``address`` is an e-mail address by its form (no DNS look-up: a mail server's refusal says the rest)."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


class _Pass:
    """One pass of sending at ``now``: its batches, what became of each message, and whether the server failed (the
    later batches of the pass are then rescheduled at once, without waiting for the server again)."""

    def __init__(self, now: datetime, settings: smtp.SmtpSettings | None) -> None:
        self.now = now
        self.settings = settings
        self.tally: Counter[str] = Counter()
        self.server_failure: smtp.Failure | None = None

    def report(self) -> DeliveryReport:
        """What the pass did, counted by outcome."""
        tally = self.tally
        return DeliveryReport(tally["sent"], tally["outbox"], tally["queued"], tally["failed"])

    def batch(self, ids: Sequence[int]) -> None:
        """Claim, check, write out and send (or keep) one batch, recording each message's outcome."""
        ready = [
            written
            for mail in _claim(ids, self.now)
            if self._fit_to_send(mail) and (written := self._write_out(mail)) is not None
        ]
        db.session.commit()  # the session only read: it holds nothing while the server talks
        if self.settings is None:
            for mail in ready:
                self._keep_in_outbox(mail)
        elif self.server_failure is not None:
            for mail in ready:
                self._failed_attempt(mail, self.server_failure)
        elif ready:
            self._send(ready, self.settings)

    def _fit_to_send(self, mail: OutgoingMail) -> bool:
        """False (and the message failed) when its link expired, its address is not one, or its secret cannot be
        read any more (SECRET_KEY changed since)."""
        if mail.expires_at is not None and mail.expires_at < self.now:
            reason = "expired"
        elif not _valid_address(mail.to_address):
            reason = "bad_address"
        elif mail.secret and unseal(mail.secret) is None:
            reason = "secret_unreadable"
        else:
            return True
        self._finish(mail.id, mail.kind, "failed", attempts=mail.attempts + 1, last_error=reason, secret=None)
        return False

    def _write_out(self, mail: OutgoingMail) -> _Ready | None:
        """The message in its language; None (and a retry later) when its template fails."""
        ready = _Ready(mail.id, mail.kind, mail.attempts, mail.to_address, mail.locale, None)
        try:
            return replace(ready, rendered=render.render(mail))
        except Exception:  # noqa: BLE001 - one broken template must not hold up the batch
            log.exception("Mail %s (%s) could not be written out", mail.id, mail.kind)
            self._failed_attempt(ready, smtp.Failure("template"))
            return None

    def _keep_in_outbox(self, mail: _Ready) -> None:
        """No server is configured: write the message to the console, whole, and keep it in the outbox."""
        rule = "─" * 72
        print(
            f"\n{rule}\nOmtanke outbox: message {mail.id} ({mail.kind}); no SMTP server is set (OMTANKE_SMTP_URL)\n"
            f"To: {mail.to}\nSubject: {mail.rendered.subject}\n\n{mail.rendered.text.strip()}\n{rule}\n",
            file=sys.stderr,
            flush=True,
        )
        self._finish(mail.id, mail.kind, "outbox", secret=None, last_error=None)

    def _send(self, mails: list[_Ready], settings: smtp.SmtpSettings) -> None:
        """Send the batch over one connection; when the server or connection fails, every message not yet sent is
        rescheduled at once, and so are the pass's later batches."""
        sender = current_app.config["OMTANKE_MAIL_FROM"]
        waiting = list(mails)
        try:
            with smtp.connection(settings) as client:
                while waiting:
                    mail = waiting[0]
                    message = smtp.build_message(mail.rendered, mail.to, sender, mail.locale, self.now)
                    try:
                        smtp.send(client, message, sender, mail.to)
                    except Exception as error:  # noqa: BLE001 - every error is classified and recorded
                        if smtp.classify(error).server:
                            raise
                        self._failed_attempt(waiting.pop(0), smtp.classify(error))
                        continue
                    waiting.pop(0)
                    self._finish(mail.id, mail.kind, "sent", sent_at=self.now, secret=None, last_error=None)
        except Exception as error:  # noqa: BLE001 - the server's trouble: everything unsent waits for the next pass
            self.server_failure = smtp.classify_connecting(error)
            log.warning("Mail server %s:%s: %s (%s)", settings.host, settings.port, self.server_failure.key,
                        type(error).__name__)  # fmt: skip
            for mail in waiting:
                self._failed_attempt(mail, self.server_failure)

    def _failed_attempt(self, mail: _Ready, failure: smtp.Failure) -> None:
        """A failure for good, or a retry after the pause its attempts call for (given up after ``MAX_ATTEMPTS``)."""
        attempts = mail.attempts + 1
        if failure.permanent or attempts >= MAX_ATTEMPTS:
            reason = failure.key if failure.permanent else "gave_up"
            self._finish(mail.id, mail.kind, "failed", attempts=attempts, last_error=reason, secret=None)
            return
        retry_at = self.now + timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])
        self._finish(mail.id, mail.kind, "queued", attempts=attempts, last_error=failure.key, next_attempt_at=retry_at)

    def _finish(self, mail_id: int, kind: str, status: str, **values: object) -> None:
        """Record how the attempt ended (only if this sender still holds the message), count and log it."""
        if _change(mail_id, "sending", status=status, **values):
            self.tally[status] += 1
            reason = values.get("last_error")
            log.info("Mail %s (%s): %s%s", mail_id, kind, status, f" ({reason})" if reason else "")
