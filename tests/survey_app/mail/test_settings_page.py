"""A person's notification settings: the kinds of their role, what cannot be turned off, their language, their own
account only."""

from __future__ import annotations

import re

from sqlalchemy import select

from survey_app.db import db
from survey_app.mail import outbox
from survey_app.models import AuditEvent, NotificationChoice
from tests.helpers import form_token, post_form

PAGE = "/account/notifications"
MANAGER_KINDS = {
    "step_due_soon",
    "step_due_today",
    "step_missed",
    "round_opens",
    "round_midway",
    "round_closing",
    "round_results",
    "person_tasks",
}


def _checkboxes(html: str) -> dict[str, bool]:
    """name → ticked, for every checkbox on the page."""
    boxes = re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", html)
    return {re.search(r'name="([^"]+)"', box).group(1): " checked" in box for box in boxes}


def _save(client, ticked: set[str]):
    return post_form(client, PAGE, {key: "y" for key in ticked}, follow_redirects=True)


def _choice(user, kind: str) -> bool | None:
    return db.session.scalar(
        select(NotificationChoice.enabled).where(NotificationChoice.user_id == user.id, NotificationChoice.kind == kind)
    )


def test_a_manager_chooses_among_manager_kinds_and_sees_what_is_always_sent(app, make, login):
    client = login(app.test_client(), make.user("manager"))
    html = client.get(PAGE).get_data(as_text=True)
    assert _checkboxes(html) == dict.fromkeys(MANAGER_KINDS, True)
    assert "<fieldset" in html and "<legend>Send me an e-mail when</legend>" in html
    always = html.split('id="always-sent"')[1]
    assert "A link to choose a new password, when I ask for one" in always
    assert "A notice when my two-step login is reset" in always
    assert "cannot be turned off" in always
    assert "Weekly digest" not in html


def test_hr_is_offered_the_weekly_digest_and_no_round_messages(app, make, login):
    client = login(app.test_client(), make.user("hr"))
    boxes = _checkboxes(client.get(PAGE).get_data(as_text=True))
    assert set(boxes) == {"step_due_soon", "step_due_today", "step_missed", "hr_digest"}


def test_a_kind_turned_off_is_no_longer_recorded_for_the_person(app, make, login):
    manager = make.user("manager")
    client = login(app.test_client(), manager)
    response = _save(client, MANAGER_KINDS - {"round_opens"})
    html = response.get_data(as_text=True)
    assert "Your notification settings have been saved." in html
    assert _checkboxes(html)["round_opens"] is False and _checkboxes(html)["round_midway"] is True
    assert outbox.wants(manager, "round_opens") is False
    assert outbox.wants(manager, "round_midway") is True
    assert outbox.queue_mail("round_opens", "round 1", manager) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "notifications.changed"))
    assert event.object_id == str(manager.id)
    assert event.details == {"turned_on": [], "turned_off": ["round_opens"]}


def test_a_kind_turned_on_again_is_recorded_again(app, make, login):
    manager = make.user("manager")
    client = login(app.test_client(), manager)
    _save(client, MANAGER_KINDS - {"step_missed"})
    _save(client, MANAGER_KINDS)
    assert _choice(manager, "step_missed") is True
    assert outbox.wants(manager, "step_missed") is True


def test_saving_without_a_change_stores_and_audits_nothing(app, make, login):
    client = login(app.test_client(), make.user("manager"))
    _save(client, MANAGER_KINDS)
    assert db.session.scalars(select(NotificationChoice)).all() == []
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "notifications.changed")) is None


def test_only_ones_own_choices_are_shown_and_changed(app, make, login):
    me, other = make.user("manager"), make.user("manager")
    db.session.add(NotificationChoice(user_id=other.id, kind="round_opens", enabled=False))
    db.session.flush()
    client = login(app.test_client(), me)
    assert _checkboxes(client.get(PAGE).get_data(as_text=True))["round_opens"] is True
    _save(client, MANAGER_KINDS - {"round_results"} | {"hr_digest", "password_reset"})
    assert _choice(other, "round_opens") is False and _choice(other, "round_results") is None
    assert _choice(me, "round_results") is False
    # Kinds of another role, and those that cannot be turned off, are not the person's to choose.
    assert _choice(me, "hr_digest") is None and _choice(me, "password_reset") is None


def test_saving_without_the_forms_token_changes_nothing(app, make, login):
    manager = make.user("manager")
    client = login(app.test_client(), manager)
    response = client.post(PAGE, data={key: "y" for key in MANAGER_KINDS - {"round_opens"}})
    assert response.status_code == 400
    assert _choice(manager, "round_opens") is None


def test_the_page_says_which_language_messages_come_in_and_offers_to_change_it(app, make, login):
    app.config["BABEL_DEFAULT_LOCALE"] = "sv"
    person = make.user("ohs", locale=None)
    client = login(app.test_client(), person)
    client.post("/language", data={"locale": "en", "csrf_token": form_token(client, PAGE)})  # pages in English
    person.locale = None
    db.session.flush()
    html = client.get(PAGE).get_data(as_text=True)
    assert "written in the language of this installation, Svenska" in html
    assert 'action="/language"' in html and f'name="next" value="{PAGE}"' in html
    response = client.post("/language", data={"locale": "fi", "next": PAGE, "csrf_token": form_token(client, PAGE)})
    assert response.status_code == 302 and response.location.endswith(PAGE)
    assert person.locale == "fi" and outbox.language_of(person) == "fi"
    client.post("/language", data={"locale": "en", "next": PAGE, "csrf_token": form_token(client, PAGE)})
    assert "Your messages are written in English, the language you have chosen." in client.get(PAGE).get_data(
        as_text=True
    )
