"""Sending what waits: every message reaches its recipient once, an outage loses nothing, a bad address stops only
itself, a reset link is never sent late nor kept once sent, and without a mail server the console shows the mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import update

from survey_app.db import db, utcnow
from survey_app.mail import delivery, smtp
from survey_app.mail.delivery import DeliveryReport, deliver_due
from survey_app.mail.outbox import queue_mail
from survey_app.models import OutgoingMail

BASE = "https://omtanke.example.org"
RESET = f"{BASE}/reset/s3cr3t-t0ken"


@pytest.fixture
def secret_template(app):
    """The test kind written with its secret link, as a password reset's templates write theirs."""
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader(
                {
                    "mail/test.txt": '{% extends "mail/layout.txt" %}{% block body %}Reset: {{ secret_link }}'
                    "{% endblock %}",
                    "mail/test.html": '{% extends "mail/layout.html" %}{% block body %}<p><a href="{{ secret_link }}">'
                    "Reset</a></p>{% endblock %}",
                }
            ),
            original,
        ]
    )
    yield
    app.jinja_env.loader = original


def _record(key: str, user=None, **values) -> int:
    mail_id = queue_mail("test", key, user, **values).id
    db.session.commit()
    return mail_id


def _row(mail_id: int) -> OutgoingMail:
    db.session.expire_all()
    return db.session.get(OutgoingMail, mail_id)


def test_each_message_arrives_once_with_both_parts_and_links_under_the_base_url(app, make, smtp_server):
    anna = make.user("hr", email="anna@example.org")
    first = _record("hello", anna, link="/plans/cases/12")
    second = _record("hello", to="extern@example.org")
    now = utcnow()

    assert deliver_due(now) == DeliveryReport(sent=2)
    assert deliver_due(now + timedelta(hours=1)) == DeliveryReport()  # a second run sends nothing twice

    assert len(smtp_server.messages) == 2
    (got,) = smtp_server.to("anna@example.org")
    assert got.recipients == ["anna@example.org"] and got.mail_from == "omtanke@example.org"
    assert got.message["To"] == "anna@example.org" and got.message["From"] == "Omtanke <omtanke@example.org>"
    assert got.subject == "Omtanke: test message"
    assert got.message["Auto-Submitted"] == "auto-generated" and got.message["Content-Language"] == "en"
    assert got.message["Message-ID"].endswith("@example.org>") and got.message["Date"]
    assert "Hello Test hr," in got.text and "e-mail from this installation reaches its recipients" in got.text
    assert f"Open it in Omtanke: {BASE}/plans/cases/12" in got.text
    assert f'href="{BASE}/plans/cases/12"' in got.html
    assert f"{BASE}/account/notifications" in got.text and f'href="{BASE}/account/notifications"' in got.html
    assert len(smtp_server.to("extern@example.org")) == 1
    for mail_id in (first, second):
        row = _row(mail_id)
        assert (row.status, row.attempts, row.last_error) == ("sent", 0, None) and row.sent_at == now


def test_an_outage_keeps_every_message_and_the_retry_sends_each_once(app, smtp_server):
    ids = [_record(f"outage-{number}", to=f"person{number}@example.org") for number in range(3)]
    smtp_server.down()
    now = utcnow()

    assert deliver_due(now) == DeliveryReport(retrying=3)
    for mail_id in ids:  # all rescheduled in one go, none lost
        row = _row(mail_id)
        assert (row.status, row.attempts, row.last_error) == ("queued", 1, "connection")
        assert row.next_attempt_at == now + timedelta(minutes=1)

    smtp_server.up()
    assert deliver_due(now + timedelta(seconds=30)) == DeliveryReport()  # not yet due again
    assert deliver_due(now + timedelta(minutes=1)) == DeliveryReport(sent=3)
    assert deliver_due(now + timedelta(minutes=2)) == DeliveryReport()
    assert sorted(address for got in smtp_server.messages for address in got.recipients) == [
        f"person{number}@example.org" for number in range(3)
    ]


def test_a_server_that_is_down_is_tried_once_per_pass_not_once_per_batch(app, smtp_server, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH", 2)
    tries = []
    connection = smtp.connection
    monkeypatch.setattr(smtp, "connection", lambda settings: tries.append(settings.port) or connection(settings))
    for number in range(5):
        _record(f"batch-{number}", to=f"batch{number}@example.org")
    smtp_server.down()

    assert deliver_due(utcnow()) == DeliveryReport(retrying=5)
    assert len(tries) == 1


def test_the_pause_grows_and_a_message_is_given_up_after_its_last_attempt(app, smtp_server):
    mail_id = _record("long-outage", to="patient@example.org")
    smtp_server.down()
    now = utcnow()
    deliver_due(now)
    deliver_due(now + timedelta(minutes=1))
    row = _row(mail_id)
    assert row.attempts == 2 and row.next_attempt_at == now + timedelta(minutes=1 + 5)
    db.session.execute(update(OutgoingMail).values(attempts=delivery.MAX_ATTEMPTS - 1, next_attempt_at=now))
    db.session.commit()
    assert deliver_due(now) == DeliveryReport(failed=1)
    assert (_row(mail_id).status, _row(mail_id).last_error) == ("failed", "gave_up")


def test_a_refused_and_a_malformed_address_fail_alone_and_the_others_arrive(app, smtp_server):
    smtp_server.refuse("left@example.org")
    ids = {
        address: _record(address, to=address)
        for address in ("first@example.org", "left@example.org", "not an address", "last@example.org")
    }

    assert deliver_due(utcnow()) == DeliveryReport(sent=2, failed=2)
    assert len(smtp_server.to("first@example.org")) == 1 and len(smtp_server.to("last@example.org")) == 1
    assert len(smtp_server.messages) == 2
    refused, malformed = _row(ids["left@example.org"]), _row(ids["not an address"])
    assert (refused.status, refused.last_error) == ("failed", "recipient_refused")
    assert (malformed.status, malformed.last_error) == ("failed", "bad_address")
    assert deliver_due(utcnow() + timedelta(hours=1)) == DeliveryReport()  # failed for good: never tried again


def test_a_secret_link_goes_in_the_mail_and_leaves_the_database(app, smtp_server, secret_template):
    mail_id = _record("reset", to="forgot@example.org", secret_link=RESET, expires_at=utcnow() + timedelta(minutes=30))
    assert RESET not in _row(mail_id).secret  # kept sealed while it waits

    assert deliver_due(utcnow()) == DeliveryReport(sent=1)
    (got,) = smtp_server.to("forgot@example.org")
    assert f"Reset: {RESET}" in got.text and f'href="{RESET}"' in got.html
    assert _row(mail_id).secret is None


def test_an_expired_link_is_never_sent_late(app, smtp_server, secret_template):
    mail_id = _record("late", to="late@example.org", secret_link=RESET, expires_at=utcnow() - timedelta(minutes=1))

    assert deliver_due(utcnow()) == DeliveryReport(failed=1)
    assert smtp_server.messages == []
    row = _row(mail_id)
    assert (row.status, row.last_error, row.secret) == ("failed", "expired", None)


def test_a_message_left_sending_by_a_sender_that_died_is_sent_by_the_next_pass(app, smtp_server):
    stale = _record("stale", to="stale@example.org")
    busy = _record("busy", to="busy@example.org")
    now = utcnow()
    for mail_id, claimed in ((stale, now - timedelta(minutes=16)), (busy, now - timedelta(minutes=5))):
        db.session.execute(
            update(OutgoingMail).where(OutgoingMail.id == mail_id).values(status="sending", next_attempt_at=claimed)
        )
    db.session.commit()

    assert deliver_due(now) == DeliveryReport(sent=1)
    assert [got.recipients for got in smtp_server.messages] == [["stale@example.org"]]
    assert _row(busy).status == "sending"  # another sender may still be at it


def test_without_a_mail_server_the_message_stays_in_the_outbox_and_shows_on_the_console(app, capsys, secret_template):
    assert not app.config.get("OMTANKE_SMTP_URL")
    mail_id = _record("local", to="dev@example.org", secret_link=RESET, expires_at=utcnow() + timedelta(minutes=30))

    assert deliver_due(utcnow()) == DeliveryReport(kept=1)
    console = capsys.readouterr().err
    assert "To: dev@example.org" in console and "Subject: Omtanke: test message" in console
    assert f"Reset: {RESET}" in console  # the developer's own terminal: the link works from there
    row = _row(mail_id)
    assert (row.status, row.secret) == ("outbox", None)
    assert deliver_due(utcnow()) == DeliveryReport()
    assert "To: dev@example.org" not in capsys.readouterr().err
