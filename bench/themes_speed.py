"""How theme clustering scales: time and memory of ``nlp.clustering.cluster`` on 1k to 50k answers.

Answers are drawn with replacement from the labelled corpora in the data folder (Swedish, Finnish and English), and
about two in three are varied slightly so that they are not all duplicates: a word dropped, a word from another answer
of the same language added. Every size runs in a fresh child process. There the texts become lemma lists by
``nlp.lemmas.analyse`` when it can be imported (its time is printed as "lemmas", loading its tables apart), else by
a fallback tokeniser; then ``cluster`` runs with k chosen automatically and again with k = 10, timed (the fastest of
``--repeat`` runs: the machine is shared). A third, traced run gives the peak of memory allocated during clustering
(tracemalloc, numpy included); "RSS MB" is the child process's peak resident size (ru_maxrss), lemma tables and
corpora included. The growth of time per 10× answers is fitted between consecutive sizes (10^slope on log-log).
Run from the repository root:

    .venv/bin/python bench/themes_speed.py [--sizes 1000 5000 10000 50000] [--seed 0] [--repeat 2]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.themes_quality import CORPORA, DATA, lemma_lists, load  # noqa: E402
from nlp.clustering import cluster  # noqa: E402

FIXED_K = 10


def answers(n: int, seed: int, data: Path) -> tuple[list[str], list[str]]:
    """``n`` answers drawn with replacement, most of them varied a little."""
    pool: list[tuple[str, str]] = []
    for name in CORPORA:
        texts, _, langs = load(data / f"{name}.jsonl")
        pool += list(zip(texts, langs, strict=True))
    by_lang: dict[str, list[str]] = {}
    for text, lang in pool:
        by_lang.setdefault(lang, []).append(text)
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrets
    texts, langs = [], []
    for _ in range(n):
        text, lang = rng.choice(pool)
        words = text.split()
        if len(words) > 2 and rng.random() < 0.4:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.4:
            words.insert(rng.randrange(len(words) + 1), rng.choice(rng.choice(by_lang[lang]).split()))
        texts.append(" ".join(words))
        langs.append(lang)
    return texts, langs


def one(n: int, seed: int, data: Path, repeat: int) -> dict[str, object]:
    texts, langs = answers(n, seed, data)
    started = time.perf_counter()
    try:
        from nlp.lemmas import preload
    except ImportError:
        pass
    else:
        preload(sorted(set(langs)))
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    docs, used = lemma_lists(texts, langs)
    lemma_seconds = time.perf_counter() - started
    auto_seconds, fixed_seconds = math.inf, math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        found = cluster(docs, seed=seed)
        auto_seconds = min(auto_seconds, time.perf_counter() - started)
        started = time.perf_counter()
        cluster(docs, k=FIXED_K, seed=seed)
        fixed_seconds = min(fixed_seconds, time.perf_counter() - started)
    tracemalloc.start()
    cluster(docs, seed=seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "n": n,
        "distinct": len({tuple(sorted(doc)) for doc in docs}),
        "lemmas_by": used,
        "load_s": load_seconds,
        "lemma_s": lemma_seconds,
        "auto_s": auto_seconds,
        "k": found.k,
        "fixed_s": fixed_seconds,
        "peak_mb": peak / 2**20,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def per_tenfold(sizes: list[int], seconds: list[float]) -> list[str]:
    out = ["—"]
    for i in range(1, len(sizes)):
        (n1, t1), (n2, t2) = (sizes[i - 1], seconds[i - 1]), (sizes[i], seconds[i])
        slope = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else float("nan")
        out.append(f"×{10**slope:.1f}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000, 50_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per size; the fastest counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed, args.data, args.repeat)))
        return

    results = []
    for n in sorted(args.sizes):
        command = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--data", str(args.data)]
        command += ["--repeat", str(args.repeat)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(f"{n}: done", flush=True)
    sizes = [int(r["n"]) for r in results]
    growth = per_tenfold(sizes, [float(r["auto_s"]) for r in results])
    loading = max(float(r["load_s"]) for r in results)
    print(f"\nLemmas by {results[0]['lemmas_by']} (loading its tables once: {loading:.1f} s); seed {args.seed}.")
    print("| answers | distinct | lemmas s | cluster s, k auto | k | cluster s, k=10 | per 10× | peak MB | RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r, grow in zip(results, growth, strict=True):
        print(
            f"| {r['n']:,} | {r['distinct']:,} | {r['lemma_s']:.2f} | {r['auto_s']:.2f} | {r['k']} "
            f"| {r['fixed_s']:.2f} | {grow} | {r['peak_mb']:.0f} | {r['max_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
