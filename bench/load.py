"""Load test: several `omtanke serve` processes on loopback, respondents answering whole surveys at once, measured
against `/healthz` of the same servers from the same client at the same concurrency; then a burst of final
submissions; dropped connections, and stored responses counted against completed ones.

Method: a fresh database (PostgreSQL on TEST_DATABASE_URL's server, or SQLite in a temporary folder) is migrated and
given one workplace with a survey round of three HME pages. `--servers` app servers (`omtanke serve`, `--workers`
processes of `--threads` threads each) listen on loopback ports. Every simulated person is one phone: one keep-alive
HTTP/1.1 connection (`http.client`) to one server (person i to server i mod n, as a load balancer would pin it),
its own cookies, redirects followed as separate requests, no retry. A phone reuses its connection blindly, as
`http.client` does, so every connection the server closes while a phone still holds it costs that phone its
request; with `--check-idle` it first looks whether the server has closed it, as browsers and urllib3 do, and only
a close that crosses the request on the wire is lost. Each run (fresh servers; `--runs` gives ranges):

0. Warm-up, not measured: 8 whole surveys per worker process (templates compiled, SQL cached).
1. `/healthz`: `--respondents` people at once each GET `/healthz` as many times as a survey takes requests (10).
2. Answering: `--respondents` people at once press Start (POST, redirected to page 1), POST every page's answers
   (redirected to the next page, after the last to the thank-you page) and open pages 2 and 3 once more (GET).
3. `/healthz` again, so the ratio uses the mean of the two (the machine is shared; its speed drifts).

The ratio is answering requests/s ÷ `/healthz` requests/s. A connection the server closes without a response
("Remote end closed connection without response", a reset, a broken pipe) counts as dropped: that person's answers
are not sent. Then `--burst` more people answer all pages but the last and press Send within the same second.
Afterwards the stored responses are counted in the database and the servers' logs searched for "database is locked".

    .venv/bin/python bench/load.py [--database postgresql|sqlite] [--servers 2] [--workers 2] [--threads 4]
                                   [--respondents 200] [--burst 300] [--runs 1] [--quick] [--check-idle]

Also printed: CPU ms per request of the servers, of all PostgreSQL processes (other work too) and of this client.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering")
#: HTTP requests of one whole survey: start and its redirect to page 1, every page's POST and its redirect (to the
#: next page, at last to the thank-you page), and a GET of every page after the first: 2 + 2 × 3 + 2 = 10.
REQUESTS_PER_SURVEY = 2 + 2 * len(SECTIONS) + len(SECTIONS) - 1
_RADIO = re.compile(r'type="radio" id="[^"]*"\s+name="([^"]+)" value="([^"]+)"')
_DRAFT = re.compile(r'name="draft" value="([^"]+)"')
#: What a client sees when the server closes a connection without answering the request sent on it.
DROPPED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.BadStatusLine)


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


@dataclass
class Tally:
    """Every request's latency, and what went wrong, of one phase."""

    latencies: list = field(default_factory=list)
    dropped: int = 0
    failed: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Phone:
    """One person: one keep-alive connection to one server, its cookies, every request timed, redirects followed."""

    #: Look before reusing an idle connection (``--check-idle``); by default a phone reuses it blindly, as Python's
    #: http.client does, so that every connection the server closes while a phone still holds it shows.
    check_idle = False

    def __init__(self, port: int, tally: Tally) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.tally = tally

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """One HTTP request (no redirect followed): status, body, and the Location (or "")."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.check_idle:
            self._drop_if_closed()
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        with self.tally.lock:
            self.tally.latencies.append(time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, urlsplit(response.headers.get("Location", "")).path

    def _drop_if_closed(self) -> None:
        """Before reusing an idle connection, notice whether the server has closed it meanwhile (and then open a new
        one), as browsers and urllib3 do; a close that crosses the request on the wire is still a dropped request."""
        sock = self.connection.sock
        if sock is not None and select.select([sock], [], [], 0)[0]:
            self.connection.close()

    def follow(self, method: str, path: str, form: dict | None = None) -> tuple[str, str]:
        """A request and, after a redirect, the page it leads to: that page's body and path."""
        status, body, location = self.request(method, path, form)
        while status in (301, 302, 303):
            path = location
            status, body, location = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status}")
        return body, path

    def answer(self, token: str, stop_before_send: bool = False) -> bool:
        """The whole survey (True when the thank-you page came); with ``stop_before_send`` all but the Send."""
        body, path = self.follow("POST", f"/s/{token}/start", {"lang": "sv"})
        for number in range(1, len(SECTIONS) + 1):
            if number > 1:
                body, path = self.follow("GET", path)  # the page is shown again, as a phone that comes back to it
            form = {"draft": _DRAFT.search(body).group(1)}
            for name, value in _RADIO.findall(body):
                form.setdefault(name, value)  # the first option of every statement
            form["action"] = "submit" if number == len(SECTIONS) else "next"
            if number == len(SECTIONS) and stop_before_send:
                self.pending = (path, form)
                return False
            body, path = self.follow("POST", path, form)
        return path.endswith("/done")

    def send(self) -> bool:
        path, form = self.pending
        return self.follow("POST", path, form)[1].endswith("/done")

    def healthz(self, times: int) -> bool:
        for _ in range(times):
            self.follow("GET", "/healthz")
        return True


def _safely(phone: Phone, call) -> bool:
    """Run one person's part; a dropped connection or another failure is counted, and that person stops."""
    try:
        return call()
    except DROPPED as error:
        with phone.tally.lock:
            phone.tally.dropped += 1
            phone.tally.failed.append(f"dropped: {type(error).__name__}: {error}")
    except (OSError, RuntimeError, AttributeError) as error:
        with phone.tally.lock:
            phone.tally.failed.append(f"{type(error).__name__}: {error}")
    finally:
        phone.connection.close()
    return False


def _at_once(ports: list[int], people: int, work) -> tuple[Tally, float, int]:
    """``people`` phones, all started together: the tally, the seconds until the last finished, how many succeeded."""
    tally, ready = Tally(), threading.Barrier(people)
    phones = [Phone(ports[i % len(ports)], tally) for i in range(people)]

    def one(phone: Phone) -> bool:
        ready.wait()
        return _safely(phone, lambda: work(phone))

    with ThreadPoolExecutor(max_workers=people) as pool:
        started = time.perf_counter()
        succeeded = sum(pool.map(one, phones))
    return tally, time.perf_counter() - started, succeeded


def _cut(values: list[float], share: int) -> float:
    return statistics.quantiles(values, n=100)[share - 1] * 1000 if len(values) > 1 else float("nan")


def _serve(args, env: dict, folder: Path, run: int) -> tuple[list, list, list[int]]:
    ports = [_free_port() for _ in range(args.servers)]
    logs = [open(folder / f"server-{run}-{port}.log", "w") for port in ports]  # noqa: SIM115
    servers = [
        subprocess.Popen([sys.executable, "-c", "from survey_app.cli import main; main()", "serve", "--bind",
                          f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads)],
                         env=env, stdout=log, stderr=log)
        for port, log in zip(ports, logs, strict=True)
    ]  # fmt: skip
    for port in ports:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
    return servers, logs, ports


def _cpu_seconds(pids: list[int]) -> tuple[float, float]:
    """CPU seconds (user + system) of these processes with their descendants, and of every PostgreSQL process on the
    machine, from /proc (Linux)."""
    used, parents, postgres = {}, {}, 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)[0], stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(stat.parent.name)
        used[pid], parents[pid] = int(fields[11]) + int(fields[12]), int(fields[1])
        postgres += used[pid] if name.endswith("(postgres") else 0
    ours, grown = set(pids), True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in ours} - ours
        ours, grown = ours | more, bool(more)
    return sum(used.get(pid, 0) for pid in ours) / os.sysconf("SC_CLK_TCK"), postgres / os.sysconf("SC_CLK_TCK")


def _measured(servers: list, work) -> tuple:
    """``work()``'s result and the CPU milliseconds per request it cost the servers, every PostgreSQL process on the
    machine (other work included) and this client."""
    before = (*_cpu_seconds([s.pid for s in servers]), time.process_time())
    result = work()
    after = (*_cpu_seconds([s.pid for s in servers]), time.process_time())
    used = [(end - start) / max(len(result[0].latencies), 1) * 1000 for start, end in zip(before, after, strict=True)]
    return (*result, used)


def _one_run(args, env: dict, folder: Path, token: str, run: int) -> dict:
    servers, logs, ports = _serve(args, env, folder, run)
    try:
        # every worker's first requests compile templates and SQL and fill caches: not what is measured here
        _, _, warmed = _at_once(ports, 8 * args.servers * args.workers, lambda phone: phone.answer(token))
        everyone = args.respondents
        health1, seconds1, _, health_cpu = _measured(
            servers, lambda: _at_once(ports, everyone, lambda phone: phone.healthz(REQUESTS_PER_SURVEY))
        )
        answering, seconds, completed, cpu = _measured(
            servers, lambda: _at_once(ports, everyone, lambda phone: phone.answer(token))
        )
        health2, seconds2, _ = _at_once(ports, args.respondents, lambda phone: phone.healthz(REQUESTS_PER_SURVEY))
        sends, send_seconds, sent, send_dropped = _burst(ports, args.burst, token)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)
        for log in logs:
            log.close()
    healthz_rate = statistics.mean((len(health1.latencies) / seconds1, len(health2.latencies) / seconds2))
    rate = len(answering.latencies) / seconds
    health = health1.latencies + health2.latencies
    return dict(
        healthz=healthz_rate, healthz_p50=_cut(health, 50), healthz_p95=_cut(health, 95), rate=rate,
        healthz_dropped=health1.dropped + health2.dropped, ratio=rate / healthz_rate, p50=_cut(answering.latencies, 50),
        p95=_cut(answering.latencies, 95), completed=completed, warmed=warmed, cpu=cpu, healthz_cpu=health_cpu,
        dropped=answering.dropped, failed=answering.failed, responses_per_s=completed / seconds, seconds=seconds,
        sent=sent, send_seconds=send_seconds, send_p95=_cut(sends, 95), send_dropped=send_dropped,
        locked=sum((folder / f"server-{run}-{port}.log").read_text().count("database is locked") for port in ports),
    )  # fmt: skip


def _burst(ports: list[int], people: int, token: str) -> tuple[list, float, int, int]:
    """``people`` phones answer all but the last page, then all press Send at the same moment."""
    preparing = Tally()
    phones = [Phone(ports[i % len(ports)], preparing) for i in range(people)]
    with ThreadPoolExecutor(max_workers=min(people, 100)) as pool:
        list(pool.map(lambda phone: phone.answer(token, stop_before_send=True), phones))
    sending, ready = Tally(), threading.Barrier(people)
    for phone in phones:
        phone.tally = sending

    def press(phone: Phone) -> bool:
        ready.wait()
        return _safely(phone, phone.send)

    with ThreadPoolExecutor(max_workers=people) as pool:
        started = time.perf_counter()
        sent = sum(pool.map(press, phones))
    return sending.latencies, time.perf_counter() - started, sent, sending.dropped


def _stored(env: dict) -> int:
    script = (
        "from sqlalchemy import func, select\nfrom survey_app import create_app\nfrom survey_app.db import db\n"
        "from survey_app.models import SurveyResponse\napp = create_app()\nwith app.app_context():\n"
        "    print(db.session.scalar(select(func.count()).select_from(SurveyResponse)))\n"
    )
    return int(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              check=True).stdout.strip())  # fmt: skip


def _span(values: list[float], form: str = "{:.0f}") -> str:
    low, high = min(values), max(values)
    return form.format(low) if form.format(low) == form.format(high) else f"{form.format(low)}–{form.format(high)}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    for name, default in (("servers", 2), ("workers", 2), ("threads", 4), ("respondents", 200), ("burst", 300)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--runs", type=int, default=1, help="fresh servers each run; figures given as ranges")
    parser.add_argument("--quick", action="store_true", help="20 respondents, a burst of 30, one run")
    parser.add_argument("--check-idle", action="store_true", help="phones look whether an idle connection was closed")
    args = parser.parse_args()
    Phone.check_idle = args.check_idle
    if args.quick:
        args.respondents, args.burst, args.runs = 20, 30, 1
    folder = Path(tempfile.mkdtemp(prefix="omtanke-load-"))
    url, drop = _database(args.database, folder)
    env = {**os.environ, "OMTANKE_INSTANCE_PATH": str(folder), "DATABASE_URL": url, "OMTANKE_SECURE_COOKIES": "0"}
    try:
        token = _prepare(env)
        setup = f"{args.servers} servers × {args.workers} workers × {args.threads} threads, {os.cpu_count()} cores"
        print(f"{args.database}, {setup} shared with the client; {args.respondents} people at once", flush=True)
        runs = []
        for run in range(args.runs):
            result = _one_run(args, env, folder, token, run)
            runs.append(result)
            print(
                f"run {run + 1}: answering {result['rate']:.0f} req/s (p50 {result['p50']:.0f} ms, p95 "
                f"{result['p95']:.0f} ms) | /healthz {result['healthz']:.0f} req/s (p50 {result['healthz_p50']:.0f} "
                f"ms, p95 {result['healthz_p95']:.0f} ms) | ratio {result['ratio']:.2f} | completed "
                f"{result['completed']}/{args.respondents} in {result['seconds']:.1f} s | dropped {result['dropped']}"
                f" (healthz {result['healthz_dropped']}) | burst: {result['sent']}/{args.burst} sent in "
                f"{result['send_seconds']:.1f} s, p95 {result['send_p95']:.0f} ms, dropped {result['send_dropped']}",
                flush=True,
            )
            pairs = [f"{a:.1f} / {b:.1f}" for a, b in zip(result["cpu"], result["healthz_cpu"], strict=True)]
            print(f"       CPU ms per request, answering / healthz: servers {pairs[0]}, postgres (all) {pairs[1]}, "
                  f"client {pairs[2]}")  # fmt: skip
            for failure in sorted(set(result["failed"])):
                print(f"       {result['failed'].count(failure)} × {failure}")
        stored = _stored(env)
    finally:
        drop()
    completed = sum(r["completed"] + r["sent"] + r["warmed"] for r in runs)
    print(f"answering requests/s: {_span([r['rate'] for r in runs])}; /healthz requests/s at the same concurrency: "
          f"{_span([r['healthz'] for r in runs])}; ratio {_span([r['ratio'] for r in runs], '{:.2f}')}")  # fmt: skip
    print(f"answering p50 {_span([r['p50'] for r in runs])} ms, p95 {_span([r['p95'] for r in runs])} ms; "
          f"responses/s {_span([r['responses_per_s'] for r in runs], '{:.1f}')}")  # fmt: skip
    print(f"dropped connections: {sum(r['dropped'] + r['send_dropped'] for r in runs)} "
          f"(per run: {', '.join(str(r['dropped'] + r['send_dropped']) for r in runs)}); "
          f"stored responses {stored} = completed {completed}: {stored == completed}; "
          f"'database is locked' in server logs: {sum(r['locked'] for r in runs)}")  # fmt: skip


if __name__ == "__main__":
    main()
