"""OMTANKE_SMTP_URL: read and checked when the app starts, STARTTLS required on smtp://, never a message in the
clear by accident, and the login taken from the URL as written there (URL-encoded)."""

from __future__ import annotations

import smtplib

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from survey_app import create_app
from survey_app.config import build_config
from survey_app.db import db, utcnow
from survey_app.mail.delivery import DeliveryReport, deliver_due
from survey_app.mail.outbox import queue_mail
from survey_app.mail.smtp import DEFAULT_TIMEOUT, SmtpSettings, classify_connecting, parse_url
from survey_app.models import OutgoingMail


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", SmtpSettings("mail.example.org", 587, "starttls")),
        ("smtps://mail.example.org", SmtpSettings("mail.example.org", 465, "tls")),
        ("smtp://127.0.0.1:2525?tls=none", SmtpSettings("127.0.0.1", 2525, "none")),
        (
            "smtp://omtanke%40kommun.se:p%40ss%3Aw%2Frd@mail.example.org:587",
            SmtpSettings("mail.example.org", 587, "starttls", "omtanke@kommun.se", "p@ss:w/rd"),
        ),
    ],
)
def test_the_url_names_server_security_and_login(url, expected):
    assert parse_url(url) == expected
    assert parse_url(url).password == expected.password  # not compared by ==: kept out of repr


def test_the_password_never_shows_in_the_settings_repr():
    assert "geheim" not in repr(parse_url("smtp://user:geheim@mail.example.org"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example.org", "must start with smtp:// (STARTTLS"),
        ("mail.example.org:587", "must start with smtp://"),
        ("smtp://", "names no mail server"),
        ("smtp://mail.example.org:99999", "the port is not a number"),
        ("smtps://mail.example.org?tls=none", "only with smtp://"),
        ("smtp://mail.example.org?tls=maybe", "?tls=none is the only tls option"),
        ("smtp://mail.example.org?starttls=no", "unknown option 'starttls'"),
    ],
)
def test_a_wrong_url_stops_the_start_saying_what_is_wrong(monkeypatch, url, message):
    monkeypatch.setenv("OMTANKE_SMTP_URL", url.replace("mail.", "user:geheim@mail.", 1))
    monkeypatch.setenv("OMTANKE_BASE_URL", "https://omtanke.example.org")
    with pytest.raises(ValueError, match="OMTANKE_SMTP_URL") as raised:
        create_app({"TESTING": True})
    assert message in str(raised.value) and "geheim" not in str(raised.value)


def test_a_mail_server_without_the_public_address_stops_the_start(monkeypatch):
    monkeypatch.setenv("OMTANKE_SMTP_URL", "smtp://mail.example.org")
    with pytest.raises(ValueError, match="OMTANKE_SMTP_URL is set but OMTANKE_BASE_URL is not"):
        create_app({"TESTING": True})


def test_the_mail_settings_read_at_start(monkeypatch, tmp_path):
    monkeypatch.setenv("OMTANKE_SMTP_URL", "smtps://mail.example.org")
    monkeypatch.setenv("OMTANKE_BASE_URL", "https://omtanke.example.org")
    monkeypatch.setenv("OMTANKE_MAIL_FROM", "Kommunen <noreply@kommun.se>")
    monkeypatch.setenv("OMTANKE_SMTP_TIMEOUT", "5")
    config = build_config(tmp_path)
    assert config["OMTANKE_SMTP_URL"] == "smtps://mail.example.org"
    assert (config["OMTANKE_MAIL_FROM"], config["OMTANKE_SMTP_TIMEOUT"]) == ("Kommunen <noreply@kommun.se>", 5.0)


def test_unset_the_mail_settings_keep_mail_in_the_outbox(tmp_path):
    config = build_config(tmp_path)
    assert config["OMTANKE_SMTP_URL"] is None and config["OMTANKE_SMTP_TIMEOUT"] == DEFAULT_TIMEOUT
    assert config["OMTANKE_MAIL_FROM"] == "Omtanke <omtanke@localhost>"


def _record(address: str) -> int:
    mail_id = queue_mail("test", address, to=address).id  # read before the commit: after it, a read begins anew
    db.session.commit()
    return mail_id


def _row(mail_id: int) -> OutgoingMail:
    db.session.expire_all()
    return db.session.get(OutgoingMail, mail_id)


def test_smtp_without_starttls_on_the_server_sends_nothing_in_the_clear(app, smtp_server):
    app.config["OMTANKE_SMTP_URL"] = f"smtp://127.0.0.1:{smtp_server.port}"  # the test server offers no STARTTLS
    mail_id = _record("clear@example.org")

    assert deliver_due(utcnow()) == DeliveryReport(retrying=1)
    assert smtp_server.messages == []
    row = _row(mail_id)
    assert (row.status, row.attempts, row.last_error) == ("queued", 1, "tls_unavailable")


def test_smtps_to_a_server_without_tls_sends_nothing(app, smtp_server):
    app.config["OMTANKE_SMTP_URL"] = f"smtps://127.0.0.1:{smtp_server.port}"
    mail_id = _record("tls@example.org")

    assert deliver_due(utcnow()) == DeliveryReport(retrying=1)
    assert smtp_server.messages == [] and _row(mail_id).status == "queued"


def test_the_login_from_the_url_is_used(app, smtp_server):
    logins = []

    def authenticator(_server, _session, _envelope, _mechanism, data):
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=isinstance(data, LoginPassword) and data.password == b"p@ss:w/rd")

    smtp_server.down()
    controller = Controller(
        smtp_server.handler, hostname="127.0.0.1", port=smtp_server.port,
        authenticator=authenticator, auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    try:
        app.config["OMTANKE_SMTP_URL"] = (
            f"smtp://omtanke%40kommun.se:p%40ss%3Aw%2Frd@127.0.0.1:{controller.port}?tls=none"
        )
        _record("login@example.org")
        assert deliver_due(utcnow()) == DeliveryReport(sent=1)
    finally:
        controller.stop()
    assert logins == [("omtanke@kommun.se", "p@ss:w/rd")]
    assert len(smtp_server.to("login@example.org")) == 1


def test_a_refused_login_is_the_servers_trouble_not_the_messages():
    failure = classify_connecting(smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"))
    assert (failure.key, failure.permanent, failure.server) == ("login", False, True)
