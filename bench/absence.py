"""Import of N absence spells and recomputation of every unit statistic and signal, timed, with peak memory.

Method: a temporary SQLite database with the demo organisation's 60 units and staffing; a CSV of N spells
(pseudonymous employees, realistic lengths, two years) is written to a temporary file, imported through the same
service as `omtanke absence import` (one streaming pass in one transaction: rows checked and inserted in batches of
10,000), then `statistics` (unit months rolled up, unit signals, the Swedish ratios) and `person_signals_for` run as HR,
each loading the spells afresh. Each size runs in a fresh
process so that peak memory (ru_maxrss) belongs to that size alone; the baseline is the largest of the smaller sizes
in the same run, and the ratio shows how time grows with size.

    .venv/bin/python bench/absence.py [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _write_csv(path: Path, n: int, codes: list[str], today: date) -> None:
    rng = random.Random(n)
    employees = max(200, n // 12)
    with path.open("w", encoding="utf-8") as out:
        out.write("employee_id;unit_code;start_date;end_date;extent\n")
        for _ in range(n):
            employee = rng.randrange(employees)
            first = today - timedelta(days=rng.randint(1, 730))
            length = rng.choice((1, 1, 2, 3, 4, 5, 7, 10, 14, 30))
            last = first + timedelta(days=length - 1)
            end = "" if last >= today else last.isoformat()
            out.write(f"E{employee};{codes[employee % len(codes)]};{first.isoformat()};{end};100\n")


def one_size(n: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="omtanke-bench-"))
    os.environ["OMTANKE_INSTANCE_PATH"] = str(folder)
    os.environ["OMTANKE_DEMO_PASSWORD"] = "bench password 2026"
    from flask_migrate import upgrade
    from sqlalchemy import delete, select

    from survey_app import create_app
    from survey_app.absence import imports, services
    from survey_app.db import db, utcnow
    from survey_app.demo.services import DemoReport, seed_organisation
    from survey_app.models import Role, Staffing, Unit, User

    app = create_app()
    with app.app_context():
        upgrade()
        seed_organisation(DemoReport())
        db.session.add(User(email="hr@bench", name="HR", role=Role.HR.value, password_hash="x"))
        today = utcnow().date()
        workplaces = [u for u in db.session.scalars(select(Unit)) if not u.children]
        for unit in workplaces:
            month = date(today.year - 2, today.month, 1)
            while month <= today:
                db.session.add(Staffing(unit_id=unit.id, month=month, employees=float(unit.headcount)))
                month = (month + timedelta(days=32)).replace(day=1)
        db.session.commit()
        csv = folder / "spells.csv"
        _write_csv(csv, n, [u.code for u in workplaces], today)
        data = csv.read_bytes()
        started = time.perf_counter()
        result = imports.import_absence(None, data, "spells.csv", None, "", today)
        imported = time.perf_counter() - started
        hr = db.session.scalar(select(User).where(User.email == "hr@bench"))
        started = time.perf_counter()
        stats = services.statistics(hr, today)
        signals = services.person_signals_for(hr, today)
        computed = time.perf_counter() - started
        db.session.execute(delete(Staffing))
    return {
        "n": n,
        "stored": result.spells,
        "import_s": round(imported, 2),
        "compute_s": round(computed, 2),
        "rows_per_s": round(n / imported),
        "unit_months": len(stats.months),
        "person_signals": len(signals),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "file_mb": round(len(data) / 1024 / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    print(f"machine speed: a 10,000,000-step Python loop takes {time.perf_counter() - started:.2f} s")
    rows = []
    for n in [int(size) for size in args.sizes.split(",")]:
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        ).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    print(f"{'spells':>9} {'file MB':>8} {'import s':>9} {'rows/s':>8} {'stats+signals s':>16} {'total s':>8} "
          f"{'peak MB':>8} {'x time vs previous':>19}")  # fmt: skip
    previous = None
    for row in rows:
        total = row["import_s"] + row["compute_s"]
        ratio = f"{total / previous:.1f}" if previous else "–"
        print(f"{row['n']:>9,} {row['file_mb']:>8} {row['import_s']:>9} {row['rows_per_s']:>8,} {row['compute_s']:>16} "
              f"{total:>8.1f} {row['peak_mb']:>8} {ratio:>19}")  # fmt: skip
        previous = total


if __name__ == "__main__":
    main()
