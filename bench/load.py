"""Load test: several `omtanke serve` processes on loopback, respondents answering whole surveys at once, then a
burst of final submissions; latency percentiles, throughput, and a count of stored responses against completed ones.

Method: a fresh database (PostgreSQL on TEST_DATABASE_URL's server, or SQLite in a temporary folder) is migrated and
given one workplace with a survey round of three HME pages. `--servers` app servers (`omtanke serve`, `--workers`
processes of 4 threads each) listen on loopback ports. Phase 1: `--respondents` simulated staff, all at once, each
opens the answer link, answers every page (GET the page, POST its answers) and sends; every request goes to the next
server in turn. Phase 2: `--burst` more staff answer every page but the last; then all of them press Send within
the same second. Every request's latency is recorded; a respondent is "completed" when the final Send answered with
the thank-you page. Afterwards the stored responses are counted in the database and the servers' logs are searched
for "database is locked".

    .venv/bin/python bench/load.py [--database postgresql|sqlite] [--servers 2] [--workers 2]
                                   [--respondents 200] [--burst 300]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering")
_RADIO = re.compile(r'type="radio" id="[^"]*"\s+name="([^"]+)" value="([^"]+)"')
_DRAFT = re.compile(r'name="draft" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database(kind: str, folder: Path) -> tuple[str, callable]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'omtanke.db'}", lambda: None
    from sqlalchemy import create_engine, text

    server = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    name = f"omtanke_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return server.rsplit("/", 1)[0] + "/" + name, drop


def _prepare(env: dict) -> str:
    """Migrate, create the workplace, an HR account and an open round; return the answer link's token."""
    subprocess.run([sys.executable, "-c", "from survey_app.cli import main; main()", "db", "upgrade"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    script = (
        "from datetime import date, timedelta\n"
        "from survey_app import create_app\n"
        "from survey_app.db import db\n"
        "from survey_app.models import Role, Unit, User\n"
        "from survey_app.surveys.services import RoundInput, create_round\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    db.session.add(Unit(name='Äldreboendet Linden', code='LOAD-1', headcount=1000))\n"
        "    hr = User(email='hr@load.test', name='HR', role=Role.HR.value, password_hash='x')\n"
        "    db.session.add(hr); db.session.commit()\n"
        "    today = date.today()\n"
        f"    survey = create_round(hr, RoundInput('Load', 'LOAD-1', today, today + timedelta(days=7), ('sv',), 5, {SECTIONS!r}), today)\n"  # noqa: E501
        "    from survey_app.surveys.lifecycle import open_round; open_round(hr, survey, today)\n"
        "    print(survey.units[0].link_token)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


class Respondent:
    """One person on a phone: a cookie jar, the pages in order, every request timed."""

    def __init__(self, base: str, token: str, timings: list, lock: threading.Lock) -> None:
        self.base, self.token, self.timings, self.lock = base, token, timings, lock
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def _request(self, path: str, form: dict | None = None) -> tuple[str, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        started = time.perf_counter()
        with self.opener.open(self.base + path, data=data, timeout=120) as response:
            body, url = response.read().decode(), response.geturl()
        with self.lock:
            self.timings.append(time.perf_counter() - started)
        return body, url

    def answer(self, stop_before_send: bool = False) -> str | None:
        _, url = self._request(f"/s/{self.token}/start", {"lang": "sv"})
        for number in range(1, len(SECTIONS) + 1):
            body, _ = self._request(f"/s/{self.token}/p/{number}")
            form = {"draft": _DRAFT.search(body).group(1)}
            for name, value in _RADIO.findall(body):
                form.setdefault(name, value)  # the first option of every statement
            form["action"] = "submit" if number == len(SECTIONS) else "next"
            if number == len(SECTIONS) and stop_before_send:
                self.pending = form
                return None
            _, url = self._request(f"/s/{self.token}/p/{number}", form)
        return url

    def send(self) -> str:
        return self._request(f"/s/{self.token}/p/{len(SECTIONS)}", self.pending)[1]


def _percentiles(values: list[float]) -> str:
    if not values:
        return "–"
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms"


def _stored(env: dict) -> int:
    script = (
        "from sqlalchemy import func, select\nfrom survey_app import create_app\nfrom survey_app.db import db\n"
        "from survey_app.models import SurveyResponse\napp = create_app()\nwith app.app_context():\n"
        "    print(db.session.scalar(select(func.count()).select_from(SurveyResponse)))\n"
    )
    return int(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              check=True).stdout.strip())  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--burst", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="omtanke-load-"))
    url, drop = _database(args.database, folder)
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(folder), "DATABASE_URL": url, "OMTANKE_SECURE_COOKIES": "0"}
    token = _prepare(env)
    ports = [_free_port() for _ in range(args.servers)]
    logs = [open(folder / f"server-{port}.log", "w") for port in ports]  # noqa: SIM115
    servers = [
        subprocess.Popen([sys.executable, "-c", "from survey_app.cli import main; main()", "serve", "--bind",
                          f"127.0.0.1:{port}", "--workers", str(args.workers)], env=env, stdout=log, stderr=log)
        for port, log in zip(ports, logs, strict=True)
    ]  # fmt: skip
    try:
        for port in ports:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.2)
        lock, timings, send_timings = threading.Lock(), [], []
        people = [Respondent(f"http://127.0.0.1:{ports[i % len(ports)]}", token, timings, lock)
                  for i in range(args.respondents)]  # fmt: skip
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.respondents) as pool:
            finished = list(pool.map(lambda person: _safely(person.answer), people))
        phase1 = time.perf_counter() - started
        completed1 = sum(1 for url in finished if url and "/done" in url)

        burst = [Respondent(f"http://127.0.0.1:{ports[i % len(ports)]}", token, [], lock) for i in range(args.burst)]
        with ThreadPoolExecutor(max_workers=100) as pool:
            list(pool.map(lambda person: _safely(lambda: person.answer(stop_before_send=True)), burst))
        for person in burst:
            person.timings = send_timings
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.burst) as pool:
            sent = list(pool.map(lambda person: _safely(person.send) if hasattr(person, "pending") else None, burst))
        phase2 = time.perf_counter() - started
        completed2 = sum(1 for url in sent if url and "/done" in url)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)
        for log in logs:
            log.close()
    stored = _stored(env)
    locked = sum((folder / f"server-{port}.log").read_text().count("database is locked") for port in ports)
    drop()
    print(f"{args.database}, {args.servers} servers × {args.workers} workers × 4 threads, on 2 cores")
    print(
        f"phase 1: {args.respondents} respondents at once, {len(SECTIONS)} pages each: {completed1} completed in "
        f"{phase1:.1f} s, {completed1 / phase1:.1f} responses/s, {len(timings) / phase1:.0f} requests/s"
    )
    print(f"         every request: {_percentiles(timings)}")
    print(f"phase 2: {args.burst} Send presses at once: {completed2} completed in {phase2:.1f} s")
    print(f"         Send: {_percentiles(send_timings)}")
    print(f"stored responses: {stored}; completed submissions: {completed1 + completed2}; "
          f"'database is locked' in server logs: {locked}")  # fmt: skip


def _safely(call):
    try:
        return call()
    except OSError as error:
        return f"error: {error}"


if __name__ == "__main__":
    main()
