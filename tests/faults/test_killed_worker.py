"""Server processes killed with SIGKILL while staff press Send: every person's answers are stored exactly once after
their browser retries, whatever instant the kill hit (before, inside or after the transaction).

`omtanke serve` runs one worker process against the test database; a killer thread SIGKILLs whichever worker is
serving at pseudo-random instants while 40 respondents send, and each respondent retries a Send whose connection
died until the server answers (gunicorn's master starts a new worker). The invariant is checked, not the timing: a
kill that happened to land between requests proves less, but can never make the test pass wrongly.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import ResponseDraft, SurveyResponse
from survey_app.respond import services
from tests.helpers import free_port, run_omtanke, wait_until_up

# Answers go to gunicorn's worker processes: real commits, seen by every process.
pytestmark = pytest.mark.commits

PEOPLE = 40
#: How long a new worker lives before it may be killed: enough to start serving on a slow machine.
WARM_UP_SECONDS = 1.0


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _send(port: int, path: str, cookie: str, draft: str) -> tuple[int, int]:
    """Press Send until the server answers; returns (final status, connections that died)."""
    body = urllib.parse.urlencode({"draft": draft, "action": "submit", "hme.hme1": "4", "hme.hme2": "3"})
    died = 0
    for _ in range(200):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"{cookie}={draft}"})  # fmt: skip
            return connection.getresponse().status, died
        except (ConnectionError, http.client.HTTPException, TimeoutError, OSError):
            died += 1
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError("the server never came back")


@pytest.mark.fault
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds gunicorn's workers through /proc (Linux)")
def test_workers_killed_during_sends_lose_nothing_and_store_nothing_twice(app, make, tmp_path):
    survey = make.survey_round(make.unit("Linden", code="SB-1", headcount=60), sections=("hme/motivation",))
    round_unit = survey.units[0]
    drafts = [services.start_draft(round_unit, "sv", survey.opens_on).id for _ in range(PEOPLE)]
    path, cookie = f"/s/{round_unit.link_token}/p/1", f"omtanke_answer_{round_unit.id}"
    db.session.commit()
    db.session.close()
    env = {**os.environ, "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
           "OMTANKE_INSTANCE_PATH": app.instance_path, "OMTANKE_SECURE_COOKIES": "0"}  # fmt: skip
    port = free_port()
    server = run_omtanke("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    kills, stop = [], threading.Event()

    def killer() -> None:
        rng = random.Random(11)
        born = {worker: -WARM_UP_SECONDS for worker in _workers(server.pid)}  # the first one is up: it answered
        while not stop.is_set():
            time.sleep(rng.uniform(0.05, 0.6))
            now = time.monotonic()
            for worker in _workers(server.pid):
                # A worker is killed once it has had the time to start serving: one killed while it boots never
                # serves a Send at all, and on a slow machine the server would never come back (seen with gunicorn
                # 27, whose master also reopens its control socket at every new worker).
                if now - born.setdefault(worker, now) < WARM_UP_SECONDS:
                    continue
                try:
                    os.kill(worker, signal.SIGKILL)
                    kills.append(worker)
                except ProcessLookupError:
                    pass

    try:
        wait_until_up(port, server)
        thread = threading.Thread(target=killer)
        thread.start()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda draft: _send(port, path, cookie, draft), drafts))
        stop.set()
        thread.join()
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    db.engine.dispose()
    assert kills, "no worker was killed"
    assert sum(died for _, died in results) > 0, "no Send was cut off: the test proved nothing"
    assert {status for status, _ in results} <= {302}  # to "done", or to the start when the lost answer was sent
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == PEOPLE
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0
