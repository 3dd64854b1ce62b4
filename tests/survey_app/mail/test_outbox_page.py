"""The administrators' outbox: every recorded message with its status, filters, one message as it reads with its
secret masked, and "try again" for a message that failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db, utcnow
from survey_app.mail import outbox
from survey_app.mail.render import MASK
from survey_app.models import AuditEvent
from tests.helpers import form_token

SECRET = "https://omtanke.example.org/reset/s3cret-token-123"


@pytest.fixture
def admin(app, make, login):
    return login(app.test_client(), make.user("admin"))


def _message(to: str, status: str = "queued", last_error: str | None = None, **values):
    mail = outbox.queue_mail("test", to, to=to, **values)
    mail.status = status
    mail.last_error = last_error
    if status == "failed":
        mail.attempts = 5
    db.session.flush()
    return mail


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize("role", ["hr", "manager", "ohs"])
def test_only_administrators_reach_the_outbox(app, make, login, role):
    mail = _message("anna@example.org")
    client = login(app.test_client(), make.user(role))
    assert client.get("/admin/mail").status_code == 403
    assert client.get(f"/admin/mail/{mail.id}").status_code == 403


def test_the_outbox_lists_messages_newest_first_with_kind_status_and_error(app, admin):
    older = _message("older@example.org", "failed", "connection")
    older.created_at = utcnow() - timedelta(hours=2)
    _message("newer@example.org", "failed", "something_new")
    _message("sent@example.org", "sent")
    db.session.flush()
    html = admin.get("/admin/mail").get_data(as_text=True)
    assert html.index("sent@example.org") < html.index("newer@example.org") < html.index("older@example.org")
    assert "A test message an administrator sends with omtanke notify test" in html
    assert "The mail server could not be reached" in html and "something_new" in html
    assert "Failed: 2" in html and "Sent: 1" in html and "Waiting to be sent: 0" in html
    assert "<caption>3 messages</caption>" in html and '<th scope="col">Last error</th>' in html


def test_the_outbox_filters_by_status_and_kind(app, admin):
    _message("failed@example.org", "failed", "bad_address")
    _message("kept@example.org", "outbox")
    html = admin.get("/admin/mail?status=failed").get_data(as_text=True)
    assert "failed@example.org" in html and "kept@example.org" not in html
    assert '<option value="failed" selected>' in html
    html = admin.get("/admin/mail?kind=password_reset").get_data(as_text=True)
    assert "failed@example.org" not in html and "kept@example.org" not in html
    html = admin.get("/admin/mail?status=nonsense&kind=nonsense").get_data(as_text=True)
    assert "failed@example.org" in html and "kept@example.org" in html


def test_without_a_mail_server_the_outbox_says_where_messages_go(app, admin):
    app.config["OMTANKE_SMTP_URL"] = ""
    assert "set OMTANKE_SMTP_URL to send them" in admin.get("/admin/mail").get_data(as_text=True)
    app.config["OMTANKE_SMTP_URL"] = "smtp://mail.example.org:587"
    assert "set OMTANKE_SMTP_URL" not in admin.get("/admin/mail").get_data(as_text=True)


def test_a_message_reads_as_sent_and_its_reading_is_audited(app, admin):
    mail = _message("anna@example.org", "outbox")
    html = admin.get(f"/admin/mail/{mail.id}").get_data(as_text=True)
    assert '<pre class="mail-text" lang="en">' in html and "This is a test message from Omtanke." in html
    assert '<iframe class="mail-html" sandbox srcdoc="' in html and "&lt;p&gt;This is a test message" in html
    [event] = _audited("admin.mail_read")
    assert event.object_id == str(mail.id) and not event.details


def test_a_reset_link_never_appears_on_the_outbox_pages(app, admin, make):
    person = make.user("manager")
    mail = outbox.queue_mail(
        "password_reset",
        "reset 1",
        person,
        params={"minutes": 30},
        secret_link=SECRET,
        expires_at=utcnow() + timedelta(minutes=30),
    )
    mail.status = "failed"
    db.session.flush()
    listing = admin.get("/admin/mail").get_data(as_text=True)
    page = admin.get(f"/admin/mail/{mail.id}").get_data(as_text=True)
    assert person.email in listing and SECRET not in listing and "s3cret" not in listing
    assert "s3cret" not in page and MASK in page.split("<pre")[1]
    assert "Try again" not in page and "it is not sent again" in page


def test_a_failed_message_is_put_back_in_the_queue(app, admin):
    mail = _message("anna@example.org", "failed", "gave_up")
    page = f"/admin/mail/{mail.id}"
    assert "Try again" in admin.get(page).get_data(as_text=True)
    response = admin.post(f"{page}/send-again", data={"csrf_token": form_token(admin, page)}, follow_redirects=True)
    assert "The message is waiting to be sent again" in response.get_data(as_text=True)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts, mail.last_error) == ("queued", 0, None)
    assert mail.next_attempt_at <= utcnow()
    [event] = _audited("mail.send_again")
    assert event.object_id == str(mail.id) and event.details == {"last_error": "gave_up", "attempts": 5}


def test_a_sent_message_or_one_with_a_secret_is_not_sent_again(app, admin):
    sent = _message("sent@example.org", "sent")
    secret = _message("secret@example.org", "failed", "recipient_refused", secret_link=SECRET)
    for mail in (sent, secret):
        page = f"/admin/mail/{mail.id}"
        assert "Try again" not in admin.get(page).get_data(as_text=True)
        admin.post(f"{page}/send-again", data={"csrf_token": form_token(admin, page)})
    db.session.refresh(sent)
    db.session.refresh(secret)
    assert sent.status == "sent" and secret.status == "failed"
    assert _audited("mail.send_again") == []


def test_try_again_needs_the_forms_token(app, admin):
    mail = _message("anna@example.org", "failed", "connection")
    admin.post(f"/admin/mail/{mail.id}/send-again", data={})
    db.session.refresh(mail)
    assert mail.status == "failed"
