"""Migration 0022 admits the safety representative's role. On SQLite that means recreating ``users``: every row
that points at an account (its units, its audit events) must still be there afterwards, and it can be undone."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from survey_app import create_app
from survey_app.db import db

OLD_ROWS = (
    "INSERT INTO units (id, name, code, headcount, active, created_at) VALUES (1, 'Hemtjänst', 'HT', 31, 1, :now)",
    "INSERT INTO users (id, email, name, password_hash, role, active, session_version, created_at, failed_logins) "
    "VALUES (1, 'chef@example.org', 'Chef', 'x', 'manager', 1, 1, :now, 0)",
    "INSERT INTO unit_assignments (id, user_id, unit_id) VALUES (1, 1, 1)",
)
SAFETY_USER = (
    "INSERT INTO users (id, email, name, password_hash, role, active, session_version, created_at, failed_logins) "
    "VALUES (2, 'ombud@example.org', 'Ombud', 'x', 'safety', 1, 1, :now, 0)"
)
NOW = {"now": "2026-01-01 00:00:00"}


COUNTS = {name: f"SELECT count(*) FROM {name}" for name in ("users", "unit_assignments")}  # noqa: S608


def _count(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text(COUNTS[table])).scalar_one()


def test_the_new_role_is_admitted_and_no_account_loses_its_units(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0021")
        with db.engine.begin() as connection:
            for statement in OLD_ROWS:
                connection.execute(text(statement), NOW)
            with pytest.raises(IntegrityError):
                connection.execute(text(SAFETY_USER), NOW)
        upgrade(revision="0022")
        assert _count("unit_assignments") == 1
        with db.engine.begin() as connection:
            connection.execute(text(SAFETY_USER), NOW)
            connection.execute(text("DELETE FROM users WHERE id = 2"))
        assert _count("users") == 1
        downgrade(revision="0021")
        assert _count("unit_assignments") == 1
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        db.engine.dispose()
