"""Coverage of the effect estimate's 95 % interval on simulated histories with a known effect.

Method: ``interventions.effect.simulate.simulate_history`` makes N histories (seeds 0…N−1) of 20 comparison units
and one treated unit of 120 employees (the others 60–190), 24 months before the case's start and 12 after (or
``--before``/``--after``), a common seasonal pattern and trend, Poisson days with extra unit-month noise (``--noise``,
carried over from month to month with ``--persistence``), with a
planted change of −12 % short-term sick days from the start, and N more (seeds N…2N−1) without any effect. For each,
``choose_comparisons`` picks the 10 nearest units over the 12 months before and ``estimate`` runs on short-term days
(2,000 draws). Prints the planted change, the mean estimate, the mean interval width, the share of intervals
covering the planted change (must be ≥ 90 %), the share of no-effect intervals that exclude zero (must be ≤ 10 %),
how many histories the pre-trend check stopped, and the time per estimate (choosing and estimating). Histories the
check stopped have no interval; they are counted and left out of the shares. Then the same shares for the survey
index between two rounds (``interventions.effect.simulate_indices``: 5, 10 and 20 comparison units, +5 index points
planted, and none).

    .venv/bin/python bench/effect.py [--quick] [--n 200] [--draws 2000] [--before 24] [--after 12]
        [--noise 0.05] [--persistence 0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interventions.effect import choose_comparisons, estimate  # noqa: E402
from interventions.effect.indices import index_estimate  # noqa: E402
from interventions.effect.simulate import simulate_history  # noqa: E402
from interventions.effect.simulate_indices import simulate_index_history  # noqa: E402

#: Any first-of-month works; the simulation never reads the calendar.
START = date(2026, 1, 1)


def run(seeds: range, effect: float, draws: int, before: int, after: int, persistence: float, noise: float) -> dict:
    planted, estimates, widths, covered, excludes_zero, stopped, seconds = [], [], [], 0, 0, 0, 0.0
    for seed in seeds:
        history = simulate_history(
            seed,
            START,
            months_before=before,
            months_after=after,
            effect=effect,
            persistence=persistence,
            month_noise=noise,
        )
        started = time.perf_counter()
        chosen = [c.series for c in choose_comparisons(history.treated, history.comparisons, START) if c.chosen]
        result = estimate(history.treated, chosen, START, seed=seed, draws=draws)
        seconds += time.perf_counter() - started
        planted.append(history.planted_change)
        if result.verdict != "estimate":
            stopped += 1
            continue
        estimates.append(result.change_per_employee_year)
        widths.append(result.high - result.low)
        covered += result.low <= history.planted_change <= result.high
        excludes_zero += not result.low <= 0 <= result.high
    given = len(estimates)
    return {
        "planted": statistics.mean(planted),
        "estimate": statistics.mean(estimates),
        "width": statistics.mean(widths),
        "coverage": covered / given * 100,
        "excludes_zero": excludes_zero / given * 100,
        "stopped": stopped,
        "ms": seconds / len(seeds) * 1000,
    }


def run_indices(seeds: range, effect: float, units: int) -> dict:
    """The survey-index estimate (``indices``) on simulated rounds: coverage, zero excluded, stopped."""
    covered = excludes_zero = stopped = given = 0
    widths = []
    for seed in seeds:
        history = simulate_index_history(seed, units=units, effect=effect)
        result = index_estimate(history.treated, history.comparisons)
        if result.verdict != "estimate":
            stopped += 1
            continue
        given += 1
        widths.append(result.high - result.low)
        covered += result.low <= history.planted <= result.high
        excludes_zero += not result.low <= 0 <= result.high
    return {
        "coverage": covered / given * 100,
        "excludes_zero": excludes_zero / given * 100,
        "stopped": stopped,
        "width": statistics.mean(widths),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 histories of each kind instead of 200")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--before", type=int, default=24, help="months before the start")
    parser.add_argument("--after", type=int, default=12, help="months from the start")
    parser.add_argument("--persistence", type=float, default=0.0, help="share of a month's extra noise kept the next")
    parser.add_argument("--noise", type=float, default=0.05, help="the extra unit-month noise's standard deviation")
    args = parser.parse_args()
    n = 50 if args.quick else args.n
    started = time.perf_counter()
    shape = (args.draws, args.before, args.after, args.persistence, args.noise)
    planted = run(range(n), -0.12, *shape)
    none = run(range(n, 2 * n), 0.0, *shape)
    print(
        f"{n} histories with a planted change of −12 % short-term days, {n} without; "
        f"{args.before} months before, {args.after} after; noise {args.noise}, persistence {args.persistence}; "
        f"{args.draws} draws"
    )
    print(f"planted change (short-term days per employee-year, mean): {planted['planted']:.3f}")
    for name, row in (("planted −12 %", planted), ("no effect", none)):
        print(
            f"{name:>14}: mean estimate {row['estimate']:+.3f}, mean interval width {row['width']:.3f}, "
            f"covers planted {row['coverage']:.1f} %, excludes zero {row['excludes_zero']:.1f} %, "
            f"stopped by the pre-trend check {row['stopped']}, {row['ms']:.1f} ms per estimate"
        )
    print(f"coverage of the planted change: {planted['coverage']:.1f} % (must be ≥ 90 %)")
    print(f"no-effect intervals excluding zero: {none['excludes_zero']:.1f} % (must be ≤ 10 %)")
    print(f"survey index (HME, 0–100) between two rounds, {n} histories each, planted +5 points and none:")
    for units in (5, 10, 20):
        planted_index, none_index = run_indices(range(n), 5.0, units), run_indices(range(n, 2 * n), 0.0, units)
        print(
            f"  {units:>2} comparison units: covers planted {planted_index['coverage']:.1f} % (must be ≥ 90 %), "
            f"no-effect excludes zero {none_index['excludes_zero']:.1f} % (must be ≤ 10 %), mean interval width "
            f"{planted_index['width']:.1f} points, stopped by the check before the start "
            f"{planted_index['stopped'] + none_index['stopped']} of {2 * n}"
        )
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
