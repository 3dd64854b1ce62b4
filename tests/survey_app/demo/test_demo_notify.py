"""The demo's reminders: ``omtanke notify run`` right after ``omtanke demo`` puts every kind of follow-up reminder in
the outbox (no mail server in ``make run``), each to the demo account responsible, and the managers' round message
and HR's digest the demo's rounds and plans call for; a second run records nothing more."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.models import OutgoingMail
from survey_app.notify.commands import notify_cli

HR = "hr@example.org"
HEMTJANST_MANAGER = "manager5@example.org"


def _outbox() -> dict[str, set[str]]:
    """Each kind recorded, with its recipients."""
    found: dict[str, set[str]] = defaultdict(set)
    for mail in db.session.scalars(select(OutgoingMail)):
        found[mail.kind].add(mail.to_address)
    return found


def test_notify_run_after_seeding_the_demo_puts_each_kind_of_reminder_in_the_outbox(app):
    runner = app.test_cli_runner()
    assert runner.invoke(demo_command).exit_code == 0
    first = runner.invoke(notify_cli, ["run"])
    assert first.exit_code == 0, first.output
    outbox = _outbox()
    assert outbox["step_due_soon"] == {HR}  # documentation time, in two days: HR's own step
    assert outbox["step_due_today"] == {HEMTJANST_MANAGER}  # the manager on site two mornings: their own step
    # The night patrol's alarm times, the unit manager's (a role): missed three days ago. Nobody manages above
    # Hemtjänst's area manager, so the case's HR person is told too.
    assert outbox["step_missed"] == {HEMTJANST_MANAGER, HR}
    assert outbox["round_opens"], "the pulse round opened three days ago: its managers are told"
    assert outbox["hr_digest"] == {HR}, "overdue steps and missed follow-ups for HR's weekly digest"
    recorded = db.session.scalar(select(OutgoingMail.id).order_by(OutgoingMail.id.desc()))
    second = runner.invoke(notify_cli, ["run"])
    assert second.exit_code == 0 and "recorded 0," in second.output
    assert db.session.scalar(select(OutgoingMail.id).order_by(OutgoingMail.id.desc())) == recorded
    statuses = set(db.session.scalars(select(OutgoingMail.status)))
    assert statuses == {"outbox"}, "no mail server in make run: every message waits in the outbox"
