"""The audit API later features call: writes ride with their change, reads commit at once."""

from __future__ import annotations

from sqlalchemy import select

from survey_app import audit
from survey_app.db import db, reset_write_intent, set_write_intent
from survey_app.models import AuditEvent


def test_record_commits_or_rolls_back_with_the_change(app, make):
    user = make.user("hr")
    audit.record(user, "unit.update", "unit", 7, changes={"name": ["A", "B"]})
    db.session.rollback()
    assert db.session.scalars(select(AuditEvent)).all() == []
    audit.record(user, "unit.update", "unit", 7)
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    assert (event.actor_label, event.action, event.object_id) == (user.email, "unit.update", "7")


def test_record_read_in_a_read_request_is_kept_even_when_the_request_rolls_back(app, make):
    user = make.user("manager")
    token = set_write_intent(False)  # as in a GET request
    try:
        audit.record_read(user, "absence.read", "unit", 3, rows=12)
        db.session.rollback()
    finally:
        reset_write_intent(token)
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "absence.read" and event.details == {"rows": 12} and event.actor_id == user.id


def test_record_read_inside_a_write_transaction_does_not_wait_for_its_own_lock(app, make):
    user = make.user("hr")
    assert user.email  # the session now holds an open (write) transaction
    audit.record_read(user, "notes.read", "interview", 1)
    db.session.commit()
    assert db.session.scalar(select(AuditEvent.action)) == "notes.read"
