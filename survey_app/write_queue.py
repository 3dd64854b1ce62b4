"""First come, first served for SQLite's one write lock among the threads of one process.

SQLite lets one transaction write at a time; a ``BEGIN IMMEDIATE`` that finds the lock taken is retried by SQLite's
busy handler, which sleeps 1, 2, 5, … up to 100 ms between tries and gives up after the busy timeout. That is not a
queue: a thread that has waited long retries every 100 ms while newcomers retry after 1 ms and take the lock first.
Under load (200 people pressing Send on a busy two-core server, measured: the concurrency test under CI's faketime
failed in 5 of 6 runs, also before issue 19) one unlucky respondent waited past the timeout and got the retry page.

So a thread of this process waits here, in arrival order, before it asks SQLite for the write lock, and leaves when
its transaction ends: at most one thread per process then competes in SQLite's busy handler, against the other
processes' one each. The queue holds exactly while SQLite's lock would be held, so it can only reorder waiters,
never add a wait that SQLite would not have imposed; a thread that has waited ``timeout`` seconds goes on to SQLite's
own handler as before, so nothing can hang on the queue. One queue per database file.
"""

from __future__ import annotations

import threading
from collections import deque


class WriteQueue:
    """A fair lock: ``acquire`` grants in the order of arrival; ``release`` hands over to the longest waiter."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._busy = False
        self._waiting: deque[threading.Event] = deque()

    def acquire(self, timeout: float) -> bool:
        """Wait for this thread's turn; False when ``timeout`` seconds passed first (the caller goes on unqueued)."""
        with self._guard:
            if not self._busy:
                self._busy = True
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._guard:
            if turn.is_set():  # handed over just as the wait ended: the turn is ours, take it
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        """End this thread's turn: the longest waiter's begins (the queue stays busy), or the queue is free."""
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._busy = False


_queues: dict[str, WriteQueue] = {}
_queues_guard = threading.Lock()


def queue_for(database: str) -> WriteQueue:
    """The one queue of this process for a database file."""
    with _queues_guard:
        return _queues.setdefault(database, WriteQueue())
