"""Backups that can be trusted: SQLite copied with its online backup API (consistent while staff keep answering),
restored the same way, and a fingerprint — row counts and checksums of the data that matters — to prove a restore
brought everything back. PostgreSQL is backed up with its own tools (``pg_dump``/``pg_restore``, docs/operations.md);
the fingerprint works on both.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select

from survey_app.db import db
from survey_app.errors import DomainError


@dataclass(frozen=True)
class TablePrint:
    """One table's fingerprint: its row count and a checksum of its rows."""

    table: str
    rows: int
    checksum: str  # sha256 of every row, in primary-key order


def fingerprint() -> list[TablePrint]:
    """Row count and checksum of every table of Omtanke's schema (responses, answers, notes, steps, follow-ups,
    spells, accounts, the audit log …), one query per table."""
    existing = set(inspect(db.engine).get_table_names())
    prints = []
    for name, table in sorted(db.metadata.tables.items()):
        if name not in existing:
            continue
        digest, rows = hashlib.sha256(), 0
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(_plain(value) for value in row)).encode())
            rows += 1
        prints.append(TablePrint(name, rows, digest.hexdigest()))
    return prints


def _plain(value):
    """The same text for the same value on SQLite and PostgreSQL."""
    if isinstance(value, float):
        return round(value, 9)
    return str(value) if value is not None else None


def _sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise DomainError("PostgreSQL is backed up with pg_dump and restored with pg_restore (docs/operations.md).")
    return Path(url.database)


def backup_sqlite(target: Path) -> None:
    """Copy the live SQLite database to ``target`` page by page with SQLite's online backup API: the copy is
    consistent even while requests write."""
    source_path = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def restore_sqlite(backup: Path) -> None:
    """Bring back a backup into the live database, after checking that it is an intact Omtanke database."""
    live = _sqlite_path()
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source:
        try:
            intact = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise DomainError(f"{backup} is not an SQLite database: {error}") from error
        if not intact or "alembic_version" not in tables:
            raise DomainError(f"{backup} is damaged or not an Omtanke database; nothing was restored.")
        db.session.remove()
        db.engine.dispose()
        with closing(sqlite3.connect(live)) as target:
            source.backup(target)
