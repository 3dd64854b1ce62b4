"""The HR heatmap's figures computed cold, against the bare ``GROUP BY unit, item`` over the same answer rows.

Method: a fresh database (SQLite in a temporary folder; PostgreSQL too when TEST_DATABASE_URL is set, in a scratch
database of its own) with 500 workplaces under 25 areas and one closed round (HME and OSA workload: 16 scored items
per response, 3 % of them left unanswered; one free-text question answered by one response in four); N responses
spread evenly over the workplaces are inserted directly (executemany in batches). Then, in one process, on the same
rows:

* **bare**: ``SELECT unit, item, sum(value), count(*) ... GROUP BY unit, item`` over the round's counted answers,
  fetched: what the database alone needs to read every answer once;
* **figures cold**: ``computed.round_results(round, items=False)`` (what the heatmap page asks the gate for) with
  the results cache emptied first, as the first request after a restart finds it;
* **page cold**: the heatmap view itself (gate, figures, rows, template) as HR, cache emptied first.

Each is run once per round, in turn, for ``--repeat`` rounds (default 5; the machine's load moves all alike); the
medians are printed with their ratio to the bare query's median. The
issue-25 target: the page cold at most 2 × bare at 500 workplaces and 50,000 responses. ``--profile`` prints the
cProfile of one cold computation of the figures.

    .venv/bin/python bench/heatmap.py [--responses 50000] [--quick] [--repeat 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering", "osa/workload")
AREAS, PLACES = 25, 20


def _database(kind: str):
    """A scratch database URL and a function that drops it (None for SQLite, whose folder is temporary)."""
    from sqlalchemy import create_engine, text

    folder = Path(tempfile.mkdtemp(prefix="omtanke-heatmap-"))
    os.environ["OMTANKE_INSTANCE_PATH"] = str(folder)
    if kind == "sqlite":
        return f"sqlite:///{folder / 'omtanke.db'}", None
    server = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"bench_heatmap_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.rsplit("/", 1)[0] + "/" + name, drop


def build(n: int, today: date) -> int:
    """500 workplaces under 25 areas, HR, and one round closed yesterday with ``n`` responses; returns its id."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from survey_app.db import db
    from survey_app.models import Answer, Role, SurveyResponse, SurveyRound, Unit, User
    from survey_app.results.scale import round_scale
    from survey_app.surveys.lifecycle import open_round
    from survey_app.surveys.services import RoundInput, create_round

    upgrade()
    for area in range(AREAS):
        parent = Unit(name=f"Område {area:02d}", code=f"A{area:02d}")
        db.session.add(parent)
        for place in range(PLACES):
            db.session.add(Unit(name=f"Arbetsplats {area:02d}-{place:02d}", code=f"A{area:02d}-{place:02d}",
                                parent=parent, headcount=max(10, n // 400)))  # fmt: skip
    hr = User(email="hr@heatmap.test", name="HR", role=Role.HR.value, password_hash="-")
    db.session.add(hr)
    db.session.commit()
    data = RoundInput("Värmekarta", "", today, today + timedelta(days=7), ("sv",), 5, SECTIONS,
                      own_questions="Vad skulle göra arbetet bättre?")  # fmt: skip
    survey = create_round(hr, data, today)
    open_round(hr, survey, today)
    scale = round_scale(survey.content)
    scored = [spec.key for spec in scale.items]
    text_key = scale.text_items[0].key
    units = [ru.unit_id for ru in survey.units]
    rng = random.Random(n)
    responses = [{"id": uuid.uuid4().hex, "round_id": survey.id, "unit_id": units[i % len(units)],
                  "submitted_on": today} for i in range(n)]  # fmt: skip
    db.session.execute(insert(SurveyResponse), responses)
    answers = [{"response_id": r["id"], "item_key": key, "position": 0, "value": rng.randint(1, 5)}
               for r in responses for key in scored if rng.random() > 0.03]  # a few unanswered items  # fmt: skip
    answers += [{"response_id": r["id"], "item_key": text_key, "position": 0, "text": "Mer tid för varandra"}
                for r in responses[::4]]  # fmt: skip
    for start in range(0, len(answers), 50_000):
        db.session.execute(insert(Answer), answers[start : start + 50_000])
    kept = db.session.get(SurveyRound, survey.id)
    kept.opens_on, kept.closes_on = today - timedelta(days=20), today - timedelta(days=1)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # the statistics autovacuum keeps for a round closed a day ago
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return survey.id


def bare_query(round_id: int) -> int:
    """The baseline: every counted answer of the round read once, summed per workplace and item."""
    from sqlalchemy import text

    from survey_app.db import db

    rows = db.session.execute(
        text(
            "SELECT r.unit_id, a.item_key, sum(a.value), count(*) FROM survey_answers a"
            " JOIN survey_responses r ON r.id = a.response_id"
            " WHERE r.round_id = :round AND r.held = :held AND a.value IS NOT NULL"
            " GROUP BY r.unit_id, a.item_key"
        ),
        {"round": round_id, "held": False},
    ).all()
    return len(rows)


def _interleaved(calls: dict, repeat: int) -> dict[str, list[float]]:
    """Each call once per round, in turn, ``repeat`` rounds: a busy machine slows them all alike."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, (call, before) in calls.items():
            if before:
                before()
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    return times


def one_database(kind: str, n: int, repeat: int, profile: bool) -> dict:
    from flask_login import login_user
    from sqlalchemy import select

    from survey_app import create_app
    from survey_app.db import db
    from survey_app.models import SurveyRound, User
    from survey_app.results import views
    from survey_app.results.computed import round_results

    url, drop = _database(kind)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "OMTANKE_SECURE_COOKIES": False, "SESSION_COOKIE_SECURE": False})
    today = date.today()
    try:
        with app.app_context():
            started = time.perf_counter()
            round_id = build(n, today)
            built = time.perf_counter() - started
        cache = app.extensions["omtanke_cache"]

        def figures() -> None:
            with app.test_request_context():
                round_results(db.session.get(SurveyRound, round_id), items=False)
                db.session.remove()

        def page() -> None:
            with app.test_request_context(f"/results/{round_id}"):
                login_user(db.session.scalar(select(User).where(User.email == "hr@heatmap.test")))
                html = views.overview(round_id)
                assert "Arbetsplats 24-19" in html, "the heatmap shows every workplace"
                db.session.remove()

        def bare() -> None:
            with app.app_context():
                assert bare_query(round_id) == AREAS * PLACES * 16, "one row per workplace and scored item"
                db.session.remove()

        page()  # warms what a restarted process loads once anyway (templates, instrument library, translations)
        calls = {"bare": (bare, None), "figures cold": (figures, cache.clear), "page cold": (page, cache.clear)}
        times = _interleaved(calls | {"page warm": (page, None)}, repeat)
        if profile:
            cache.clear()
            profiler = cProfile.Profile()
            profiler.runcall(figures)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            cache.clear()
            profiler = cProfile.Profile()
            profiler.runcall(page)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        with app.app_context():
            db.engine.dispose()
    finally:
        if drop:
            drop()
    return {"build": built, **{name: statistics.median(values) for name, values in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="5,000 responses, three rounds")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the cProfile of one cold computation")
    args = parser.parse_args()
    n, repeat = (5_000, 3) if args.quick else (args.responses, args.repeat)
    kinds = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
    print(f"{AREAS * PLACES} workplaces under {AREAS} areas, {n:,} responses, 16 scored items; median of {repeat}")
    print(f"{'database':<11} {'bare s':>7} {'figures cold s':>15} {'page cold s':>12} {'page warm s':>12}"
          f" {'figures/bare':>13} {'page cold/bare':>15}")  # fmt: skip
    for kind in kinds:
        row = one_database(kind, n, repeat, args.profile)
        print(f"{kind:<11} {row['bare']:>7.3f} {row['figures cold']:>15.3f} {row['page cold']:>12.3f}"
              f" {row['page warm']:>12.3f} {row['figures cold'] / row['bare']:>13.2f}"
              f" {row['page cold'] / row['bare']:>15.2f}   (built in {row['build']:.0f} s)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
