"""SQLite's write lock goes first come, first served among one process's threads (survey_app/write_queue.py)."""

from __future__ import annotations

import threading
import time

from survey_app.write_queue import WriteQueue


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_waiting_threads_get_the_lock_in_the_order_they_asked_for_it():
    queue, served = WriteQueue(), []
    assert queue.acquire(timeout=1)

    def writer(name: str) -> None:
        assert queue.acquire(timeout=5)
        served.append(name)
        queue.release()

    threads = []
    for name in "abcdef":
        thread = threading.Thread(target=writer, args=(name,))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=len(threads): len(queue._waiting) == n)  # each one is queued before the next asks
    queue.release()
    for thread in threads:
        thread.join(5)
    assert served == list("abcdef")
    assert queue.acquire(timeout=0)  # and free again once the last has gone


def test_a_thread_that_waited_too_long_goes_on_and_leaves_the_queue_to_the_others():
    queue = WriteQueue()
    assert queue.acquire(timeout=1)
    assert not queue.acquire(timeout=0.05)
    assert not queue._waiting  # the one that gave up no longer holds a place
    later = []
    thread = threading.Thread(target=lambda: later.append(queue.acquire(timeout=5)))
    thread.start()
    _wait_until(lambda: len(queue._waiting) == 1)
    queue.release()
    thread.join(5)
    assert later == [True]
