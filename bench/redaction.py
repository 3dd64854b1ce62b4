"""Name redaction on labelled text: share of name tokens removed, share of name-free sentences changed, throughput.

Reads every labelled file present: ``bench/data/redaction_dev.jsonl`` (the development set the rules were tuned on)
and ``bench/data/redaction_heldout.jsonl`` (a blind held-out set, written by someone else; reported separately).
One JSON object a line: ``{"id", "lang", "text", "names": [each name occurrence as written]}``.

Definitions:
- a name token is a word of a listed name occurrence; it counts as removed when the redacted text holds that word
  (as a whole word) fewer times than the original did, up to the number of times it occurs in names;
- a name-free sentence (``names`` empty) counts as changed when its redacted text differs from the original at all.

"old" imitates the redactor as it was before issue 21 by switching off the new evidence (``nlp.redaction.evidence``):
only the built-in list, cue words and extra names remain (the newer cue words and gazetteer stay on; names joined
by "och"/"ja" and lower-case names before a colon case ending are off too). ``--show-misses`` prints the dev set's
misses only: the held-out set's sentences are never shown.

Throughput: ``redact`` on 50,000 answers (language given, guessed, and with 2,000 known people) against a plain
regular-expression tokenisation of the same texts, in this process after a warm-up that loads the word tables
(load time printed on its own).

    .venv/bin/python bench/redaction.py [--quick] [--show-misses]

Targets (issue 21): at least 95 % of name tokens removed, at most 1 in 20 name-free sentences changed. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.redaction import KnownNames, name_digests, redact_text  # noqa: E402

DATA = Path(__file__).parent / "data"
FILES = {"dev": DATA / "redaction_dev.jsonl", "heldout": DATA / "redaction_heldout.jsonl"}
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _whole_words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def score(rows: list[dict], redactor) -> dict[str, dict[str, float]]:
    """Per language and overall: name tokens, removed, name-free sentences, changed; plus misses for display."""
    figures: dict[str, Counter] = {}
    misses: list[tuple[str, str]] = []
    for row in rows:
        redacted = redactor(row["text"], row.get("lang"))
        for key in (row.get("lang", "?"), "all"):
            bucket = figures.setdefault(key, Counter())
            if row["names"]:
                wanted = Counter(token for name in row["names"] for token in _WORD.findall(name))
                before, after = _whole_words(row["text"]), _whole_words(redacted)
                removed = sum(min(count, before[token] - after[token]) for token, count in wanted.items())
                bucket["tokens"] += sum(wanted.values())
                bucket["removed"] += max(removed, 0)
                if key == "all" and removed < sum(wanted.values()):
                    misses.append(("missed", redacted))
            else:
                bucket["free"] += 1
                if redacted != row["text"]:
                    bucket["changed"] += 1
                    if key == "all":
                        misses.append(("changed", redacted))
    return {"figures": figures, "misses": misses}


def _print_figures(label: str, result: dict) -> None:
    for key, bucket in sorted(result["figures"].items()):
        tokens, free = bucket["tokens"], bucket["free"]
        removed = 100 * bucket["removed"] / tokens if tokens else float("nan")
        changed = 100 * bucket["changed"] / free if free else float("nan")
        print(
            f"  {label:<5} {key:<4} name tokens removed {bucket['removed']:>4}/{tokens:<4} = {removed:5.1f} %   "
            f"name-free sentences changed {bucket['changed']:>3}/{free:<4} = {changed:5.1f} %"
        )


def _old_redactor(text: str, lang: str | None) -> str:
    with (
        mock.patch("nlp.redaction.evidence.Evidence.capitalised_name", return_value=False),
        mock.patch("nlp.redaction.evidence.Evidence.lower_case_name", return_value=False),
        mock.patch("nlp.redaction.personal_names._NameScanner._listed_before_case_ending", return_value=False),
        mock.patch("nlp.redaction.personal_names._NameScanner._coordinated", lambda self, spans: set(spans)),
    ):
        return redact_text(text, lang=lang)


def throughput(texts: list[str], langs: list[str | None]) -> None:
    started = time.perf_counter()
    for text in texts:
        _WORD.findall(text)
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    for text, lang in zip(texts, langs, strict=True):
        redact_text(text, lang=lang)
    given = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        redact_text(text)
    guessed = time.perf_counter() - started
    key = b"bench key"
    known = KnownNames(key, frozenset().union(*(name_digests(key, f"Person{i} Efternamn{i}") for i in range(2000))))
    started = time.perf_counter()
    for text, lang in zip(texts, langs, strict=True):
        redact_text(text, known_names=known, lang=lang)
    with_known = time.perf_counter() - started
    count = len(texts)
    print(f"throughput on {count} sentences (distinct texts, caches warm only for repeats):")
    print(f"  regex tokenisation (baseline) {count / baseline:>10,.0f} sentences/s")
    print(f"  redact, language given        {count / given:>10,.0f} sentences/s  ({given / baseline:.0f}× baseline)")
    print(f"  redact, language guessed      {count / guessed:>10,.0f} sentences/s  ({guessed:.2f} s in all)")
    print(f"  redact, 2,000 known people    {count / with_known:>10,.0f} sentences/s  ({with_known:.2f} s in all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the dev set only, a small throughput run")
    parser.add_argument("--show-misses", action="store_true", help="print the dev sentences that fall short")
    args = parser.parse_args()

    started = time.perf_counter()
    redact_text("Kajsa Lindberg lyssnar aldrig.", lang="sv")
    redact_text("Kajsa Lindbergille ei kerrottu.", lang="fi")
    print(f"first call (loads name lists and word tables): {time.perf_counter() - started:.2f} s")

    all_rows: list[dict] = []
    for name, path in FILES.items():
        if not path.exists() or (args.quick and name != "dev"):
            print(f"{name}: {path.name} not present" if not path.exists() else f"{name}: skipped (--quick)")
            continue
        rows = load(path)
        all_rows += rows
        print(f"{name}: {path.name}, {len(rows)} sentences")
        new = score(rows, lambda text, lang: redact_text(text, lang=lang))
        _print_figures("new", new)
        _print_figures("old", score(rows, _old_redactor))
        guessed = score(rows, lambda text, lang: redact_text(text))
        _print_figures("guess", {"figures": {"all": guessed["figures"]["all"]}})
        if args.show_misses and name == "dev":  # the held-out set's sentences are never shown
            for kind, text in new["misses"]:
                print(f"    {kind}: {text}")

    texts = [row["text"] for row in all_rows]
    langs = [row.get("lang") for row in all_rows]
    size = 5_000 if args.quick else 50_000  # answers: the labelled sentences varied with a counter
    repeat = -(-size // max(len(texts), 1))
    varied = [f"{text} ({index})" for index in range(repeat) for text in texts][:size]
    throughput(varied, (langs * repeat)[:size])


if __name__ == "__main__":
    main()
