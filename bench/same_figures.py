"""Every figure a reader can take away, as one JSON document: to show that a refactoring changed none of them.

Method: the demo organisation is seeded once into a SQLite file (``--seed``); each run then works on a copy of that
file, with "today" pinned (``--today``, default 2026-12-06), and writes to ``--out``:

- every API results document (``GET /api/v1/rounds/<id>/results``) for every round, as HR and as every demo manager
  (a refused round is recorded with its status code);
- the cell values of every export kind that ``omtanke export`` offers, for every round it takes, as HR and as every
  demo manager (a refusal is recorded as such).

Run it on the old commit and on the new one against the same seeded file, then compare the two JSON files:

    .venv/bin/python bench/same_figures.py --seed /tmp/demo.db                       # once, on either commit
    .venv/bin/python bench/same_figures.py --db /tmp/demo.db --out /tmp/before.json  # old commit
    .venv/bin/python bench/same_figures.py --db /tmp/demo.db --out /tmp/after.json   # new commit
    cmp /tmp/before.json /tmp/after.json

``--quick`` (as ``make bench-quick`` runs it) seeds a temporary file and writes the document of one HR account
without the comments workbooks, to check that the method still runs; ``--out`` is optional there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KINDS_WITH_ROUNDS = {"results": "survey", "comments": "survey", "interviews": "interview"}
KINDS = ["results", "comments", "interviews", "plans", "indicators", "absence"]
QUICK_KINDS = [kind for kind in KINDS if kind != "comments"]  # its themes take most of a run (scale.py runs them)


def _environment(database: Path, today: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["OMTANKE_TODAY"] = today
    os.environ["OMTANKE_DEMO_PASSWORD"] = "same-figures-demo-password-2026"
    os.environ.setdefault("OMTANKE_SECRET_KEY", "same-figures-secret-key-not-for-production")
    os.environ["OMTANKE_SECURE_COOKIES"] = "0"


def seed(database: Path, today: str) -> None:
    database.unlink(missing_ok=True)
    _environment(database, today)
    from survey_app import create_app

    app = create_app({"TESTING": True})
    for arguments in (["db", "upgrade"], ["demo"]):
        with app.app_context():
            result = app.test_cli_runner().invoke(args=arguments)
        if result.exit_code != 0:
            raise RuntimeError(f"omtanke {' '.join(arguments)} failed: {result.output}") from result.exception
    print(f"seeded {database}")


def _cells(path: Path) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        sheets[sheet.title] = [
            [value.isoformat() if isinstance(value, date | datetime) else value for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    book.close()
    return sheets


def snapshot(database: Path, today: str, quick: bool = False) -> dict:
    work = Path(tempfile.mkdtemp(prefix="omtanke-same-figures-"))
    copy = work / "demo.db"
    shutil.copy(database, copy)
    _environment(copy, today)
    from sqlalchemy import select

    from survey_app import create_app
    from survey_app.api.tokens import create_token
    from survey_app.db import db
    from survey_app.models import InterviewRound, Role, SurveyRound, User

    app = create_app({"TESTING": True})
    out: dict = {"api": {}, "exports": {}}
    with app.app_context():
        readers = [
            user
            for user in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email))
            if user.role in (Role.HR, Role.MANAGER)
        ]
        if quick:
            readers = [next(user for user in readers if user.role == Role.HR)]
        surveys = list(db.session.scalars(select(SurveyRound.id).order_by(SurveyRound.id)))
        interviews = list(db.session.scalars(select(InterviewRound.id).order_by(InterviewRound.id)))
        tokens = {user.email: create_token(None, user, "same-figures") for user in readers}
        emails = [user.email for user in readers]
    client = app.test_client()
    for email in emails:
        headers = {"Authorization": f"Bearer {tokens[email]}"}
        for round_id in surveys:
            response = client.get(f"/api/v1/rounds/{round_id}/results", headers=headers)
            body = response.get_json() if response.status_code == 200 else None
            out["api"][f"{email} round {round_id}"] = {"status": response.status_code, "body": body}
    runner = app.test_cli_runner()
    for email in emails:
        for kind in QUICK_KINDS if quick else KINDS:
            rounds = {"survey": surveys, "interview": interviews}.get(KINDS_WITH_ROUNDS.get(kind), [None])
            for round_id in rounds:
                target = work / f"{kind}.xlsx"
                target.unlink(missing_ok=True)
                arguments = ["export", kind, "--output", str(target), "--as", email, "--lang", "en"]
                if round_id is not None:
                    arguments += ["--round", str(round_id)]
                with app.app_context():
                    result = runner.invoke(args=arguments)
                key = f"{email} {kind} round {round_id}"
                if result.exit_code == 0:
                    out["exports"][key] = _cells(target)
                else:
                    out["exports"][key] = {"refused": result.exit_code}
    shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, help="Seed the demo into this SQLite file and stop.")
    parser.add_argument("--db", type=Path, help="A seeded SQLite file (it is copied, never changed).")
    parser.add_argument("--out", type=Path, help="Where to write the JSON document.")
    parser.add_argument("--today", default="2026-12-06", help="The pinned day (ISO date).")
    parser.add_argument("--quick", action="store_true", help="Seed a temporary file; one HR account.")
    arguments = parser.parse_args()
    if arguments.quick:
        folder = Path(tempfile.mkdtemp(prefix="omtanke-same-figures-quick-"))
        arguments.db, arguments.out = folder / "demo.db", arguments.out or folder / "figures.json"
        seed(arguments.db, arguments.today)
    if arguments.seed:
        seed(arguments.seed.resolve(), arguments.today)
        return
    if not (arguments.db and arguments.out):
        parser.error("give --seed FILE, or --db FILE and --out FILE")
    document = snapshot(arguments.db.resolve(), arguments.today, arguments.quick)
    arguments.out.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, default=str))
    exports = document["exports"]
    refused = sum(1 for value in exports.values() if "refused" in value)
    print(
        f"{len(document['api'])} API documents "
        f"({sum(1 for v in document['api'].values() if v['status'] == 200)} with figures), "
        f"{len(exports)} exports ({refused} refused) written to {arguments.out}"
    )
    if arguments.quick:
        arguments.db.unlink()  # the seeded copy; the document stays for a look


if __name__ == "__main__":
    main()
