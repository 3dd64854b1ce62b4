"""How the HR heatmap, a unit's report and the results export grow with the number of responses.

Method: a fresh database per size (SQLite in a temporary folder, or PostgreSQL on TEST_DATABASE_URL's server) with
500 workplaces under 25 areas and one closed round (HME and workload, 13 scored items, one free-text question);
N responses spread evenly over the workplaces are inserted directly (one executemany per table), and one in four
carries a free-text answer drawn from the labelled corpora (``themes_quality.DATA``; varied as in themes_speed.py).
Then, logged in as HR through the real login form, each page is requested once with an empty results cache
("cold": what the first reader after a restart waits) and three more times ("warm": the median). The export is
`omtanke export results`' own function written to memory. "Themes" clusters the whole organisation's free text
(``themes.services.comment_themes``, as the report does for a unit). The heatmap for 500 units and 50,000
responses is issue 10's one-second target. HR logs in as a person does since two-step login: the password, then the
authenticator's code (``log_in``).

    .venv/bin/python bench/scale.py [--database sqlite|postgresql] [--sizes 1000,10000,50000,100000] [--quick]

``--quick`` (1,000 responses, as ``make bench-quick`` runs it) checks that the script still runs, in about 20 s.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering", "osa/workload")
ITEMS = [f"hme.hme{i}" for i in range(1, 10)] + [
    "osa.workload_resources", "osa.workload_tasks", "osa.workload_help", "osa.workload_method",
]  # fmt: skip
PASSWORD = "bench lösenord 2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # HR's authenticator key (tests/factories.py's)
QUICK_SIZES = "1000"


def _median_seconds(call, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def log_in(client, email: str, password: str = PASSWORD, secret: str = TOTP_SECRET) -> None:
    """Log ``client`` in through the real forms, as a person with the authenticator app does: the password, then
    the code (HR, admin and occupational health need both steps)."""
    import pyotp

    token = _csrf(client.get("/login").get_data(as_text=True))
    sent = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert sent.status_code == 302 and sent.location.endswith("/login/two-step"), ("/login", sent.status_code)
    token = _csrf(client.get("/login/two-step").get_data(as_text=True))
    done = client.post("/login/two-step", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert done.status_code == 302 and "/login" not in done.location, ("/login/two-step", done.status_code)


def one_size(database: str, n: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, insert, select, text

    folder = Path(tempfile.mkdtemp(prefix="omtanke-scale-"))
    os.environ["OMTANKE_INSTANCE_PATH"] = str(folder)
    drop = None
    if database == "sqlite":
        url = f"sqlite:///{folder / 'omtanke.db'}"
    else:
        server = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
        server = server.replace("postgresql://", "postgresql+psycopg://", 1)
        name = f"omtanke_scale_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.rsplit("/", 1)[0] + "/" + name

        def drop() -> None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    from survey_app import create_app
    from survey_app.auth.services import hash_password
    from survey_app.db import db, utcnow
    from survey_app.models import Answer, Role, SurveyResponse, SurveyRound, Unit, User
    from survey_app.results.comments import unit_comments
    from survey_app.results.services import closed_round_results
    from survey_app.results.workbooks import results_workbook
    from survey_app.surveys.lifecycle import open_round
    from survey_app.surveys.services import RoundInput, create_round
    from survey_app.themes.services import comment_themes

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "OMTANKE_SECURE_COOKIES": False, "SESSION_COOKIE_SECURE": False})
    rng = random.Random(n)
    today = date.today()
    try:
        with app.app_context():
            upgrade()
            for area in range(25):
                parent = Unit(name=f"Område {area:02d}", code=f"A{area:02d}")
                db.session.add(parent)
                for place in range(20):
                    db.session.add(Unit(name=f"Arbetsplats {area:02d}-{place:02d}", code=f"A{area:02d}-{place:02d}",
                                        parent=parent, headcount=max(10, n // 400)))  # fmt: skip
            hr = User(email="hr@scale.test", name="HR", role=Role.HR.value, password_hash=hash_password(PASSWORD),
                      totp_secret=TOTP_SECRET, two_step_enrolled_at=utcnow())  # fmt: skip
            db.session.add(hr)
            db.session.commit()
            survey = create_round(hr, RoundInput("Skala", "", today, today + timedelta(days=7), ("sv",), 5,
                                                 SECTIONS, own_questions="Vad skulle göra arbetet bättre?"),
                                  today)  # fmt: skip
            open_round(hr, survey, today)
            survey_id = survey.id
            units = [ru.unit_id for ru in survey.units]
            responses = [{"id": uuid.uuid4().hex, "round_id": survey_id, "unit_id": units[i % len(units)],
                          "submitted_on": today} for i in range(n)]  # fmt: skip
            db.session.execute(insert(SurveyResponse), responses)
            answers = [{"response_id": r["id"], "item_key": key, "position": 0, "value": rng.randint(1, 5)}
                       for r in responses for key in ITEMS]  # fmt: skip
            texts = free_texts(n // 4, n)
            answers += [{"response_id": r["id"], "item_key": "own.1", "position": 0, "text": text}
                        for r, text in zip(responses[::4], texts, strict=False)]  # fmt: skip
            for start in range(0, len(answers), 50_000):
                db.session.execute(insert(Answer), answers[start : start + 50_000])
            round_ = db.session.get(SurveyRound, survey_id)
            round_.opens_on, round_.closes_on = today - timedelta(days=20), today - timedelta(days=1)
            db.session.commit()
            unit_id = units[0]

        client = app.test_client()
        log_in(client, "hr@scale.test")

        def get(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        app.extensions["omtanke_cache"].clear()
        heatmap_cold = _median_seconds(lambda: get(f"/results/{survey_id}"), repeat=1)
        heatmap = _median_seconds(lambda: get(f"/results/{survey_id}"))
        report_cold = _median_seconds(lambda: get(f"/results/{survey_id}/units/{unit_id}"), repeat=1)
        report = _median_seconds(lambda: get(f"/results/{survey_id}/units/{unit_id}"))
        with app.app_context():
            actor = db.session.scalar(select(User).where(User.email == "hr@scale.test"))
            survey = db.session.get(SurveyRound, survey_id)
            with app.test_request_context():
                export = _median_seconds(lambda: results_workbook(actor, survey, io.BytesIO(), today), repeat=1)
                comments = unit_comments(closed_round_results(survey, today, items=True), None) or []
                themes = _median_seconds(lambda: comment_themes(comments), repeat=1)
            db.engine.dispose()
    finally:
        if drop:
            drop()
    return {"n": n, "heatmap_cold_s": heatmap_cold, "heatmap_s": heatmap, "report_cold_s": report_cold,
            "report_s": report, "export_s": export, "texts": len(comments), "themes_s": themes}  # fmt: skip


def free_texts(count: int, seed: int) -> list[str]:
    """Real short answers from the labelled corpora when they are there, else a few fixed Swedish sentences."""
    from bench.themes_quality import DATA  # here: it brings scikit-learn, and bench/footprint.py imports log_in
    from bench.themes_speed import answers as corpus_answers

    if DATA.exists():
        return corpus_answers(count, seed, DATA)[0]
    fixed = ["För mycket att göra och för lite tid", "Bra kollegor och stöd från chefen", "Tunga lyft utan hjälpmedel",
             "Oklart vem som bestämmer", "Schemat ändras ofta med kort varsel"]  # fmt: skip
    return [fixed[i % len(fixed)] for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--sizes", default="1000,10000,50000,100000")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZES} responses only")
    args = parser.parse_args()
    if args.quick:
        args.sizes = QUICK_SIZES
    print(f"{args.database}: 500 workplaces, 13 scored items per response; warm: median of 3 requests")
    print(f"{'responses':>10} {'heatmap cold/warm s':>20} {'report cold/warm s':>19} {'export s':>9} "
          f"{'texts':>7} {'themes s':>9}")  # fmt: skip
    for n in [int(size) for size in args.sizes.split(",")]:
        row = one_size(args.database, n)
        print(f"{row['n']:>10,} {row['heatmap_cold_s']:>9.2f} / {row['heatmap_s']:<8.2f} "
              f"{row['report_cold_s']:>8.2f} / {row['report_s']:<8.2f} {row['export_s']:>9.1f} "
              f"{row['texts']:>7,} {row['themes_s']:>9.1f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
