"""The audit log's API: later features call ``record`` for sensitive writes and ``record_read`` for sensitive reads.

``record`` joins the caller's transaction, so the log entry commits (or rolls back) with the change it describes.
``record_read`` commits at once in its own short transaction: a read has no change to ride along with, and on
SQLite this keeps GET requests from upgrading a read lock to a write lock.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from survey_app.db import db, session_holds_sqlite_write_lock, utcnow, write_transaction
from survey_app.models import AuditEvent, User


def _values(actor: User | None, action: str, object_type: str | None, object_id: object, details: dict | None):
    return {
        "at": utcnow(),
        "actor_id": actor.id if actor is not None else None,
        "actor_label": actor.email if actor is not None else "system",
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "details": details or None,
    }


def record(
    actor: User | None,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit entry to the current transaction (the caller commits)."""
    event = AuditEvent(**_values(actor, action, object_type, object_id, details))
    db.session.add(event)
    return event


def record_read(
    actor: User | None,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    **details: Any,
) -> None:
    """Log a sensitive read now, in a transaction of its own.

    Exception: inside a SQLite write transaction (a POST) the caller already holds the only write lock, so a second
    connection would wait for it forever; there the entry joins the caller's transaction instead.
    """
    if session_holds_sqlite_write_lock():
        record(actor, action, object_type, object_id, **details)
        db.session.flush()
        return
    values = _values(actor, action, object_type, object_id, details)  # may load the actor: before taking the lock
    with write_transaction(), db.engine.begin() as connection:
        connection.execute(insert(AuditEvent).values(**values))
