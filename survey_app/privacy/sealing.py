"""Sealing the tables respondents write, so that the database's files keep no trace of who answered when.

Why, on PostgreSQL: every row version is stamped with the id of the transaction that wrote it (``xmin``, a counter)
and, once replaced or deleted, with the one that did (``xmax``); new rows go to the end of the table. A code is
claimed in one transaction and its response stored in the next, so the claim's id is followed by the response's:
with HR's list of who got which code, that names the respondent. The old versions (the unused code, the deleted
draft with its answers) stay in the table's pages until vacuum, and vacuum cannot remove what an open snapshot may
still see. Updating or vacuuming the rows in place therefore cannot be relied on.

What: once a night (``omtanke purge``) every table in ``SEALED`` is copied aside, truncated — which gives each table
a new, empty file; the old one, dead versions and all, is removed at commit — and filled again from the copy in the
order of its random key, all in one transaction. Afterwards every row carries the seal's one transaction id, no old
version is left in any page, and rows lie in the order of random ids. The tables are locked (ACCESS EXCLUSIVE) from
the first statement: a respondent who sends meanwhile waits for the seal to commit (seconds; docs/operations.md) and
is stored after it, never lost; the seal in turn waits for transactions already under way. A table that references
one of these and is not sealed with them makes TRUNCATE fail: the seal is then rolled back whole and reported.

On SQLite the response tables are WITHOUT ROWID (stored in the order of the random id from the first insert) and rows
carry no transaction id; what keeps the day's order is the write-ahead log, whose pages follow each other as they
were written, and its index (``-shm``) their page numbers. ``empty_write_ahead_log`` copies the log into the database
file and truncates it to nothing, and leaves the index naming the file's first page only.

Never changes what a row says: the same ids, values and dates come back.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from survey_app.db import db

#: Every table a respondent writes while answering (tests/survey_app/privacy/test_sealed_storage.py checks this),
#: with the order its rows are put back in. Locked in this order, the order in which answering touches them.
SEALED = {
    "survey_round_units": "id",
    "survey_access_codes": "code_hash",
    "survey_drafts": "id",
    "survey_responses": "id",
    "survey_answers": "response_id, item_key, position",
}
#: How long the seal waits for transactions under way (a running export, a backup) before it gives up until the next
#: night: respondents queue behind the seal's waiting lock.
LOCK_TIMEOUT = "30s"


def _statements() -> list[str]:
    """The seal, statement by statement; every name comes from ``SEALED`` above, none from outside."""
    tables = ", ".join(SEALED)
    copies = [f"CREATE TEMPORARY TABLE sealed_{table} AS SELECT * FROM {table}" for table in SEALED]  # noqa: S608
    put_back = [
        f"INSERT INTO {table} SELECT * FROM sealed_{table} ORDER BY {order}"  # noqa: S608
        for table, order in SEALED.items()
    ]
    return [
        f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
        f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE",
        *copies,
        f"TRUNCATE {tables}",
        *put_back,
        f"DROP TABLE {', '.join(f'sealed_{table}' for table in SEALED)}",
    ]


def needs_sealing() -> bool:
    """Whether anything was written to the tables in ``SEALED`` since they were last sealed (PostgreSQL): a row of a
    later transaction than the others (every respondent's write leaves one: a new draft, a claimed code, a stored
    response), or a row version deleted since (a purged draft). A night without answers then costs no lock."""
    writers = " UNION ".join(f"SELECT DISTINCT xmin::text FROM {table}" for table in SEALED)  # noqa: S608
    if db.session.scalar(text(f"SELECT count(*) FROM ({writers}) AS writers")) > 1:  # noqa: S608
        return True
    dead = text(
        "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_all_tables WHERE relid = ANY(CAST(:tables AS regclass[]))"
    )
    return db.session.scalar(dead, {"tables": list(SEALED)}) > 0


def seal_responses() -> int:
    """Rewrite every table in ``SEALED`` in one transaction when ``needs_sealing`` (PostgreSQL; nothing elsewhere);
    returns how many responses were rewritten. Commits what the session holds first."""
    if db.session.get_bind().dialect.name != "postgresql":
        return 0
    db.session.commit()
    if not needs_sealing():
        db.session.commit()
        return 0
    responses = 0
    for statement in _statements():
        db.session.execute(text(statement))
        if statement.startswith("INSERT INTO survey_responses "):
            responses = db.session.scalar(text("SELECT count(*) FROM sealed_survey_responses"))
    db.session.commit()
    return responses


def empty_write_ahead_log() -> None:
    """SQLite: copy the write-ahead log into the database file and truncate it (nothing elsewhere). Needs a moment with
    no transaction open on this connection; waits for other readers and writers up to the busy timeout and raises
    ``RuntimeError`` when they are still there."""
    if db.engine.dialect.name != "sqlite":
        return
    db.session.commit()  # gives its connection back: the log is emptied on one with no transaction open
    with db.engine.connect() as connection:  # the driver's own connection: SQLAlchemy would BEGIN first
        driver = connection.connection.driver_connection
        busy = _checkpoint(driver)
        # The log's index (the -shm file) still lists the page numbers it held, in the order written, until the next
        # write: the header's user_version written back unchanged, and a second checkpoint, leave it naming page 1.
        version = int(driver.execute("PRAGMA user_version").fetchone()[0])
        driver.execute(f"PRAGMA user_version = {version}")
        busy = _checkpoint(driver) or busy
    if busy:
        raise RuntimeError("the write-ahead log could not be emptied: the database was busy")


def _checkpoint(driver: sqlite3.Connection) -> bool:
    busy, _, _ = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return bool(busy)
