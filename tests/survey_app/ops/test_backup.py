"""Backups that bring everything back: SQLite's online backup taken while staff write, restored with equal counts and
checksums; PostgreSQL's own pg_dump and pg_restore, the documented procedure, checked the same way."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from datetime import datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete

from survey_app import create_app
from survey_app.db import db
from survey_app.demo.services import seed_demo
from survey_app.models import AbsenceSpell, InterviewNote, PlanStep, SurveyResponse
from survey_app.ops.backup import backup_sqlite, fingerprint, restore_sqlite
from survey_app.ops.commands import fingerprint_command

KEPT = {"survey_responses", "survey_answers", "interview_notes", "plan_steps", "plan_follow_ups", "absence_spells"}


def _demo_app(url: str):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "OMTANKE_DEMO_PASSWORD": "demo lösenord 2026"})
    with app.app_context():
        upgrade()
        seed_demo(password="demo lösenord 2026", reset_passwords=False)
    return app


def _prints(app) -> dict[str, tuple[int, str]]:
    with app.app_context():
        return {p.table: (p.rows, p.checksum) for p in fingerprint()}


def test_a_backup_taken_while_staff_write_restores_every_row(tmp_path):
    live = tmp_path / "live.db"
    app = _demo_app(f"sqlite:///{live}")
    before = _prints(app)
    assert all(before[table][0] > 0 for table in KEPT), before  # the demo holds every kind of data

    stop, written = threading.Event(), []

    def staff_keep_writing() -> None:  # the audit log grows in small transactions while the backup runs
        connection = sqlite3.connect(live, timeout=30)
        try:
            while not stop.is_set():
                connection.execute(
                    "INSERT INTO audit_events (at, actor_id, actor_label, action, object_type, object_id, details) "
                    "VALUES (?, NULL, 'staff', 'load.write', 'test', NULL, '{}')",
                    (datetime.now().isoformat(sep=" "),),
                )
                connection.commit()
                written.append(1)
        finally:
            connection.close()

    writer = threading.Thread(target=staff_keep_writing)
    writer.start()
    try:
        with app.app_context():
            backup_sqlite(tmp_path / "copy.db")
    finally:
        stop.set()
        writer.join()

    with app.app_context():  # then data is lost
        for model in (AbsenceSpell, InterviewNote, SurveyResponse, PlanStep):
            db.session.execute(delete(model))
        db.session.commit()
        assert {p.table: p.rows for p in fingerprint()}["absence_spells"] == 0
        restore_sqlite(tmp_path / "copy.db")
    after = _prints(app)
    assert {t: after[t] for t in after if t != "audit_events"} == {t: before[t] for t in before if t != "audit_events"}
    assert written  # staff did write while the backup ran
    assert after["audit_events"][0] >= before["audit_events"][0]  # the copy is one consistent moment of the log
    with sqlite3.connect(live) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with app.app_context():
        output = app.test_cli_runner().invoke(fingerprint_command, ["--json"]).output
    assert f'"rows": {before["absence_spells"][0]},' in output.split('"table": "absence_spells"')[1]


def test_a_damaged_or_foreign_file_is_never_restored(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}", "TESTING": True})
    with app.app_context():
        upgrade()
        foreign = tmp_path / "foreign.db"
        sqlite3.connect(foreign).execute("CREATE TABLE other (id INTEGER)").connection.commit()
        garbage = tmp_path / "garbage.db"
        garbage.write_bytes(b"not a database at all" * 100)
        for source in (foreign, garbage):
            with pytest.raises(Exception, match="not an Omtanke database|not an SQLite database|damaged"):
                restore_sqlite(source)


def test_postgresql_is_backed_up_and_restored_with_its_own_tools(tmp_path, fresh_postgres):
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.fail("pg_dump and pg_restore come with the PostgreSQL client (apt-get install postgresql-client)")
    dump = tmp_path / "omtanke.dump"
    for source in fresh_postgres():
        app = _demo_app(source)
        before = _prints(app)
        with app.app_context():
            db.engine.dispose()
        subprocess.run([pg_dump, "--format=custom", f"--file={dump}", _libpq(source)], check=True, capture_output=True)
        for target in fresh_postgres():
            subprocess.run([pg_restore, "--no-owner", f"--dbname={_libpq(target)}", str(dump)], check=True,
                           capture_output=True)  # fmt: skip
            restored = create_app({"SQLALCHEMY_DATABASE_URI": target, "TESTING": True})
            assert _prints(restored) == before
            with restored.app_context():
                db.engine.dispose()


def _libpq(url: str) -> str:
    """The URL as PostgreSQL's own tools read it (no SQLAlchemy driver name)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)
