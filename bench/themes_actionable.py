"""Are the themes something people can act on? Category, polarity, readable title and quotes (issue 21).

Runs ``nlp.themes.find_themes`` on three sets and prints every theme (title, category, polarity, size, respondents,
languages, quotes), then:

- the share of themes with a category (every theme but "other" should have one);
- the share of themes whose answers are at least 80 % one polarity (praise, problem or neither), by the pipeline's
  own polarities and, on the labelled set, by the hand-written labels;
- how many themes hold both Swedish and Finnish answers, against how many categories do;
- the share of titles that are a phrase staff wrote (label) rather than a category name (with a key term).

Sets: "demo" is every free-text answer of the demo once (``survey_app.demo.free_text``: plain lists, data only);
"demo unit" is 240 answers drawn from them, as a workplace's report sees them (repeated answers, so labels can
qualify); "labelled sv+fi" is ``bench/data/polarity_heldout.jsonl`` (356 Swedish and Finnish workplace comments with
hand-written polarity labels, held out from the polarity work; nothing here is tuned on it).

Then the cost of the issue-21 steps on ``--size`` answers drawn from the labelled topic corpora (default folder:
env OMTANKE_BENCH_CORPORA, else bench/corpora): time of each stage of ``find_themes``
from its progress reports, with the area votes (``answer_areas``) and the grouping timed apart. Run from the
repository root:

    .venv/bin/python bench/themes_actionable.py [--size 20000] [--quiet] [--quick]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interventions.areas import AREAS  # noqa: E402
from nlp.categories import answer_areas  # noqa: E402
from nlp.io import TextInput  # noqa: E402
from nlp.lemmas import analyse  # noqa: E402
from nlp.normalise import normalise  # noqa: E402
from nlp.polarity import polarities  # noqa: E402
from nlp.themes import find_themes  # noqa: E402
from survey_app.demo.free_text import NAMED, SHOULD_CHANGE, WORKS_WELL  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "data" / "polarity_heldout.jsonl"


def demo_sets() -> dict[str, list[TextInput]]:
    pools = [WORKS_WELL, SHOULD_CHANGE, *NAMED.values()]
    answers = [(text, lang) for pool in pools for lang, texts in pool.items() for text in texts]
    rng = random.Random(0)  # noqa: S311 - sampling, not secrets
    unit = [rng.choice(answers) for _ in range(240)]
    return {
        "demo": [TextInput(str(i), text) for i, (text, _) in enumerate(answers)],
        "demo unit": [TextInput(str(i), text) for i, (text, _) in enumerate(unit)],
    }


def labelled_set() -> tuple[list[TextInput], dict[str, str]]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [TextInput(row["id"], row["text"]) for row in rows], {row["id"]: row["label"] for row in rows}


def report(name: str, inputs: list[TextInput], gold: dict[str, str] | None, quiet: bool) -> None:
    result = find_themes(inputs, areas=AREAS)
    members: dict[int, list[str]] = {}
    for item in inputs:
        members.setdefault(result.assignments[item.id], []).append(item.id)
    moods = dict(zip([item.id for item in inputs], _moods(inputs, result), strict=True))
    themes = [theme for theme in result.themes if theme.id >= 0]
    print(f"\n== {name}: {len(inputs)} answers, {len(themes)} themes (+ {len(members.get(-1, []))} other)")
    for theme in themes:
        langs = Counter(result.languages[i] for i in members[theme.id])
        if not quiet:
            print(
                f"[{theme.id}] {theme.title('sv')!r}  {theme.category}  {theme.polarity}  size {theme.size}"
                f"  respondents {theme.respondents}  {dict(langs)}"
            )
            for quote in theme.examples:
                print(f"      “{quote}”")
    with_category = sum(theme.category is not None for theme in themes)
    print(f"themes with a category: {with_category}/{len(themes)} = {with_category / max(len(themes), 1):.0%}")
    print(f"themes >= 80 % one polarity (pipeline): {_pure(themes, members, moods)}")
    if gold is not None:
        print(f"themes >= 80 % one polarity (hand labels): {_pure(themes, members, gold)}")
        mixed = sum({"praise", "problem"} <= {gold[i] for i in members[theme.id]} for theme in themes)
        print(f"themes holding both a hand-labelled praise and problem: {mixed}/{len(themes)}")
    both = sum({"sv", "fi"} <= {result.languages[i] for i in members[theme.id]} for theme in themes)
    by_category: dict[str, set[str]] = {}
    for theme in themes:
        by_category.setdefault(theme.category, set()).update(result.languages[i] for i in members[theme.id])
    both_categories = sum({"sv", "fi"} <= langs for langs in by_category.values())
    print(f"themes with both sv and fi answers: {both}/{len(themes)}; categories: {both_categories}/{len(by_category)}")
    labelled = sum(bool(theme.label) for theme in themes)
    keyed = sum(bool(not theme.label and theme.key_term) for theme in themes)
    print(
        f"titles: a phrase staff wrote {labelled}, category · key term {keyed}, category only "
        f"{len(themes) - labelled - keyed}"
    )


def _moods(inputs: list[TextInput], result) -> list[str]:
    """Each answer's polarity as ``find_themes`` saw it (normalised text)."""
    return polarities([normalise(item.text) for item in inputs], [result.languages[item.id] for item in inputs])


def _pure(themes, members, moods) -> str:
    pure = 0
    for theme in themes:
        counts = Counter(moods[i] for i in members[theme.id])
        pure += counts.most_common(1)[0][1] >= 0.8 * theme.size
    return f"{pure}/{len(themes)} = {pure / max(len(themes), 1):.0%}"


def cost(size: int) -> None:
    folder = Path(os.environ.get("OMTANKE_BENCH_CORPORA", ROOT / "bench" / "corpora"))
    pool = []
    for name in ("vkk_fi", "sib200_fi", "sib200_sv"):
        path = folder / f"{name}.jsonl"
        if path.exists():
            pool += [(json.loads(line)["text"], name[-2:]) for line in path.read_text(encoding="utf-8").splitlines()]
    if not pool:
        print(f"\n(no corpora in {folder}: cost not measured)")
        return
    rng = random.Random(1)  # noqa: S311 - sampling, not secrets
    inputs = []
    for i in range(size):
        text, lang = rng.choice(pool)
        words = text.split()
        if len(words) > 2 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        inputs.append(TextInput(str(i), " ".join(words), lang))
    find_themes(inputs[:200], areas=AREAS)  # tables loaded once, as in a running app
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    find_themes(inputs, k=15, areas=AREAS, progress=lambda stage, _share: marks.append((stage, time.perf_counter())))
    total = time.perf_counter() - start
    stages: dict[str, float] = {}
    previous, last = "start", start
    for stage, moment in marks:
        if stage != previous:
            stages[previous] = stages.get(previous, 0.0) + moment - last
            previous, last = stage, moment
    print(f"\n== cost on {size} answers (sv+fi, lang given, k = 15): total {total:.2f} s")
    for stage, seconds in stages.items():
        if stage != "start":
            print(f"  {stage:<10} {seconds:6.2f} s  {seconds / total:5.1%}")
    docs = [[term.lemma for term in terms] for terms in analyse([i.text for i in inputs], [i.lang for i in inputs])]
    begin = time.perf_counter()
    answer_areas(docs, [item.lang for item in inputs], areas=AREAS)
    print(
        f"  of which area votes (answer_areas) {time.perf_counter() - begin:.2f} s; 'polarity' holds them and "
        "nlp.polarity; 'naming' holds the grouping, labels, terms and quotes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--quiet", action="store_true", help="figures only, no themes listed")
    parser.add_argument("--quick", action="store_true", help="the demo sets only, figures only (make bench-quick)")
    args = parser.parse_args()
    if args.quick:
        args.size, args.quiet = 0, True
    for name, inputs in demo_sets().items():
        report(name, inputs, None, args.quiet)
    if LABELLED.exists():
        inputs, gold = labelled_set()
        report("labelled sv+fi", inputs, gold, args.quiet)
    if args.size:
        cost(args.size)


if __name__ == "__main__":
    main()
