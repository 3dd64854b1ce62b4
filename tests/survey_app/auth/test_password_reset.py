"""A forgotten password: the link by e-mail, as the SMTP server got it, works once, for 30 minutes, for its holder
only, and asking for it tells nobody which addresses have accounts."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import select, update

from survey_app.auth import reset
from survey_app.db import Base, db, utcnow
from survey_app.mail.delivery import deliver_due
from survey_app.models import AuditEvent, OutgoingMail, PasswordReset, User
from survey_app.ops.serve import RespondentsUnnamedLogger, server_options
from tests.helpers import form_token, post_form

NEW = "otter lantern gravel spoon"
SENT = "If an account exists for that address, a link to choose a new password has been sent."
REFUSED = "This link has expired or has already been used"
_CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+"|(value=")[^"]+("[^>]*name="csrf_token")')
#: The language menu's form returns to the page it was on: on a link's page, that path holds the link.
_RETURN = re.compile(r'name="next" value="[^"]*"')
_LINK = re.compile(r"https?://\S+/login/reset/[A-Za-z0-9_-]+")


@pytest.fixture
def mail(app, smtp_server):
    """The app sends at once, inside the request (``OMTANKE_JOBS_EAGER``), to the test's SMTP server."""
    app.config["OMTANKE_JOBS_EAGER"] = True
    return smtp_server


def _ask(client, email: str, **kwargs):
    return post_form(client, "/login/forgot", {"email": email}, **kwargs)


def _without_csrf(response) -> str:
    """The page without its CSRF tokens and the language menu's return path: what must not differ."""
    return _RETURN.sub("NEXT", _CSRF.sub("CSRF", response.get_data(as_text=True)))


def _link_in(message) -> str:
    links = set(_LINK.findall(message.text))
    assert len(links) == 1, message.text
    return links.pop()


def _path(link: str) -> str:
    return "/login/reset/" + link.rsplit("/", 1)[1]


def _choose(client, path: str, password: str = NEW, confirm: str | None = None, **kwargs):
    data = {"new_password": password, "confirm_password": confirm or password}
    return post_form(client, path, data, **kwargs)


def _link_for(client, mail, user) -> str:
    """Ask for a link for ``user`` and return the path in the e-mail that arrived."""
    assert _ask(client, user.email).status_code == 200
    return _path(_link_in(mail.to(user.email)[-1]))


def test_the_same_answer_whether_or_not_the_address_has_an_active_account(app, client, make, mail):
    user, gone = make.user("manager", email="chef@example.org"), make.user("manager", email="slutat@example.org")
    gone.active = False
    db.session.commit()
    answers = [_ask(client, email) for email in ("chef@example.org", "ingen@example.org", "slutat@example.org")]
    assert {response.status_code for response in answers} == {200}
    assert len({_without_csrf(response) for response in answers}) == 1
    assert SENT in answers[0].get_data(as_text=True)
    assert len(mail.messages) == 1 and mail.messages[0].recipients == [user.email]
    assert db.session.scalar(select(OutgoingMail.to_address)) == user.email


def test_the_link_in_the_mail_sets_a_new_password_once(app, client, make, mail):
    user = make.user("manager", email="chef@example.org")
    _ask(client, user.email)
    (message,) = mail.to(user.email)
    assert message.subject == "Omtanke: choose a new password" and "30 minutes, once" in message.text
    path = _path(_link_in(message))
    form = client.get(path)
    assert form.status_code == 200 and "chef@example.org" in form.get_data(as_text=True)
    done = _choose(client, path)
    assert done.status_code == 302 and done.location.endswith("/login")
    assert "Your new password is set" in client.get("/login").get_data(as_text=True)
    assert post_form(client, "/login", {"email": user.email, "password": NEW}).status_code == 302
    assert post_form(app.test_client(), "/login", {"email": user.email, "password": make.password}).status_code == 200
    again = app.test_client().get(path)
    assert again.status_code == 410 and REFUSED in again.get_data(as_text=True)
    assert 'href="/login/forgot"' in again.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "user.password_reset")) is not None


def test_a_link_refuses_a_second_use_from_a_page_loaded_before_the_first(app, client, make, mail):
    user = make.user("manager")
    path = _link_for(client, mail, user)
    other = app.test_client()
    token = form_token(other, path)  # the form is open in a second tab
    assert _choose(client, path).status_code == 302
    late = other.post(path, data={"new_password": "x" + NEW, "confirm_password": "x" + NEW, "csrf_token": token})
    assert late.status_code == 410 and REFUSED in late.get_data(as_text=True)


def test_a_link_used_by_another_request_meanwhile_is_refused(app, make, monkeypatch):
    """Two requests with one link: the one that marks it used first wins; the other changes nothing."""
    user, now = make.user("manager"), utcnow()
    token = _token_of(reset.request_reset(user.email, now))
    db.session.commit()
    checked = reset.services.check_password_rules

    def racing(*args, **kwargs):  # the other request uses the link while this one checks the password
        checked(*args, **kwargs)
        db.session.execute(update(PasswordReset).values(used_at=now))

    monkeypatch.setattr(reset.services, "check_password_rules", racing)
    with pytest.raises(reset.ResetLinkRefusedError):
        reset.reset_password(token, NEW, now)


def _token_of(message: OutgoingMail) -> str:
    from survey_app.mail.render import render

    return _link_in(SimpleNamespace(text=render(message).text)).rsplit("/", 1)[1]


def test_a_link_is_refused_after_30_minutes(app, make):
    user, now = make.user("manager"), utcnow()
    token = _token_of(reset.request_reset(user.email, now))
    db.session.commit()
    assert reset.check_token(token, now + timedelta(minutes=29)) == user
    with pytest.raises(reset.ResetLinkRefusedError):
        reset.check_token(token, now + timedelta(minutes=30, seconds=1))
    with pytest.raises(reset.ResetLinkRefusedError):
        reset.reset_password(token, NEW, now + timedelta(minutes=31))


def test_an_expired_unknown_or_replaced_link_gets_one_refusal_page(app, client, make, mail):
    user = make.user("manager")
    first = _link_for(client, mail, user)
    second = _link_for(client, mail, user)
    db.session.execute(update(PasswordReset).where(PasswordReset.used_at.is_(None)).values(
        expires_at=utcnow() - timedelta(minutes=1)))  # fmt: skip
    db.session.commit()
    pages = [client.get(path) for path in (first, second, "/login/reset/not-a-link-at-all")]
    assert {page.status_code for page in pages} == {410}
    assert len({_without_csrf(page) for page in pages}) == 1 and REFUSED in pages[0].get_data(as_text=True)


def test_a_new_password_ends_every_session_of_the_account(app, client, login, make, mail):
    user = make.user("manager")
    elsewhere = login(app.test_client(), user)
    assert elsewhere.get("/").status_code == 200
    assert _choose(client, _link_for(client, mail, user)).status_code == 302
    assert elsewhere.get("/").status_code == 302


def test_a_weak_password_is_refused_in_the_readers_language_and_the_link_still_works(app, client, make, mail):
    user = make.user("manager")
    path = _link_for(client, mail, user)
    finnish = {"headers": {"Accept-Language": "fi"}}
    weak = _choose(client, path, "short", **finnish)
    assert weak.status_code == 200 and "vähintään 12 merkkiä" in weak.get_data(as_text=True)
    differ = _choose(client, path, NEW, NEW + "!")
    assert differ.status_code == 200 and "The two new passwords differ." in differ.get_data(as_text=True)
    assert _choose(client, path).status_code == 302


def test_the_fourth_request_within_the_hour_sends_nothing_and_answers_the_same(app, client, make, mail):
    user = make.user("manager")
    answers = [_ask(client, user.email.upper() if n % 2 else user.email) for n in range(4)]
    assert {response.status_code for response in answers} == {200}
    assert len({_without_csrf(response) for response in answers}) == 1
    assert len(mail.to(user.email)) == 3


def test_a_client_address_asking_for_many_addresses_is_slowed_down(app, client, make):
    answers = [_ask(client, f"person{n}@example.org").status_code for n in range(21)]
    assert answers == [200] * 20 + [429]


def test_only_the_newest_link_works(app, client, make, mail):
    user = make.user("manager")
    older, newer = _link_for(client, mail, user), _link_for(client, mail, user)
    assert client.get(older).status_code == 410
    assert client.get(newer).status_code == 200


def test_the_link_uses_the_public_address_whatever_host_the_request_named(app, client, make, mail):
    user = make.user("manager")
    app.config.update(OMTANKE_BASE_URL="https://omtanke.kommun.example", WTF_CSRF_ENABLED=False)
    answer = client.post("/login/forgot", data={"email": user.email}, base_url="http://evil.example")
    assert answer.status_code == 200 and SENT in answer.get_data(as_text=True)
    link = _link_in(mail.to(user.email)[0])
    assert link.startswith("https://omtanke.kommun.example/login/reset/") and "evil" not in mail.messages[0].html


def test_the_token_is_stored_nowhere_in_the_clear_and_the_sealed_link_is_emptied_once_sent(app, client, make, mail):
    user = make.user("manager")
    token = _link_for(client, mail, user).rsplit("/", 1)[1]
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            assert token not in " ".join(map(str, row)), table.name
    assert db.session.scalar(select(OutgoingMail.secret)) is None
    assert db.session.scalar(select(PasswordReset.token_hash)) == reset.token_hash(token)
    asked = select(AuditEvent.object_id).where(AuditEvent.action == "auth.password_reset_requested")
    assert db.session.scalar(asked) == str(user.id)


def test_a_locked_account_gets_its_new_password_but_stays_locked(app, client, make, mail):
    user = make.user("manager")
    user.locked_at, user.failed_logins = utcnow(), 10
    db.session.commit()
    done = _choose(client, _link_for(client, mail, user))
    assert done.status_code == 302
    assert "an administrator must unlock it" in client.get("/login").get_data(as_text=True)
    assert post_form(client, "/login", {"email": user.email, "password": NEW}).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_at is not None


def test_two_step_login_still_applies_after_a_reset(app, client, make, mail):
    user = make.user("hr")  # enrolled in two-step login
    assert _choose(client, _link_for(client, mail, user)).status_code == 302
    response = post_form(client, "/login", {"email": user.email, "password": NEW})
    assert response.status_code == 302 and response.location.endswith("/login/two-step")


def test_a_deactivated_account_cannot_use_a_link_it_was_sent(app, client, make, mail):
    user = make.user("manager")
    path = _link_for(client, mail, user)
    user.active = False
    db.session.commit()
    assert client.get(path).status_code == 410


def test_a_logged_in_person_asking_for_a_link_is_sent_home(app, client, login, make):
    login(client, make.user("manager"))
    response = client.get("/login/forgot")
    assert response.status_code == 302 and "/login" not in response.location


def test_the_login_page_leads_to_the_forgotten_password_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<a href="/login/forgot">Forgot your password?</a>' in page
    form = client.get("/login/forgot").get_data(as_text=True)
    assert '<label for="email">E-mail address</label>' in form


def test_request_reset_records_nothing_for_an_unknown_address(app):
    assert reset.request_reset("nobody@example.org", utcnow()) is None
    assert db.session.scalar(select(PasswordReset.id)) is None


def test_the_access_log_writes_the_route_pattern_instead_of_a_reset_link(app, monkeypatch, capsys):
    monkeypatch.setattr(RespondentsUnnamedLogger, "served", app)
    config = Config()
    for name, value in server_options("127.0.0.1:0", 1, 1, 1).items():
        config.set(name, value)
    logger = RespondentsUnnamedLogger(config)
    path = "/login/reset/Zt4kq9sLmPw2xY7bNc3vDaZt4kq9sLmPw2xY7bNc3vD"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1"}
    response = SimpleNamespace(status="200 OK", sent=141, headers=[])
    logger.access(response, SimpleNamespace(path=path, headers=[]), environ, timedelta(milliseconds=12))
    out = capsys.readouterr().out
    assert '"path": "/login/reset/<token>"' in out and "Zt4kq9sLm" not in out


def test_a_link_replaced_while_the_mail_server_was_down_is_never_sent(app, client, make, mail):
    user = make.user("manager", email="chef@example.org")
    mail.down()
    assert _ask(client, user.email).status_code == 200
    assert _ask(client, user.email).status_code == 200  # the first message still waits for the server
    first, second = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
    assert (first.status, first.last_error, first.secret) == ("failed", "replaced", None)
    assert second.status == "queued"
    mail.up()
    deliver_due(utcnow() + timedelta(minutes=2))
    assert len(mail.to(user.email)) == 1
    assert _choose(client, _path(_link_in(mail.to(user.email)[0]))).status_code == 302
