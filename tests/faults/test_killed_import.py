"""A large absence import killed with SIGKILL in the middle of writing: nothing of it is visible afterwards, the
database is intact, and running the same import again stores every row exactly once.

The import runs as the real command (`omtanke absence import`) in its own process against the test database; it is
killed once it is demonstrably writing rows (PostgreSQL: its INSERT is running; SQLite: its uncommitted pages are
spilling into the write-ahead log), which no graceful shutdown could finish.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from survey_app.db import db
from survey_app.models import AbsenceImport, AbsenceSpell
from tests.clock import TODAY

# The import runs in a process of its own, killed halfway: real commits, seen by every process.
pytestmark = pytest.mark.commits

#: Enough rows that the import is still writing long after it began: on SQLite its uncommitted pages must outgrow
#: the 2 MB page cache and spill into the write-ahead log well before the commit.
SPELLS = {"sqlite": 200_000, "postgresql": 60_000}


def _spell_file(path: Path, units: list[str], count: int) -> Path:
    start = TODAY - timedelta(days=360)
    lines = ["employee_id,unit_code,start_date,end_date,extent"]
    for n in range(count):
        employee, spell = divmod(n, 20)  # 20 short spells per person, a week apart
        first = start + timedelta(days=spell * 7)
        lines.append(f"P{employee:06d},{units[employee % len(units)]},{first},{first + timedelta(days=2)},100")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _command(url: str, instance: str, spells: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "OMTANKE_INSTANCE_PATH": instance}
    return subprocess.Popen(
        [sys.executable, "-c", "from survey_app.cli import main; main()", "absence", "import", str(spells)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _writing(url: str, wal: Path | None) -> bool:
    if wal is not None:
        return wal.exists() and wal.stat().st_size > 1_000_000
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            running = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND query ILIKE 'INSERT INTO absence_spells%'"
                )  # fmt: skip
            ).scalar()
    finally:
        engine.dispose()
    return bool(running)


@pytest.mark.fault
def test_an_import_killed_while_writing_leaves_nothing_and_a_rerun_imports_once(app, make, tmp_path):
    units = [make.unit(f"Enhet {n}", code=f"E-{n}", headcount=40).code for n in range(30)]
    db.session.commit()
    count = SPELLS[db.engine.dialect.name]
    spells = _spell_file(tmp_path / "spells.csv", units, count)
    url = db.engine.url.render_as_string(hide_password=False)
    wal = Path(db.engine.url.database + "-wal") if db.engine.dialect.name == "sqlite" else None
    instance = app.instance_path
    db.session.close()

    process = _command(url, instance, spells)
    started = time.monotonic()
    while process.poll() is None and not _writing(url, wal):
        assert time.monotonic() - started < 120, "the import never started writing"
        time.sleep(0.05)
    assert process.poll() is None, f"the import finished before it could be killed: {process.stdout.read()}"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()

    db.engine.dispose()
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == 0
    assert db.session.scalar(select(func.count()).select_from(AbsenceImport)) == 0
    if wal is not None:
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.session.close()

    for _ in range(2):  # the re-run, and once more: the same file replaces, never duplicates
        rerun = _command(url, instance, spells)
        output, _ = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, output
        assert f"Imported {count} spells" in output
    db.engine.dispose()
    assert db.session.scalar(select(func.count()).select_from(AbsenceSpell)) == count
    assert db.session.scalar(select(func.count(func.distinct(AbsenceSpell.employee_id)))) == count // 20
