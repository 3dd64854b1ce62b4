"""One transaction per test, rolled back afterwards: what the app commits during a test is only a savepoint released.

The test's connection begins a transaction; every session joins it with ``join_transaction_mode="create_savepoint"``
(a commit releases a savepoint, a rollback returns to one), and code that asks the engine for a connection of its own
(``audit.record_read``, a job's progress) gets the same connection, its transaction a savepoint too. Nothing reaches
the database file, so nothing has to be emptied; on SQLite, ``survey_app/db.py`` already leaves BEGIN to SQLAlchemy,
which is what savepoints need from pysqlite.

Production's behaviour is kept where a single connection can imitate it:
- ``BEGIN IMMEDIATE`` or not: a session's first savepoint notes the write intent, as ``db.py``'s BEGIN does.
- A transaction of its own opened while a session only read: the session's savepoints are released first and opened
  again afterwards, so that the session's later rollback (every request ends with one) does not take it away.

What it cannot imitate it reports, failing the test with the remedy (``@pytest.mark.commits``: real commits, tables
emptied afterwards): another thread or a second connection using the database, and a transaction of its own opened
while a session has written (production would wait for that session's write lock).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from unittest import mock

from sqlalchemy import event
from sqlalchemy.engine import Connection

from survey_app.db import _write_intent

REMEDY = "mark the test @pytest.mark.commits (real commits, tables emptied afterwards)"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


@dataclass
class _Savepoint:
    name: str
    wrote: bool = False


class Isolation:
    """The test's connection and what happened on it."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.thread = threading.get_ident()
        self.problems: list[str] = []
        self.savepoints: list[_Savepoint] = []
        self._own = False

    def _same_thread(self, what: str) -> None:
        if threading.get_ident() != self.thread:
            self.problems.append(f"{what} on another thread")
            raise RuntimeError(f"{what} on another thread: {REMEDY}")

    def session_bind(self, *_args, **_kwargs) -> Connection:
        self._same_thread("a session used the database")
        return self.connection

    def engine_connect(self) -> Connection:
        self._same_thread("a connection was opened")
        return self.connection

    def on_checkout(self, *_args) -> None:
        self.problems.append("a second connection was checked out of the pool (engine.raw_connection?)")

    def on_execute(self, connection: Connection, _cursor, statement: str, *_args) -> None:
        """Follow the savepoints by their statements (the "savepoint" event comes before SQLAlchemy names one)."""
        words = statement.split()
        verb = words[0].upper() if words else ""
        if verb == "SAVEPOINT":
            if not self.savepoints and not self._own:  # a session's transaction begins: note what BEGIN would
                connection.info["omtanke_holds_write_lock"] = _write_intent.get()
            self.savepoints.append(_Savepoint(words[1]))
        elif verb in ("RELEASE", "ROLLBACK") and len(words) > 1:
            name = words[-1]
            while self.savepoints and self.savepoints.pop().name != name:
                pass
        elif verb in _WRITES:
            for savepoint in self.savepoints:
                savepoint.wrote = True

    @contextmanager
    def own_transaction(self) -> Iterator[Connection]:
        """``engine.begin()``: a transaction that commits on its own, whatever the session around it does later."""
        lifted = list(self.savepoints)
        wrote = any(savepoint.wrote for savepoint in lifted)
        if wrote:
            self.problems.append("a transaction of its own began while a session had written")
        elif lifted:  # releasing the first releases those inside it
            self.connection.exec_driver_sql(f"RELEASE SAVEPOINT {lifted[0].name}")
        self._own = True
        try:
            with self.connection.begin_nested():
                yield self.connection
        finally:
            if lifted and not wrote:
                for savepoint in lifted:
                    self.connection.exec_driver_sql(f"SAVEPOINT {savepoint.name}")
            self._own = False
            self.savepoints = lifted


def _nothing(*_args, **_kwargs) -> None:
    return None


@contextmanager
def rolled_back(db) -> Iterator[Isolation]:
    """Run the block inside one transaction on one connection, rolled back at the end; yields what was seen."""
    engine = db.engine
    db.session.remove()
    connection = engine.connect()
    transaction = connection.begin()
    isolation = Isolation(connection)
    factory = db.session.session_factory
    listeners = [
        (connection, "before_cursor_execute", isolation.on_execute),
        (engine, "checkout", isolation.on_checkout),
    ]
    try:
        with ExitStack() as patches:
            patches.enter_context(mock.patch.dict(factory.kw, {"join_transaction_mode": "create_savepoint"}))
            # Flask-SQLAlchemy's sessions ask for db.engine whatever their bind: give them the test's connection.
            patches.enter_context(mock.patch.object(factory.class_, "get_bind", isolation.session_bind))
            patches.enter_context(mock.patch.object(engine, "connect", isolation.engine_connect))
            patches.enter_context(mock.patch.object(engine, "begin", isolation.own_transaction))
            patches.enter_context(mock.patch.object(connection, "close", _nothing))
            for target, name, listener in listeners:
                event.listen(target, name, listener)
                patches.callback(event.remove, target, name, listener)
            yield isolation
            db.session.remove()
    finally:
        transaction.rollback()
        connection.close()
