"""How fast ``omtanke themes`` is end to end, against TF-IDF + NMF (k = 15) on the same texts in the same process.

Texts: Finnish sentences from the labelled corpora in the data folder (sib200_fi and vkk_fi, 4,004 sentences; ``--lang
all`` draws from every corpus), drawn with replacement and mostly varied a little so that they are not all
duplicates: a word dropped (40 %), a word of another sentence of the same language added (40 %). About two in three
of 50,000 are distinct.

Every size runs in a fresh child process, as ``omtanke themes`` would: ``nlp.themes.find_themes`` with k chosen, the
lemma tables loaded inside the timing (from their cache, ``nlp.lemma_tables``), progress stages timed. Then, in the
same process and on the same texts, the baseline: scikit-learn's ``TfidfVectorizer`` (defaults) + ``NMF(15,
init="nndsvda")``, run with default threads and on one thread, the faster counting (the machine is shared: its
threads may wait on each other). "ratio" = find_themes / baseline. "RSS MB" is the child's peak resident memory
(ru_maxrss) when find_themes has finished, the corpora and tables included. "NMI" compares the clustering behind
the themes and the NMF topics with the sentences' corpus labels (a check that sampling keeps quality at scale).
``--cli`` also times ``omtanke themes`` itself as a subprocess (wall clock: interpreter, app and imports included).

    .venv/bin/python bench/themes_speed.py [--sizes 1000 5000 10000 50000] [--quick] [--cli] [--lang fi|all]

``--quick``: 1,000 and 5,000 texts (under a minute). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.themes_quality import CORPORA, DATA, load  # noqa: E402

FINNISH = ("sib200_fi", "vkk_fi")
NMF_K = 15


def answers(n: int, seed: int, data: Path, lang: str) -> list[dict[str, str]]:
    """``n`` answers drawn with replacement, most of them varied a little; each with its corpus label."""
    pool: list[tuple[str, str, str]] = []
    for name in FINNISH if lang == "fi" else CORPORA:
        texts, labels, langs = load(data / f"{name}.jsonl")
        pool += [
            (text, f"{name}:{label}", text_lang) for text, label, text_lang in zip(texts, labels, langs, strict=True)
        ]
    by_lang: dict[str, list[str]] = {}
    for text, _, text_lang in pool:
        by_lang.setdefault(text_lang, []).append(text)
    rng = random.Random(seed)  # noqa: S311 - sampling, not secrets
    rows = []
    for i in range(n):
        text, label, text_lang = rng.choice(pool)
        words = text.split()
        if len(words) > 2 and rng.random() < 0.4:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.4:
            words.insert(rng.randrange(len(words) + 1), rng.choice(rng.choice(by_lang[text_lang]).split()))
        rows.append({"id": f"a{i}", "text": " ".join(words), "label": label})
    return rows


def child(path: Path, seed: int) -> dict[str, object]:
    """Runs in a fresh process: find_themes as the CLI runs it, then the baseline."""
    started = time.perf_counter()
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    from interventions.areas import AREAS
    from nlp.io import read_inputs
    from nlp.themes import find_themes

    import_seconds = time.perf_counter() - started
    lines = path.read_text(encoding="utf-8").splitlines()
    labels = [json.loads(line)["label"] for line in lines]
    inputs = read_inputs(lines)
    stages: dict[str, float] = {}
    current = ["start", time.perf_counter()]

    def progress(stage: str, _share: float) -> None:
        now = time.perf_counter()
        if stage != current[0]:
            stages[str(current[0])] = stages.get(str(current[0]), 0.0) + now - float(current[1])
            current[:] = [stage, now]

    parts = _time_parts()
    started = time.perf_counter()
    result = find_themes(inputs, k=None, seed=seed, progress=progress, areas=AREAS)
    themes_seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    texts = [item.text for item in inputs]

    def baseline() -> tuple[float, list[int]]:
        started = time.perf_counter()
        matrix = TfidfVectorizer().fit_transform(texts)
        topics = NMF(NMF_K, init="nndsvda", random_state=seed, max_iter=1000, tol=1e-3).fit_transform(matrix)
        return time.perf_counter() - started, topics.argmax(axis=1).tolist()

    threaded, topics = baseline()
    with threadpool_limits(limits=1):
        single, _ = baseline()
    ours = result.clustering.labels if result.clustering is not None else [0] * len(texts)
    return {
        "n": len(inputs),
        "distinct": len(set(texts)),
        "import_s": import_seconds,
        "themes_s": themes_seconds,
        "stages": stages,
        "parts": parts,
        "k": result.clustering.k if result.clustering is not None else 0,
        "nmf_s": min(threaded, single),
        "nmf_threaded_s": threaded,
        "rss_mb": rss,
        "nmi": normalized_mutual_info_score(labels, ours),
        "nmf_nmi": normalized_mutual_info_score(labels, topics),
    }


def _time_parts() -> dict[str, float]:
    """Seconds spent inside find_themes' stages: the area votes (``answer_areas``, run in the "polarity" stage), the
    steps of ``cluster`` (its own progress stages), the grouping into themes and the naming. Measured by wrapping the
    functions ``nlp.themes`` calls; the dictionary returned fills in while find_themes runs."""
    import nlp.themes

    parts: dict[str, float] = {}

    def timed(name: str, function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - started

        return run

    def cluster(*args, progress=None, **kwargs):
        current = ["cluster: start", time.perf_counter()]

        def steps(stage: str, share: float) -> None:
            now = time.perf_counter()
            parts[str(current[0])] = parts.get(str(current[0]), 0.0) + now - float(current[1])
            current[:] = [f"cluster: {stage}", now]
            if progress is not None:
                progress(stage, share)

        return original_cluster(*args, progress=steps, **kwargs)

    original_cluster = nlp.themes.cluster
    nlp.themes.cluster = timed("cluster", cluster)
    nlp.themes.answer_areas = timed("answer_areas", nlp.themes.answer_areas)
    nlp.themes.group_answers = timed("group_answers", nlp.themes.group_answers)
    nlp.themes._Naming.themes = timed("naming (terms, labels, quotes)", nlp.themes._Naming.themes)
    return parts


def table_load_seconds() -> float:
    """Loading the Finnish lemma table in a fresh process (built first if its cache is missing)."""
    code = (
        "import time; t = time.perf_counter(); from nlp.lemma_tables import lemma_table; lemma_table('fi'); "
        "print(time.perf_counter() - t)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # noqa: S603 - build if missing
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)  # noqa: S603
    return float(output.stdout.strip())


def cli_seconds(path: Path) -> float:
    omtanke = Path(sys.executable).with_name("omtanke")
    started = time.perf_counter()
    command = [str(omtanke), "themes", "--input", str(path), "--output", str(path.with_suffix(".out.json"))]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000, 50_000])
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 texts only")
    parser.add_argument("--cli", action="store_true", help="also time `omtanke themes` as a subprocess")
    parser.add_argument("--lang", choices=["fi", "all"], default="fi")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return
    if not args.data.is_dir() and args.quick:  # the corpora are not part of the repository (make bench-quick)
        print(f"no corpora at {args.data}: skipped (set OMTANKE_BENCH_CORPORA)")
        return
    if not args.data.is_dir():
        parser.error(f"no corpora at {args.data}: give --data FOLDER or set OMTANKE_BENCH_CORPORA")

    sizes = [1_000, 5_000] if args.quick else sorted(args.sizes)
    print(f"Finnish lemma table from its cache in a fresh process: {table_load_seconds():.2f} s", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"answers-{n}.jsonl"
            path.write_text(
                "\n".join(json.dumps(row) for row in answers(n, args.seed, args.data, args.lang)), encoding="utf-8"
            )
            command = [sys.executable, __file__, "--child", str(path), "--seed", str(args.seed)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
            row = json.loads(output.strip().splitlines()[-1])
            row["cli_s"] = cli_seconds(path) if args.cli else None
            rows.append(row)
            print(f"{n}: {row['themes_s']:.1f} s; stages {json.dumps(row['stages'])}", flush=True)

    print(f"\nfind_themes (k chosen), fresh process, vs TF-IDF + NMF (k = {NMF_K}), same process; seed {args.seed}.")
    print("| texts | distinct | find_themes s | NMF s | ratio | k | RSS MB | NMI ours / NMF | omtanke themes s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cli = f"{r['cli_s']:.1f}" if r["cli_s"] is not None else "—"
        print(
            f"| {r['n']:,} | {r['distinct']:,} | {r['themes_s']:.2f} | {r['nmf_s']:.2f} | "
            f"{r['themes_s'] / r['nmf_s']:.2f} | {r['k']} | {r['rss_mb']:.0f} | {r['nmi']:.3f} / {r['nmf_nmi']:.3f} "
            f"| {cli} |"
        )
    print("\nStages of find_themes, seconds (from its progress reports):")
    names = list(dict.fromkeys(name for r in rows for name in r["stages"]))
    print("| texts | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for r in rows:
        print(f"| {r['n']:,} | " + " | ".join(f"{r['stages'].get(name, 0.0):.2f}" for name in names) + " |")
    print("\nInside the stages, seconds (the functions find_themes calls, timed by wrapping them):")
    names = list(dict.fromkeys(name for r in rows for name in r["parts"] if name != "cluster: done"))
    print("| texts | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for r in rows:
        print(f"| {r['n']:,} | " + " | ".join(f"{r['parts'].get(name, 0.0):.2f}" for name in names) + " |")


if __name__ == "__main__":
    main()
