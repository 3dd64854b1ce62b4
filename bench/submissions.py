"""How many survey submissions per second the real WSGI stack takes, next to a cheap page of the same app.

Method: the app (production configuration, a temporary instance folder) is served by werkzeug's threaded server on
127.0.0.1. N link drafts are prepared through the services, each already holding the answers of the first pages.
C client threads then send every draft's last page with "Send my answers" over real HTTP (http.client, one
keep-alive connection per client), exactly as a phone does: POST /s/<token>/p/<last> with the draft cookie and the
``draft`` and ``action=submit`` fields plus the last page's own answer. The same clients also fetch N times the
survey's landing page (GET /s/<token>), the cheapest page of the respondent's journey, and N times the stylesheet as
a floor. Afterwards the stored responses are counted: they must equal N.

Runs on SQLite and, with ``--postgres URL`` or TEST_DATABASE_URL, also on a fresh PostgreSQL database that is
dropped afterwards. Loopback only; the number of requests is bounded and the script stops by itself.

    .venv/bin/python bench/submissions.py [--n 300] [--concurrency 16] [--postgres postgresql://postgres@127.0.0.1/x]

``--quick`` (as ``make bench-quick`` runs it): 10 submissions from 4 threads, to check that the script still runs.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import queue
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

SECTIONS = ("hme/motivation", "work_ability/work_ability")
OWN_QUESTION = "Vad vill du säga till din chef? | Mitä haluat sanoa esihenkilöllesi?"
DRAFT_ANSWERS = {"hme.hme1": 4, "hme.hme2": 5, "hme.hme3": 3, "work_ability.work_ability": 7}
OWN_ANSWER = "Mer tid för planering och färre avbrott under förmiddagen."


class QuietHandler(WSGIRequestHandler):
    """werkzeug's request handler without a log line per request."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class Run:
    label: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")

    def line(self) -> str:
        statuses = ", ".join(f"{status}×{count}" for status, count in sorted(self.statuses.items(), key=str))
        return (
            f"  {self.label:<26} {len(self.latencies):>5} req in {self.seconds:6.2f} s = {self.rate:8.1f}/s"
            f"   p50 {self.percentile(0.50):7.1f} ms   p95 {self.percentile(0.95):7.1f} ms   [{statuses}]"
        )


def hammer(port: int, label: str, jobs: list, request: Callable, concurrency: int) -> Run:
    """Send every job from ``concurrency`` client threads, all started together; time the whole batch."""
    work: queue.SimpleQueue = queue.SimpleQueue()
    for job in jobs:
        work.put(job)
    run, lock = Run(label), threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start.wait()
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            try:
                method, path, body, headers = request(job)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - began
            with lock:
                run.latencies.append(elapsed)
                run.statuses[status] += 1
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run


@contextmanager
def serving(app) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


def prepare(app, n: int) -> tuple[str, str, int, list[str]]:
    """A round with 3 pages and n + 1 drafts holding the first pages' answers (one draft warms the stack up)."""
    from flask_migrate import upgrade

    from survey_app.db import db
    from survey_app.models import ResponseDraft, Unit
    from survey_app.respond import services
    from survey_app.surveys.lifecycle import open_round
    from survey_app.surveys.services import RoundInput, create_round

    today = date.today()
    with app.app_context():
        upgrade()
        db.session.add(Unit(name="Äldreboendet Linden", code="BENCH-1", headcount=n + 1))
        db.session.commit()
        survey = create_round(
            None,
            RoundInput(
                title="Medarbetarenkät",
                root_code="BENCH-1",
                opens_on=today,
                closes_on=today + timedelta(days=14),
                languages=("sv", "fi"),
                anonymity_threshold=5,
                sections=SECTIONS,
                own_questions=OWN_QUESTION,
            ),
            today,
        )
        open_round(None, survey, today)
        round_unit = survey.units[0]
        last_page = len(services.questionnaire(round_unit))
        drafts = []
        for _ in range(n + 1):
            draft = services.start_draft(round_unit, "sv", today)
            drafts.append(draft.id)
        db.session.execute(update(ResponseDraft).values(answers=DRAFT_ANSWERS))
        db.session.commit()
        token, cookie = round_unit.link_token, f"omtanke_answer_{round_unit.id}"
        db.session.remove()  # this thread holds no connection, let alone a lock, while the clients run
    return token, cookie, last_page, drafts


def count_rows(app) -> tuple[int, int]:
    from survey_app.db import db
    from survey_app.models import ResponseDraft, SurveyResponse

    with app.app_context():
        responses = db.session.scalar(select(func.count()).select_from(SurveyResponse))
        drafts = db.session.scalar(select(func.count()).select_from(ResponseDraft))
        db.session.remove()
    return responses, drafts


def bench(label: str, url: str, n: int, concurrency: int) -> None:
    from survey_app import create_app
    from survey_app.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SESSION_COOKIE_SECURE": False})
    token, cookie, last_page, drafts = prepare(app, n)
    warm_up, drafts = drafts[0], drafts[1:]

    def landing(_job):
        return "GET", f"/s/{token}", None, {"Accept-Language": "sv-SE,sv;q=0.9"}

    def stylesheet(_job):
        return "GET", "/static/css/omtanke.css", None, {}

    def submission(draft: str):
        body = urlencode({"draft": draft, "action": "submit", "own.1": OWN_ANSWER})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{cookie}={draft}",
            "Accept-Language": "sv-SE,sv;q=0.9",
        }
        return "POST", f"/s/{token}/p/{last_page}", body, headers

    with serving(app) as port:
        hammer(port, "warm-up", [warm_up] + [None] * 20, lambda job: submission(job) if job else landing(job), 1)
        before, _ = count_rows(app)
        floor = hammer(port, "GET stylesheet (floor)", [None] * n, stylesheet, concurrency)
        cheap = hammer(port, f"GET /s/{token[:4]}… (landing)", [None] * n, landing, concurrency)
        sent = hammer(port, f"POST /s/{token[:4]}…/p/{last_page} submit", drafts, submission, concurrency)
        after, left = count_rows(app)
    with app.app_context():
        db.engine.dispose()

    stored = after - before
    failures = sum(count for status, count in sent.statuses.items() if status != 302)
    print(f"\n{label}  ({url.split('@')[-1] if '@' in url else url})")
    for run in (floor, cheap, sent):
        print(run.line())
    print(f"  stored {stored} of {n}{'' if stored == n else '   <-- NOT EXACTLY ONCE'}; drafts left over: {left}")
    print(f"  lock errors / failed submissions (any status but 302): {failures}")
    ratio = sent.rate / cheap.rate if cheap.rate else float("nan")
    print(f"  submissions/s ÷ landing GETs/s = {ratio:.2f}  (one submission costs {1 / ratio:.1f} landing pages)")


@contextmanager
def fresh_postgres(url: str) -> Iterator[str]:
    """An empty, uniquely named database on the server of ``url``; dropped afterwards."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    server = make_url(url)
    name = f"omtanke_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="submissions (and landing GETs) per backend")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL") or None, help="PostgreSQL URL")
    parser.add_argument("--quick", action="store_true", help="10 submissions from 4 threads (make bench-quick)")
    args = parser.parse_args()
    if args.quick:
        args.n, args.concurrency = 10, 4
    if not 1 <= args.n <= 20_000 or not 1 <= args.concurrency <= 500:
        parser.error("--n must be 1..20000 and --concurrency 1..500")
    logging.basicConfig(level=logging.WARNING)  # also keeps Alembic's migration log quiet

    print(
        f"Method: werkzeug threaded server on 127.0.0.1, {args.concurrency} http.client threads (keep-alive), "
        f"{args.n} submissions of a 3-page survey's last page (POST, draft cookie, action=submit) vs {args.n} GETs "
        f"of the landing page; production config; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs."
    )
    with tempfile.TemporaryDirectory(prefix="omtanke-bench-") as instance:
        os.environ["OMTANKE_INSTANCE_PATH"] = instance
        os.environ.pop("DATABASE_URL", None)
        bench("SQLite (WAL, synchronous=FULL)", f"sqlite:///{Path(instance) / 'omtanke.db'}", args.n, args.concurrency)
        if args.postgres:
            with fresh_postgres(args.postgres) as url:
                bench("PostgreSQL", url, args.n, args.concurrency)
        else:
            print("\nPostgreSQL: skipped (give --postgres URL or set TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()
