"""Praise / problem / neither on labelled workplace comments: accuracy of ``nlp.polarity`` against baselines.

Usage: ``.venv/bin/python bench/polarity.py [--quick] [--show-errors] [--n 50000]``

Scores every labelled file present in ``bench/data`` (``polarity_dev.jsonl`` and ``polarity_dev2.jsonl``, written
with the method, the learned model fitted on both; and ``polarity_heldout.jsonl``, written blind by someone else,
reported separately), per language and overall, with per-class precision and recall and a confusion matrix. In the
same run: the majority class, the general lexicons alone (no negation, wish, contrast or workplace layer) and the
rules alone (no learned model). Then the cross-validated figure of the development sets (the model refitted on nine
tenths, scored on the tenth; and fitted on ``polarity_dev.jsonl`` alone, scored on ``polarity_dev2.jsonl``), and
throughput on N comments (the labelled texts repeated with a counter so that each is distinct). Prints; asserts
nothing. ``--quick``: 5,000 comments. The held-out set's errors are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import polarity as method  # noqa: E402
from nlp import polarity_model  # noqa: E402
from nlp.polarity_lexicon import POLAR, lexicon  # noqa: E402

DATA = ROOT / "bench" / "data"
FILES = ("polarity_dev.jsonl", "polarity_dev2.jsonl", "polarity_heldout.jsonl")
HELD_OUT = "polarity_heldout.jsonl"
FOLDS = 10
LABELS = method.POLARITIES


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lexicon_only(texts: list[str], langs: list[str]) -> list[str]:
    """Baseline: the sum of the general lexicon's scores of the words and their lemmas, nothing else."""
    labels = []
    for text, lang in zip(texts, langs, strict=True):
        general = lexicon(lang).general
        total = 0.0
        for token, base in zip(*method.tokens_and_lemmas(text, lang), strict=True):
            entry = general.get(token) or general.get(base)
            if entry is not None and entry.kind == POLAR:
                total += entry.score
        labels.append(method._label(total))
    return labels


def report(name: str, truth: list[str], guessed: list[str]) -> float:
    right = sum(t == g for t, g in zip(truth, guessed, strict=True))
    accuracy = right / len(truth) if truth else 0.0
    print(f"  {name:<16} accuracy {accuracy:6.1%}  ({right}/{len(truth)})")
    return accuracy


def detail(truth: list[str], guessed: list[str]) -> None:
    pairs = Counter(zip(truth, guessed, strict=True))
    print("    true \\ guessed " + "".join(f"{label:>9}" for label in LABELS) + "   recall precision")
    for label in LABELS:
        row = [pairs[(label, other)] for other in LABELS]
        said = sum(pairs[(other, label)] for other in LABELS)
        recall = pairs[(label, label)] / sum(row) if sum(row) else 0.0
        precision = pairs[(label, label)] / said if said else 0.0
        print(f"    {label:<16}" + "".join(f"{n:>9}" for n in row) + f"   {recall:6.1%} {precision:8.1%}")


def evaluate(path: Path, show_errors: bool) -> None:
    rows = read(path)
    print(
        f"\n{path.name}: {len(rows)} comments, "
        + ", ".join(f"{k} {v}" for k, v in Counter(r["lang"] for r in rows).items())
    )
    for lang in [None, *sorted({row["lang"] for row in rows})]:
        chosen = [row for row in rows if lang is None or row["lang"] == lang]
        texts = [row["text"] for row in chosen]
        langs = [row["lang"] for row in chosen]
        truth = [row["label"] for row in chosen]
        print(f" {lang or 'all'} ({len(chosen)}):")
        majority = Counter(truth).most_common(1)[0][0]
        report(f"majority ({majority})", truth, [majority] * len(truth))
        report("lexicon only", truth, lexicon_only(texts, langs))
        report("rules only", truth, method.rule_polarities(texts, langs))
        guessed = method.polarities(texts, langs)
        report("nlp.polarity", truth, guessed)
        detail(truth, guessed)
        if show_errors and lang is None and path.name != HELD_OUT:  # never look at held-out errors
            for row, guess in zip(chosen, guessed, strict=True):
                if guess != row["label"]:
                    score = method.score(row["text"], row["lang"])
                    print(f"    ! {row['id']} {row['label']:>7} → {guess:<7} {score:+.2f}  {row['text']}")


def cross_validated(dev: list[dict], dev2: list[dict]) -> None:
    """Rules + a model refitted without the comments it scores: ``FOLDS``-fold over both sets, and dev → dev2."""
    rows = [row for row in dev + dev2 if row["lang"] in polarity_model.LANGUAGES]
    dev = [row for row in dev if row["lang"] in polarity_model.LANGUAGES]
    found = [polarity_model.features(*method.tokens_and_lemmas(row["text"], row["lang"]), row["lang"]) for row in rows]
    values = method.scores([row["text"] for row in rows], [row["lang"] for row in rows])
    folds = [index % FOLDS for index in range(len(rows))]  # deterministic, interleaved: both sets in every fold

    def labels(train: list[int], test: list[int]) -> dict[int, str]:
        bias, weights = polarity_model.fit((found[index], rows[index]["label"]) for index in train)
        guessed = {}
        for index in test:
            model = list(bias)
            for name in found[index]:
                for k, weight in enumerate(weights.get(name, ())):
                    model[k] += weight
            guessed[index] = method.combine(model, values[index])
        return guessed

    guessed: dict[int, str] = {}
    for fold in range(FOLDS):
        test = [index for index in range(len(rows)) if folds[index] == fold]
        guessed |= labels([index for index in range(len(rows)) if folds[index] != fold], test)
    print(f"\ncross-validated ({FOLDS}-fold over {len(rows)} development comments; rules + refitted model):")
    for name, chosen in (("both sets", range(len(rows))), ("dev2 part", range(len(dev), len(rows)))):
        for lang in (None, "sv", "fi"):
            part = [index for index in chosen if lang is None or rows[index]["lang"] == lang]
            report(f"{name} {lang or 'all'}", [rows[i]["label"] for i in part], [guessed[i] for i in part])
    later = labels(list(range(len(dev))), list(range(len(dev), len(rows))))
    print(" model fitted on polarity_dev.jsonl only, scored on polarity_dev2.jsonl:")
    report(
        "rules only",
        [row["label"] for row in dev2],
        method.rule_polarities([row["text"] for row in dev2], [row["lang"] for row in dev2]),
    )
    report("rules + model", [row["label"] for row in dev2], [later[i] for i in range(len(dev), len(rows))])


def throughput(n: int, rows: list[dict]) -> None:
    texts = [f"{rows[i % len(rows)]['text']} ({i})" for i in range(n)]
    langs = [rows[i % len(rows)]["lang"] for i in range(n)]
    start = time.perf_counter()
    method.polarities(texts, langs)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    method.polarities(texts, langs)
    again = time.perf_counter() - start
    print(
        f"\nthroughput, {n:,} distinct comments: {elapsed:.2f} s ({n / elapsed:,.0f}/s); the same again {again:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="throughput on 5,000 comments")
    parser.add_argument("--n", type=int, default=50_000, help="comments for the throughput figure")
    parser.add_argument("--show-errors", action="store_true", help="list the dev set's comments labelled wrong")
    parser.add_argument("--dev-only", action="store_true", help="leave the held-out set out (while developing)")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation (about a minute)")
    args = parser.parse_args()
    start = time.perf_counter()
    method.polarities(["Bra.", "Hyvä.", "Good."], ["sv", "fi", "en"])
    print(f"first call (loading the lexicons and lemma tables): {time.perf_counter() - start:.2f} s")
    chosen = [name for name in FILES if not (args.dev_only and name == HELD_OUT)]
    present = [DATA / name for name in chosen if (DATA / name).exists()]
    for path in present:
        evaluate(path, args.show_errors)
    if not args.no_cv and all((DATA / name).exists() for name in FILES[:2]):
        cross_validated(read(DATA / FILES[0]), read(DATA / FILES[1]))
    rows = [row for path in present for row in read(path)]
    if rows:
        throughput(5_000 if args.quick else args.n, rows)


if __name__ == "__main__":
    main()
