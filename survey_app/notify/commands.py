"""``omtanke notify``: reminders by e-mail from the command line — ``run`` for cron, ``send`` for what waits,
``test EMAIL`` to see that mail from this installation reaches people.

``run`` is the one to schedule (every 10 minutes, docs/operations.md): it records what the day's rules call for
and sends everything due, retries included; running it twice, or in two processes at once, sends nothing twice.
"""

from __future__ import annotations

import uuid
from datetime import date

import click
from flask.cli import AppGroup

from survey_app import clock
from survey_app.db import db, utcnow
from survey_app.mail import delivery
from survey_app.mail.outbox import queue_mail
from survey_app.models import OutgoingMail
from survey_app.notify import run as notify_run

notify_cli = AppGroup("notify", help="E-mail reminders: record what is due and send it (cron), or send a test.")

#: What ``omtanke notify test`` says about a message by its status.
OUTCOMES = {
    "sent": "Sent: the mail server accepted the test message.",
    "outbox": "Kept in the outbox: no mail server is set (OMTANKE_SMTP_URL); the message is printed above.",
}


def _sending(action):
    """Run ``action``; a wrong mail setting (OMTANKE_SMTP_URL) becomes a clear error instead of a traceback."""
    try:
        return action()
    except ValueError as error:
        raise click.ClickException(str(error)) from error


def _delivered(report: delivery.DeliveryReport) -> str:
    return (
        f"sent {report.sent}, kept in outbox {report.kept}, waiting for retry {report.retrying}, failed {report.failed}"
    )


@notify_cli.command("run", help="Record the reminders due today and send every message that waits (cron).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day whose reminders to record (default: today in OMTANKE_TIMEZONE).",
)
def run_command(today) -> None:
    """Record what the rules call for on the day, then send what is due; prints what was done."""
    day: date = today.date() if today is not None else clock.today()
    report = _sending(lambda: notify_run.run(day, utcnow()))
    click.echo(f"recorded {report.recorded}, {_delivered(report.delivery)}")


@notify_cli.command("send", help="Send the messages that wait (retries included), recording nothing new.")
def send_command() -> None:
    """Only deliver: what is queued and due is sent, kept in the outbox, rescheduled or failed."""
    click.echo(_delivered(_sending(lambda: delivery.deliver_due(utcnow()))))


@notify_cli.command("test", help="Send a test message to EMAIL at once and say what became of it.")
@click.argument("email")
def test_command(email: str) -> None:
    """Record a test message to ``email`` and deliver it now; exits with status 1 when it was not sent or kept."""
    _sending(delivery.smtp_settings)  # a wrong setting is told before anything is recorded
    mail_id = queue_mail("test", uuid.uuid4().hex, to=email.strip()).id
    db.session.commit()
    _sending(lambda: delivery.deliver([mail_id], utcnow()))
    mail = db.session.get(OutgoingMail, mail_id)
    if mail.status in OUTCOMES:
        click.echo(OUTCOMES[mail.status])
        return
    if mail.status == "queued":
        click.echo(
            f"Not sent: {mail.last_error} (the mail server could not take it now; `omtanke notify run` tries again "
            f"from {mail.next_attempt_at:%Y-%m-%d %H:%M} UTC).",
            err=True,
        )
    else:
        click.echo(f"Failed: {mail.last_error}.", err=True)
    raise SystemExit(1)
