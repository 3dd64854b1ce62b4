"""HR's weekly digest: once per person and week, to HR only, with counts of new absence signals, overdue steps,
missed follow-ups and cases left without activity — and never an employee's id, name or figure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db, utcnow
from survey_app.mail.delivery import deliver_due
from survey_app.mail.render import render
from survey_app.models import AuditEvent, CaseStage, NotificationChoice
from survey_app.notify.commands import notify_cli
from survey_app.notify.digest import queue_due
from tests.clock import LAST_MONTH, TODAY, TWO_MONTHS_AGO
from tests.survey_app.notify.recorded import mails, run_rule

#: Employees of the test's absence data: none of these may reach a message.
EMPLOYEES = ("EMP-7731", "EMP-9045", "EMP-5108")


def _ago(days: int):
    return TODAY - timedelta(days=days)


@pytest.fixture
def world(make):
    """Hemtjänst Centrum and two more units; two HR specialists, an administrator and a manager. Absence: EMP-9045's
    three spells long ago (a warning, already last week), EMP-7731's fourth spell three days ago (the omtankesamtal
    is new; the warning it replaces was there last week), EMP-5108's third short spell in a month (the Swedish
    warning and the Finnish early-support signal, both new): three new signals."""
    unit = make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    other = make.unit("Förskolan Solrosen", code="BUF-1", headcount=20)
    third = make.unit("Kostenheten", code="KOST", headcount=8)
    for back in (300, 250, 200):
        make.spell("EMP-9045", unit, _ago(back), _ago(back))
        make.spell("EMP-7731", unit, _ago(back), _ago(back))
    make.spell("EMP-7731", unit, _ago(3), _ago(3))
    for back in (20, 10, 2):
        make.spell("EMP-5108", other, _ago(back), _ago(back))
    return {
        "unit": unit,
        "other": other,
        "third": third,
        "hr": make.user("hr", email="hr@example.org", locale="en"),
        "other_hr": make.user("hr", email="hr2@example.org", locale="en"),
        "admin": make.user("admin", email="admin@example.org", locale="en"),
        "manager": make.user("manager", units=(unit,), email="chef@example.org", locale="en"),
    }


def _run(day=TODAY) -> int:
    return run_rule(queue_due, day)


def _plans(make, world):
    """An overdue step and a missed follow-up in a case opened today; a case untouched for 60 days; one with a stage
    reached 10 days ago; a closed one."""
    make.case(
        world["unit"],
        [
            {"due_on": _ago(5), "next_follow_up_on": TODAY + timedelta(days=3)},
            {"due_on": TODAY + timedelta(days=10), "next_follow_up_on": _ago(2)},
        ],
    )
    make.case(world["other"], opened_on=_ago(60))
    active = make.case(world["third"], opened_on=_ago(60))
    db.session.add(CaseStage(case_id=active.id, stage="contact", reached_on=_ago(10)))
    make.case(world["third"], opened_on=_ago(90), closed_on=_ago(40))
    db.session.commit()


def test_every_hr_specialist_gets_the_counts_and_nobody_else_does(make, world):
    _plans(make, world)
    assert _run() == 2
    assert {mail.to_address for mail in mails()} == {"hr@example.org", "hr2@example.org"}
    mail = mails()[0]
    assert mail.kind == "hr_digest" and mail.link_path == "/plans/"
    assert {key: mail.params[key] for key in ("person_signals", "overdue_steps", "missed_follow_ups")} == {
        "person_signals": 3,
        "overdue_steps": 1,
        "missed_follow_ups": 1,
    }
    assert mail.params["inactive_cases"] == 1
    text = render(mail).text
    assert "You have 3 new signals about people's absence." in text
    assert "1 plan step is overdue." in text and "1 follow-up of a plan step was missed." in text
    assert "1 open case has had no activity for 30 days." in text
    assert "/absence/signals" in text and "/plans/" in text


def test_no_employee_id_reaches_the_subject_the_text_or_the_html(make, world):
    _plans(make, world)
    _run()
    for mail in mails():
        message = render(mail)
        for shown in (message.subject, message.text, message.html, str(mail.params)):
            assert not any(employee in shown for employee in EMPLOYEES)


def test_a_signal_there_last_week_is_not_new(make, world):
    make.spell("EMP-9045", world["unit"], _ago(100), _ago(100))  # its fourth spell, 100 days ago: not new
    _run()
    assert mails()[0].params["person_signals"] == 3


def test_once_a_week_however_often_cron_runs(make, world):
    _plans(make, world)
    assert _run() == 2
    assert _run() == 0
    end_of_week = TODAY + timedelta(days=6 - TODAY.weekday())
    assert _run(end_of_week) == 0
    assert len(mails()) == 2
    assert _run(TODAY + timedelta(days=7)) == 2
    assert len(mails()) == 4


def test_a_week_with_nothing_to_tell_sends_nothing(make):
    make.user("hr", email="hr@example.org")
    make.case(make.unit("Hemtjänst Centrum"))  # opened today: not inactive, no step due
    assert _run() == 0
    assert mails() == []


def test_an_hr_specialist_who_turned_the_digest_off_gets_none(make, world):
    db.session.add(NotificationChoice(user_id=world["other_hr"].id, kind="hr_digest", enabled=False))
    db.session.commit()
    _run()
    assert {mail.to_address for mail in mails()} == {"hr@example.org"}


def test_units_with_high_short_term_absence_count_in_the_week_their_month_becomes_the_latest(app, make, world):
    app.config["OMTANKE_ABSENCE_RULES"] = {"unit_absolute_pct": 0.5}
    for month in (TWO_MONTHS_AGO, LAST_MONTH):
        make.staffing(world["third"], month, 8)
    make.spell("EMP-KOST", world["third"], LAST_MONTH + timedelta(days=2), LAST_MONTH + timedelta(days=6))
    _run()
    week_before_same_month = (TODAY - timedelta(days=7)).month == TODAY.month
    assert mails()[0].params["unit_signals"] == (0 if week_before_same_month else 1)
    if not week_before_same_month:
        assert "1 unit has a new signal of high short-term absence." in render(mails()[0]).text


def test_the_weekly_run_records_no_read_in_anyones_name(app, make, world, smtp_server):
    """The counts are the system's, for a message holding only numbers: nobody read a signal or a figure."""
    _plans(make, world)
    result = app.test_cli_runner().invoke(notify_cli, ["run"])
    assert result.exit_code == 0, result.output
    assert mails("hr_digest")[0].params["person_signals"] == 3
    reads = db.session.scalars(select(AuditEvent).where(AuditEvent.action.contains("read")))
    assert [(event.action, event.actor_label) for event in reads] == []


@pytest.mark.commits
def test_the_digest_arrives_through_the_mail_server(make, world, smtp_server):
    _plans(make, world)
    _run()
    deliver_due(utcnow())
    smtp_server.wait_for(2)
    [received] = smtp_server.to("hr@example.org")
    assert received.subject == "Omtanke: your weekly digest"
    assert "https://omtanke.example.org/absence/signals" in received.text
    assert "https://omtanke.example.org/plans/" in received.html
    assert "You have 3 new signals" in received.text
    for shown in (received.subject, received.text, received.html):
        assert not any(employee in shown for employee in EMPLOYEES)
    assert smtp_server.to("chef@example.org") == [] and smtp_server.to("admin@example.org") == []
