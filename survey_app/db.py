"""Database engine, session and the declarative base.

SQLite is the embedded default and needs care to stay correct under concurrent writes (see docs/architecture.md):
WAL journal, ``synchronous=FULL``, a busy timeout, foreign keys on, and write transactions that start with
``BEGIN IMMEDIATE`` so that a read never has to be upgraded to a write lock halfway through; a process's threads
queue for that lock first come, first served (``write_queue``). Requests with a safe
method (GET, HEAD, OPTIONS) open deferred transactions; everything else, including the CLI, opens immediate ones.

A request's work is saved only by the service that commits it: whatever is still uncommitted when the request ends
(a refused form, an error page, an exception) is rolled back in one teardown, so views never roll back themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

from survey_app.write_queue import queue_for

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every table's base: constraints get names from NAMING_CONVENTION, so Alembic can alter them on SQLite."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

#: How long a SQLite transaction waits for the write lock (SQLite's busy timeout; as long again in this process's
#: queue for it, ``write_queue``) before the request gets the retry page.
BUSY_TIMEOUT_MS = 10_000

#: Whether the next SQLite transaction on this thread/context should take the write lock at once.
_write_intent: ContextVar[bool] = ContextVar("omtanke_write_intent", default=True)


def utcnow() -> datetime:
    """Naive UTC timestamp: every datetime column in Omtanke stores UTC without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def set_write_intent(value: bool) -> object:
    """Declare whether the coming transactions write; returns a token for :func:`reset_write_intent`."""
    return _write_intent.set(value)


def reset_write_intent(token: object) -> None:
    """Undo :func:`set_write_intent` with the token it returned."""
    _write_intent.reset(token)  # type: ignore[arg-type]


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run a block whose transactions must take the SQLite write lock up front (e.g. an audit write in a GET)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event below emit BEGIN itself, so that we can choose IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Overwrite deleted rows with zeros: a submitted draft (code hash + answers) must not stay readable in the file
    # or in backups copied from it. Debian builds SQLite with this on; SQLite's own default and other builds do not.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    immediate = _write_intent.get()
    database = conn.engine.url.database
    # Wait for this thread's turn first: SQLite's own retries are not first come, first served. (Each in-memory
    # database is a database of its own, whatever its URL: those are not queued.)
    if immediate and database not in (None, "", ":memory:"):
        queue = queue_for(database)
        if queue.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            conn.info["omtanke_write_turn"] = queue
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    except BaseException:
        _end_write_turn(conn.info)
        raise
    conn.info["omtanke_holds_write_lock"] = immediate


def _end_write_turn(info: dict) -> None:
    queue = info.pop("omtanke_write_turn", None)
    if queue is not None:
        queue.release()


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _transaction_ends(conn) -> None:
    _end_write_turn(conn.info)


@event.listens_for(Pool, "checkin")
@event.listens_for(Pool, "invalidate")
def _connection_returned(_dbapi_connection, record, *_args) -> None:
    """However a connection's transaction ended (also without a commit or rollback event), its turn ends with it."""
    if record is not None:
        _end_write_turn(record.info)


def session_holds_sqlite_write_lock() -> bool:
    """True when the session's open transaction already holds SQLite's single write lock."""
    if not db.session().in_transaction():
        return False
    return bool(db.session.connection().info.get("omtanke_holds_write_lock"))


def discard_unfinished_work() -> None:
    """Roll back whatever the session has begun and not committed (a lost connection has nothing left to undo)."""
    if not db.session.registry.has():
        return
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection is gone; the pool replaces it (pool_pre_ping)
        pass


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_db(app) -> None:
    """Bind the session to the app; requests with a safe method read without taking the write lock, and whatever a
    request leaves uncommitted is rolled back when it ends."""
    from flask import request

    db.init_app(app)

    @app.before_request
    def _declare_write_intent() -> None:
        request.environ["omtanke.write_intent"] = set_write_intent(request.method not in SAFE_METHODS)

    @app.teardown_request
    def _end_unit_of_work(_exc) -> None:
        # Only a dispatched request has the token: a request context pushed for url_for (links.py, the CLI, tests)
        # must not roll back the work of the code that pushed it.
        token = request.environ.pop("omtanke.write_intent", None)
        if token is not None:
            discard_unfinished_work()
            reset_write_intent(token)
