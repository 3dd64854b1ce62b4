"""Export of N responses × 40 items to XLSX: Omtanke's streamed writer next to pandas.DataFrame.to_excel.

Method: the same synthetic table — a unit name, a submission date and 40 answers (1–5, a few missing) per row — is
written once by `exports.workbook.write_workbook` (openpyxl write-only mode, frozen headings, filter, number formats)
and once by `pandas.DataFrame.to_excel` (openpyxl engine, pandas' defaults), each in a fresh process so that peak
memory (ru_maxrss) belongs to that writer alone; imports are done before the clock starts. The ratio columns are time
and memory relative to pandas in the same run (issue 25's target: at most 0.5 × pandas' time, at most 200 MB). Every
time includes making the rows, and the "rows" line is that alone (the generator drained without writing). pandas is
only a benchmark baseline: `pip install -e ".[bench]"`.

    .venv/bin/python bench/export.py [--rows 100000] [--items 40] [--quick]

`--quick` writes 2,000 rows (a few seconds; `make bench-quick`).
"""

from __future__ import annotations

import argparse
import importlib.util
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


def _rows(n: int, items: int):
    rng = random.Random(n)
    start = date(2026, 3, 2)
    units = [f"Enhet {i:03d}" for i in range(200)]
    for _ in range(n):
        answers = [rng.randint(1, 5) if rng.random() > 0.03 else None for _ in range(items)]
        yield (rng.choice(units), start + timedelta(days=rng.randrange(14)), *answers)


def one(writer: str, n: int, items: int) -> dict:
    path = Path(tempfile.mkdtemp(prefix="omtanke-export-")) / f"{writer}.xlsx"
    headings = ["Unit", "Submitted", *(f"Q{i + 1}" for i in range(items))]
    if writer == "omtanke":
        from exports.workbook import Column, Sheet, Table, write_workbook
    elif writer == "pandas":
        import pandas
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before, started = before.ru_utime + before.ru_stime, time.perf_counter()
    if writer == "rows":
        for _ in _rows(n, items):
            pass
    elif writer == "omtanke":
        columns = [Column("Unit", 20), Column("Submitted", 12, "date")]
        columns += [Column(h, 6, "integer") for h in headings[2:]]
        write_workbook(str(path), [Sheet("Answers", [Table(columns, _rows(n, items))])])
    else:
        frame = pandas.DataFrame(list(_rows(n, items)), columns=headings)
        frame.to_excel(path, sheet_name="Answers", index=False, engine="openpyxl")
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "writer": writer,
        "seconds": round(seconds, 2),
        "cpu": round(usage.ru_utime + usage.ru_stime - cpu_before, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "file_mb": round(path.stat().st_size / 1024 / 1024, 1) if path.exists() else 0,
        "version": sys.modules["pandas"].__version__ if "pandas" in sys.modules else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="2,000 rows (make bench-quick)")
    args = parser.parse_args()
    if args.quick:
        args.rows = 2_000
    if args.one:
        print(json.dumps(one(args.one, args.rows, args.items)))
        return
    if importlib.util.find_spec("pandas") is None:  # not imported here: a child inherits this process's peak memory
        sys.exit('pandas is the baseline and is not installed: pip install -e ".[bench]"')
    results = {}
    for writer in ("rows", "omtanke", "pandas"):
        command = [sys.executable, __file__, "--one", writer, "--rows", str(args.rows), "--items", str(args.items)]
        output = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ).stdout
        results[writer] = json.loads(output.strip().splitlines()[-1])
    base, ours = results["pandas"], results["omtanke"]
    load = os.getloadavg()[0]
    print(f"{args.rows:,} rows × {args.items} items, pandas {base['version']}, load average {load:.1f}")
    print(f"{'writer':<8} {'seconds':>8} {'CPU s':>7} {'peak MB':>8} {'file MB':>8} {'time ÷ pandas':>14} "
          f"{'CPU ÷ pandas':>13} {'memory ÷ pandas':>16}")  # fmt: skip
    for row in results.values():
        print(f"{row['writer']:<8} {row['seconds']:>8} {row['cpu']:>7} {row['peak_mb']:>8} {row['file_mb']:>8} "
              f"{row['seconds'] / base['seconds']:>14.2f} {row['cpu'] / base['cpu']:>13.2f} "
              f"{row['peak_mb'] / base['peak_mb']:>16.2f}")  # fmt: skip
    faster, cpu = base["seconds"] / ours["seconds"], base["cpu"] / ours["cpu"]
    print(
        f"Omtanke is {faster:.1f} × faster than pandas (CPU {cpu:.1f} ×; target ≥ 2), {ours['peak_mb']} MB peak (≤ 200)"
    )


if __name__ == "__main__":
    main()
