"""Absence import + unit statistics + signals for N spells, against a bare baseline in the same process.

Two kinds of data, each size and kind in a fresh process on a temporary SQLite database:

- **histories**: the demo organisation's 42 workplaces, N // 12 employees (about 12 spells each over two years, each
  employee in one workplace), lengths of 1 to 30 days;
- **uniform**: 500 workplaces under 25 areas, 20,000 employees, every spell's employee, workplace, first day (two
  years), length and extent drawn uniformly (so people move between units and spells overlap).

The measured path is what HR does: ``imports.import_absence`` (the service behind ``omtanke absence import``: check
every row, write them, replace what the file covers, audit), then ``services.statistics`` (12 months of unit
figures rolled up the tree, unit signals, the Swedish ratios) and ``services.person_signals_for`` (every person
signal), each as in the app. The **baseline**, run twice in the same process after it on the same file: the csv
module's reader, ``date.fromisoformat`` on both dates, an order check, one ``sqlite3`` ``executemany`` of the rows into
a fresh file database, an index on (employee, first day) and one GROUP BY of the employees with 4 spells or more in
the last 12 months. The ratio is the measured time over the baselines' mean.

Memory: the resident size of the idle process (the app created, the database seeded, before the file is read) and
the peak above it during the measured path (VmHWM, reset through /proc/self/clear_refs, on Linux).

    .venv/bin/python bench/absence.py [--quick] [--sizes 1000000] [--kinds histories,uniform]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUICK_SIZE = 100_000
LENGTHS = (1, 1, 2, 3, 4, 5, 7, 10, 14, 30)


def _write_histories(path: Path, n: int, codes: list[str], today: date) -> None:
    rng = random.Random(n)
    employees = max(200, n // 12)
    with path.open("w", encoding="utf-8") as out:
        out.write("employee_id;unit_code;start_date;end_date;extent\n")
        for _ in range(n):
            employee = rng.randrange(employees)
            first = today - timedelta(days=rng.randint(1, 730))
            last = first + timedelta(days=rng.choice(LENGTHS) - 1)
            end = "" if last >= today else last.isoformat()
            out.write(f"E{employee};{codes[employee % len(codes)]};{first.isoformat()};{end};100\n")


def _write_uniform(path: Path, n: int, codes: list[str], today: date) -> None:
    rng = random.Random(n + 1)
    with path.open("w", encoding="utf-8") as out:
        out.write("employee_id;unit_code;start_date;end_date;extent\n")
        for _ in range(n):
            first = today - timedelta(days=rng.randint(1, 730))
            last = first + timedelta(days=rng.randint(1, 30) - 1)
            end = "" if last >= today else last.isoformat()
            extent = rng.choice((100, 100, 75, 50, 25))
            out.write(f"U{rng.randrange(20_000)};{rng.choice(codes)};{first.isoformat()};{end};{extent}\n")


def _memory() -> tuple[int, int]:
    """(resident MB now, peak resident MB since the last reset)."""
    status = Path("/proc/self/status").read_text()
    rss, hwm = (int(re.search(rf"{key}:\s+(\d+)", status).group(1)) for key in ("VmRSS", "VmHWM"))
    return rss // 1024, hwm // 1024


def _reset_peak() -> None:
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def baseline(csv_path: Path, folder: Path, today: date) -> tuple[float, int]:
    """(seconds, CPU seconds, employees flagged): parse, check and store the rows with nothing in between, index, one
    GROUP BY."""
    database = folder / f"baseline-{time.monotonic_ns()}.db"
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE spells (employee TEXT, unit TEXT, first_day TEXT, last_day TEXT, extent INT)")
    with csv_path.open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file, delimiter=";")
        next(reader)

        def rows():
            for employee, unit, first, last, extent in reader:
                if date.fromisoformat(first) > today or (last and date.fromisoformat(last) < date.fromisoformat(first)):
                    raise ValueError(first)
                yield employee, unit, first, last or None, int(extent)

        connection.executemany("INSERT INTO spells VALUES (?, ?, ?, ?, ?)", rows())
    connection.execute("CREATE INDEX spells_employee ON spells (employee, first_day)")
    year_ago = (today - timedelta(days=365)).isoformat()
    flagged = connection.execute(
        "SELECT employee FROM spells WHERE first_day > ? GROUP BY employee HAVING COUNT(*) >= 4", (year_ago,)
    ).fetchall()
    connection.commit()
    connection.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.unlink()
    return seconds, cpu, len(flagged)


def _organisation(kind: str, today: date) -> list[str]:
    """The units the file's spells are in, created with two years of staffing; their codes."""
    from sqlalchemy import insert, select

    from survey_app.db import db
    from survey_app.demo.services import DemoReport, seed_organisation
    from survey_app.models import Staffing, Unit

    if kind == "histories":
        seed_organisation(DemoReport())
        workplaces = [(u.id, u.code, u.headcount) for u in db.session.scalars(select(Unit)) if not u.children]
    else:
        workplaces = []
        for area_number in range(25):
            area = Unit(code=f"A{area_number:02d}", name=f"Area {area_number}", headcount=0)
            db.session.add(area)
            db.session.flush()
            for number in range(20):
                unit = Unit(code=f"A{area_number:02d}-{number:02d}", name=f"Unit {number}", parent_id=area.id,
                            headcount=40)  # fmt: skip
                db.session.add(unit)
                db.session.flush()
                workplaces.append((unit.id, unit.code, 40))
    months = []
    month = date(today.year - 2, today.month, 1)
    while month <= today:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    staffing = [{"unit_id": i, "month": m, "employees": float(n)} for i, _, n in workplaces for m in months]
    db.session.execute(insert(Staffing), staffing)
    db.session.commit()
    return [code for _, code, _ in workplaces]


def one_size(n: int, kind: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="omtanke-bench-"))
    os.environ["OMTANKE_INSTANCE_PATH"] = str(folder)
    os.environ["OMTANKE_DEMO_PASSWORD"] = "bench password 2026"
    from flask_migrate import upgrade
    from sqlalchemy import select

    from survey_app import create_app
    from survey_app.absence import imports, services
    from survey_app.db import db, utcnow
    from survey_app.models import Role, User

    app = create_app()
    with app.app_context():
        upgrade()
        db.session.add(User(email="hr@bench", name="HR", role=Role.HR.value, password_hash="x"))
        today = utcnow().date()
        codes = _organisation(kind, today)
        path = folder / "spells.csv"
        (_write_histories if kind == "histories" else _write_uniform)(path, n, codes, today)
        hr = db.session.scalar(select(User).where(User.email == "hr@bench"))
        _reset_peak()
        idle, _ = _memory()
        started, cpu = time.perf_counter(), time.process_time()
        data = path.read_bytes()
        result = imports.import_absence(None, data, "spells.csv", None, "", today)
        del data
        imported = time.perf_counter()
        stats = services.statistics(hr, today)
        counted = time.perf_counter()
        signals = services.person_signals_for(hr, today)
        finished, cpu = time.perf_counter(), time.process_time() - cpu
        _, peak = _memory()
        figures = (len(stats.months), len(stats.signals), len(signals))
        del stats, signals
        db.session.remove()
    _reset_peak()
    base_idle, _ = _memory()
    baselines = [baseline(path, folder, today) for _ in range(2)]
    _, base_peak = _memory()
    file_mb = round(path.stat().st_size / 1024 / 1024, 1)
    shutil.rmtree(folder)
    return {
        "n": n,
        "kind": kind,
        "stored": result.spells,
        "import_s": imported - started,
        "statistics_s": counted - imported,
        "signals_s": finished - counted,
        "total_s": finished - started,
        "cpu_s": cpu,
        "baseline_s": [seconds for seconds, _, _ in baselines],
        "baseline_cpu_s": [cpu for _, cpu, _ in baselines],
        "flagged": baselines[0][2],
        "unit_months": figures[0],
        "unit_signals": figures[1],
        "person_signals": figures[2],
        "idle_mb": idle,
        "peak_above_idle_mb": peak - idle,
        "baseline_peak_above_idle_mb": base_peak - base_idle,
        "file_mb": file_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--kinds", default="histories,uniform")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SIZE:,} spells of each kind")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(int(args.one[0]), args.one[1])))
        return
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    print(f"machine speed: a 10,000,000-step Python loop takes {time.perf_counter() - started:.2f} s")
    sizes = [QUICK_SIZE] if args.quick else [int(size) for size in args.sizes.split(",")]
    print(f"{'kind':>9} {'spells':>9} {'file MB':>7} {'import':>7} {'stats':>6} {'signals':>7} {'total s':>7} "
          f"{'baseline s':>11} {'ratio':>5} {'CPU ratio':>9} {'idle MB':>7} {'peak +MB':>8} {'base +MB':>8} "
          f"{'person sig':>10}")  # fmt: skip
    for n in sizes:
        for kind in args.kinds.split(","):
            output = subprocess.run(
                [sys.executable, __file__, "--one", str(n), kind], capture_output=True, text=True, check=True
            ).stdout
            row = json.loads(output.strip().splitlines()[-1])
            base = sum(row["baseline_s"]) / len(row["baseline_s"])
            base_cpu = sum(row["baseline_cpu_s"]) / len(row["baseline_cpu_s"])
            baselines = "/".join(f"{b:.2f}" for b in row["baseline_s"])
            print(f"{kind:>9} {n:>9,} {row['file_mb']:>7} {row['import_s']:>7.2f} {row['statistics_s']:>6.2f} "
                  f"{row['signals_s']:>7.2f} {row['total_s']:>7.2f} {baselines:>11} {row['total_s'] / base:>5.1f} "
                  f"{row['cpu_s'] / base_cpu:>9.1f} {row['idle_mb']:>7} {row['peak_above_idle_mb']:>8} "
                  f"{row['baseline_peak_above_idle_mb']:>8} {row['person_signals']:>10,}")  # fmt: skip


if __name__ == "__main__":
    main()
