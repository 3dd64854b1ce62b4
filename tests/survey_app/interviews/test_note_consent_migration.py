"""Migration 0018 records, per interview note, whether the participant agreed to it being shown to the manager:
false for every note written before (nobody was asked), and it can be undone."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from survey_app import create_app
from survey_app.db import db

OLD_ROWS = (
    "INSERT INTO units (id, name, code, headcount, active, created_at) VALUES (1, 'Hemtjänst', 'HT', 31, 1, :now)",
    "INSERT INTO interview_rounds (id, unit_id, title, language, guide, staff_count, anonymity_threshold, created_at) "
    "VALUES (1, 1, 'Hösten', 'sv', '{}', 31, 5, :now)",
    "INSERT INTO interview_sessions (id, round_id, kind, planned_on, participants, held) "
    "VALUES (1, 1, 'individual', :day, 1, 1)",
    "INSERT INTO interview_notes (id, session_id, theme, text, quote, suggestion, client_key, created_at) "
    "VALUES (1, 1, 'victimisation', 'Ett obehagligt möte', 0, 0, 'a1b2c3d4e5f6a7b8', :now)",
)


def _columns() -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns("interview_notes")}


def test_notes_written_before_are_not_shareable_and_the_column_can_be_removed(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0017")
        values = {"now": "2026-01-01 00:00:00", "day": "2026-10-01"}
        with db.engine.begin() as connection:
            for statement in OLD_ROWS:
                connection.execute(text(statement), values)
        assert "shareable" not in _columns()
        upgrade(revision="0018")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT shareable FROM interview_notes")).scalars().all() == [False]
        downgrade(revision="0017")
        assert "shareable" not in _columns()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT text FROM interview_notes")).scalars().all() == [
                "Ett obehagligt möte"
            ]
        db.engine.dispose()
