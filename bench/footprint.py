"""The memory an Omtanke process holds before it does any work: every command, worker and app process pays it.

Method: each figure is the peak resident set size of a fresh process (its ``ru_maxrss``, read with ``os.wait4``
when it ends), started with this interpreter from the repository root:

- baseline: ``python -c "import flask"``, the least any Flask process holds, measured in the same run;
- ``omtanke --help``: the console script's ``main`` (``survey_app.cli``), which builds the app as every command does;
- ``create_app()``: the app factory alone;
- served: ``create_app()``, then one respondent page (the open round's landing page, ``GET /s/<token>``), alone and
  followed by one HR page (the heatmap of a closed round of 5 workplaces and 50 responses, after the two-step login
  through the forms; checking the password with argon2 takes 64 MiB while it runs), through the Flask test client,
  on a SQLite database seeded beforehand by another process (so that the migrations are not counted).

Each runs ``--repeat`` times (median; ``--quick``: once) and is printed with its ratio to the baseline, and with the
packages loaded only for work the process has not done (scikit-learn, spaCy, pandas, openpyxl, ...). ``--root``
measures another checkout of Omtanke (e.g. ``git archive HEAD | tar -x -C /tmp/before``) next to this one in the
same run, with the same interpreter and packages. The target (issue 25): ``omtanke --help`` and an idle app process
under 150 MB.

    .venv/bin/python bench/footprint.py [--repeat 3] [--quick] [--root /tmp/before]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Packages (and Omtanke's modules that load them) an app process needs only once it does that work.
LAZY = (
    "sklearn", "scipy", "pandas", "spacy", "thinc", "lingua", "simplemma", "nlp.themes", "nlp.language",
    "nlp.lemmas", "nlp.clustering", "pptx", "openpyxl", "zxcvbn", "redis", "rq", "holidays",
)  # fmt: skip
TARGET_MB = 150
HR_EMAIL = "hr@footprint.test"


def _config(folder: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'footprint.db'}", "OMTANKE_SECURE_COOKIES": False,
            "SESSION_COOKIE_SECURE": False, "REMEMBER_COOKIE_SECURE": False}  # fmt: skip


def _loaded() -> list[str]:
    return [name for name in LAZY if name in sys.modules]


def seed(folder: Path) -> dict:
    """A closed round over 5 workplaces with 10 responses each (for the heatmap) and an open round (for a link)."""
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from bench.scale import ITEMS, PASSWORD, SECTIONS, TOTP_SECRET
    from survey_app import create_app
    from survey_app.auth.services import hash_password
    from survey_app.db import db, utcnow
    from survey_app.models import Answer, Role, RoundUnit, SurveyResponse, Unit, User
    from survey_app.surveys.lifecycle import open_round
    from survey_app.surveys.services import RoundInput, create_round

    logging.disable(logging.WARNING)  # Alembic's migration log
    app = create_app(_config(folder))
    today = date.today()
    with app.app_context():
        upgrade()
        db.session.add_all([Unit(name=f"Arbetsplats {i}", code=f"W{i}", headcount=12) for i in range(5)])
        hr = User(email=HR_EMAIL, name="HR", role=Role.HR.value, password_hash=hash_password(PASSWORD),
                  totp_secret=TOTP_SECRET, two_step_enrolled_at=utcnow())  # fmt: skip
        db.session.add(hr)
        db.session.commit()
        closed = create_round(hr, RoundInput("Hösten", "", today, today + timedelta(days=7), ("sv",), 5, SECTIONS),
                              today)  # fmt: skip
        open_round(hr, closed, today)
        units = [link.unit_id for link in closed.units]
        responses = [{"id": f"{i:032x}", "round_id": closed.id, "unit_id": units[i % len(units)],
                      "submitted_on": today} for i in range(10 * len(units))]  # fmt: skip
        db.session.execute(insert(SurveyResponse), responses)
        db.session.execute(insert(Answer), [{"response_id": r["id"], "item_key": key, "position": 0,
                                             "value": 1 + (n + len(key)) % 5}
                                            for n, r in enumerate(responses) for key in ITEMS])  # fmt: skip
        closed.opens_on, closed.closes_on = today - timedelta(days=20), today - timedelta(days=1)
        current = create_round(hr, RoundInput("Nu", "", today, today + timedelta(days=7), ("sv",), 5, SECTIONS),
                               today)  # fmt: skip
        open_round(hr, current, today)
        db.session.commit()
        token = db.session.scalar(select(RoundUnit.link_token).where(RoundUnit.round_id == current.id))
        found = {"round": closed.id, "token": token}
        db.engine.dispose()
    return found


def served(folder: Path, round_id: int, token: str, respondent_only: bool = False) -> dict:
    """An app process after one respondent page and (unless ``respondent_only``) one HR page. HR's login checks the
    password with argon2, which takes 64 MiB while it runs (``auth.services``), in any process that logs someone in."""
    from sqlalchemy import update

    from bench.scale import log_in
    from survey_app import create_app
    from survey_app.db import db
    from survey_app.models import User

    app = create_app(_config(folder))
    with app.app_context():  # a run before may have used this 30-second step's code, which is refused twice
        db.session.execute(update(User).values(totp_last_step=None))
        db.session.commit()
    client = app.test_client()
    landing = client.get(f"/s/{token}")
    assert landing.status_code == 200, (f"/s/{token}", landing.status_code)
    if respondent_only:
        return {"loaded": _loaded()}
    log_in(client, HR_EMAIL)
    heatmap = client.get(f"/results/{round_id}")
    assert heatmap.status_code == 200, (f"/results/{round_id}", heatmap.status_code)
    return {"loaded": _loaded()}


def child(args: argparse.Namespace) -> None:
    """One measured process (or the seeding one): its result as JSON on the last line."""
    if args.root:  # after bench.scale's own import path is settled: Omtanke from the other checkout
        import bench.scale  # noqa: F401

        sys.path.insert(0, str(args.root))
    folder = Path(args.folder) if args.folder else None
    if args.child == "seed":
        result = seed(folder)
    elif args.child == "app":
        from survey_app import create_app

        create_app()
        result = {"loaded": _loaded()}
    else:
        result = served(folder, args.round, args.token, args.respondent_only)
    print(json.dumps(result))


def run(command: list[str], root: Path, folder: str) -> tuple[float, float, dict]:
    """Run ``command`` from ``root`` with Omtanke imported from there and ``folder`` as its instance folder; its peak
    RSS in MB, its CPU seconds and its JSON result."""
    env = {**os.environ, "PYTHONPATH": str(root), "OMTANKE_INSTANCE_PATH": folder}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        output, errors = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{errors[-3000:]}")
    last = output.strip().splitlines()[-1] if output.strip() else ""
    cpu = usage.ru_utime + usage.ru_stime
    return usage.ru_maxrss / 1024, cpu, json.loads(last) if last.startswith("{") else {}


def measure(root: Path, repeat: int) -> dict[str, tuple[float, float, list[str] | None]]:
    """Median peak RSS (MB) and CPU seconds of each kind of process for the checkout at ``root``, and what it had
    loaded."""
    me = [sys.executable, str(Path(__file__).resolve()), "--root", str(root)]
    folder = tempfile.mkdtemp(prefix="omtanke-footprint-")
    _, _, found = run([*me, "--child", "seed", "--folder", folder], root, folder)
    serve = [*me, "--child", "served", "--folder", folder, "--round", str(found["round"]), "--token", found["token"]]
    commands = {
        "python -c 'import flask' (baseline)": [sys.executable, "-c", "import flask"],
        "omtanke --help": [sys.executable, "-c", "from survey_app.cli import main; main()", "--help"],
        "create_app()": [*me, "--child", "app"],
        "after a respondent page": [*serve, "--respondent-only"],
        "after a respondent and an HR page": serve,
    }
    figures = {}
    for name, command in commands.items():
        runs = [run(command, root, folder) for _ in range(repeat)]
        figures[name] = (statistics.median(one[0] for one in runs), statistics.median(one[1] for one in runs),
                         runs[-1][2].get("loaded"))  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="each process once (make bench-quick)")
    parser.add_argument("--root", type=Path, help="also measure the Omtanke checkout in this folder")
    parser.add_argument("--child", choices=("seed", "app", "served"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--respondent-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    repeat = 1 if args.quick else args.repeat
    roots = {"this checkout": ROOT} | ({f"{args.root}": args.root.resolve()} if args.root else {})
    print(f"Peak RSS of a fresh process, median of {repeat}; Python {sys.version.split()[0]}; target < {TARGET_MB} MB")
    for label, root in roots.items():
        figures = measure(root, repeat)
        base = next(iter(figures.values()))[0]
        print(f"\n{label} ({root})")
        print(f"{'process':<36} {'peak MB':>8} {'× baseline':>11} {'CPU s':>6}  loaded before needed")
        for name, (peak, cpu, loaded) in figures.items():
            shown = "-" if loaded is None else ", ".join(loaded) or "none"
            print(f"{name:<36} {peak:>8.0f} {peak / base:>11.2f} {cpu:>6.2f}  {shown}")


if __name__ == "__main__":
    main()
