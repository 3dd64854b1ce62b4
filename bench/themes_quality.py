"""How well theme clustering finds known topics: NMI and ARI against human labels, next to plain baselines.

For every labelled corpus in the data folder (``<name>.jsonl`` with "text", "label", "lang"; ``--data`` or
OMTANKE_BENCH_CORPORA, see its README) the texts are turned into lemma lists once, by ``nlp.lemmas.analyse`` when it
can be imported, else by a fallback tokeniser (lower case, letters only, two letters or more, minus scikit-learn's
English stop words and a short Swedish/Finnish list); the script prints which. Every method clusters the same lemma
lists; NMI and ARI (sklearn.metrics; ``OTHER`` counts as one more cluster) are means over seeds 0..S-1.

1. **k given** (k = the true number of labels): nlp.clustering against the two plain baselines the issue names,
   with the ratio of its NMI to each:
   - tfidf-nmf: TF-IDF of the lemmas (smooth idf, L2 rows) → NMF (nndsvda) with k components; theme = strongest.
   - tfidf-lsa-kmeans: TF-IDF → TruncatedSVD (100) → normalised → KMeans (4 initialisations), the README's
     reference method.
   Without ``--quick`` also: tfidf-kmeans, lsa-ward (agglomerative, Ward, on at most 5,000 answers), gsdmm (a
   Dirichlet multinomial mixture for short texts, Yin & Wang 2014) and nlp.clustering without kNN smoothing.
2. **k chosen**: ``cluster(k=None)`` per seed; each baseline then runs with the k our method chose for that seed
   (neither baseline can choose a k of its own), so the comparison is at the same k.

Then, without ``--quick``, auto-k on random subsets of 3-15 banking77 intents (the situation of a survey with a
handful of themes): mean chosen k / true k and NMI. Run from the repository root:

    .venv/bin/python bench/themes_quality.py [--seeds 3] [--corpora banking77_en vkk_fi] [--quick] [--draws 5]

``--quick``: two seeds, the two baselines only, no subsets (3-4 minutes on the shared 2-core machine). Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sklearn.cluster import AgglomerativeClustering, KMeans  # noqa: E402
from sklearn.decomposition import NMF, TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402
from sklearn.preprocessing import normalize  # noqa: E402

import nlp.clustering.reduction  # noqa: E402
from nlp.clustering import cluster  # noqa: E402

#: The labelled short-text corpora (``<name>.jsonl``: text, label, lang), kept outside the repository: ``--data`` or
#: OMTANKE_BENCH_CORPORA names the folder; by default ``bench/corpora`` (git-ignored), where a copy or link may go.
DATA = Path(os.environ.get("OMTANKE_BENCH_CORPORA") or Path(__file__).resolve().parent / "corpora")
CORPORA = ("banking77_en", "sib200_sv", "sib200_fi", "sib200_en", "vkk_fi")  # those of the shared README


def corpora(data: Path) -> list[str]:
    """Every labelled corpus in ``data``: the known ones first, then any other ``*.jsonl``."""
    found = sorted(path.stem for path in data.glob("*.jsonl"))
    return [name for name in CORPORA if name in found] + [name for name in found if name not in CORPORA]


FALLBACK_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    """
    och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man när år
    säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra mycket än
    här då sedan över bara in blir upp även vad få två vill ha många hur mer går sitt du mig dem oss er min mitt mina
    vår våra detta dessa denna ja on ei se että hän oli ovat mutta kun niin myös jos tai vain sen kuin ole olla joka
    mikä tämä nämä ne me te minä sinä hänen sekä jo vielä siitä siinä sitä tästä tässä tätä joita jotka mitä nyt
    kaikki koska voi voidaan olisi ollut eikä
    """.split()
)

Docs = list[list[str]]
Method = Callable[[Docs, int, int], Sequence[int]]


def load(path: Path) -> tuple[list[str], list[str], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["text"] for row in rows], [row["label"] for row in rows], [row["lang"] for row in rows]


def lemma_lists(texts: Sequence[str], langs: Sequence[str]) -> tuple[Docs, str]:
    """Lemma lists by nlp.lemmas when importable, else by the fallback tokeniser; and which one was used."""
    try:
        from nlp.lemmas import analyse
    except ImportError:
        docs = [
            [word for word in re.findall(r"[^\W\d_]{2,}", text.lower()) if word not in FALLBACK_STOP_WORDS]
            for text in texts
        ]
        return docs, "fallback tokeniser (no nlp.lemmas)"
    return [[term.lemma for term in terms] for terms in analyse(texts, langs)], "nlp.lemmas.analyse"


def _identity(doc: list[str]) -> list[str]:
    return doc


def _tfidf(docs: Docs):
    return TfidfVectorizer(analyzer=_identity).fit_transform(docs)


def _lsa(docs: Docs, seed: int) -> np.ndarray:
    matrix = _tfidf(docs)
    dims = min(100, matrix.shape[1] - 1)
    return normalize(TruncatedSVD(dims, random_state=seed).fit_transform(matrix))


def tfidf_kmeans(docs: Docs, k: int, seed: int) -> Sequence[int]:
    return KMeans(k, n_init=4, random_state=seed).fit_predict(_tfidf(docs))


def tfidf_lsa_kmeans(docs: Docs, k: int, seed: int) -> Sequence[int]:
    return KMeans(k, n_init=4, random_state=seed).fit_predict(_lsa(docs, seed))


def tfidf_nmf(docs: Docs, k: int, seed: int) -> Sequence[int]:
    weights = NMF(k, init="nndsvda", random_state=seed, max_iter=1000, tol=1e-3).fit_transform(_tfidf(docs))
    return weights.argmax(axis=1)


def lsa_ward(docs: Docs, k: int, seed: int, sample: int = 5_000) -> Sequence[int]:
    vectors = _lsa(docs, seed)
    rng = np.random.default_rng(seed)
    rows = np.arange(len(docs)) if len(docs) <= sample else np.sort(rng.choice(len(docs), sample, replace=False))
    fitted = AgglomerativeClustering(k).fit_predict(vectors[rows])
    centres = np.stack([vectors[rows][fitted == c].mean(axis=0) for c in range(k)])
    return ((vectors[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)


def gsdmm(docs: Docs, k: int, seed: int, alpha: float = 0.1, beta: float = 0.1, iterations: int = 20) -> list[int]:
    """Movie Group Process: collapsed Gibbs sampling of a Dirichlet multinomial mixture, one topic per answer."""
    rng = np.random.default_rng(seed)
    vocabulary: dict[str, int] = {}
    encoded = []
    for doc in docs:
        ids = np.asarray([vocabulary.setdefault(word, len(vocabulary)) for word in doc], dtype=np.int64)
        words, counts = np.unique(ids, return_counts=True)
        encoded.append((words, counts, int(counts.sum())))
    size = len(vocabulary)
    topic = rng.integers(0, k, len(docs))
    answers = np.bincount(topic, minlength=k).astype(float)
    word_counts = np.zeros((k, size))
    totals = np.zeros(k)
    for (words, counts, n), z in zip(encoded, topic, strict=True):
        word_counts[z, words] += counts
        totals[z] += n
    for _ in range(iterations):
        for i, (words, counts, n) in enumerate(encoded):
            z = topic[i]
            answers[z] -= 1
            word_counts[z, words] -= counts
            totals[z] -= n
            log_p = np.log(answers + alpha)
            for j in range(int(counts.max()) if n else 0):
                log_p += np.log(word_counts[:, words[counts > j]] + beta + j).sum(axis=1)
            log_p -= np.log(totals[:, None] + size * beta + np.arange(n)[None, :]).sum(axis=1)
            p = np.exp(log_p - log_p.max())
            z = rng.choice(k, p=p / p.sum())
            topic[i] = z
            answers[z] += 1
            word_counts[z, words] += counts
            totals[z] += n
    return topic.tolist()


@contextmanager
def patched(**values: object):
    saved = {name: getattr(nlp.clustering.reduction, name) for name in values}
    for name, value in values.items():
        setattr(nlp.clustering.reduction, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(nlp.clustering.reduction, name, value)


def chosen(docs: Docs, k: int, seed: int) -> Sequence[int]:
    """nlp.clustering with k given."""
    return cluster(docs, k=k, seed=seed).labels


def chosen_without_smoothing(docs: Docs, k: int, seed: int) -> Sequence[int]:
    with patched(NEIGHBOURS=0):
        return cluster(docs, k=k, seed=seed).labels


OURS = "nlp.clustering"
BASELINES: dict[str, Method] = {"tfidf-nmf": tfidf_nmf, "tfidf-lsa-kmeans": tfidf_lsa_kmeans}
EXTRA: dict[str, Method] = {
    "tfidf-kmeans": tfidf_kmeans,
    "lsa-ward": lsa_ward,
    "gsdmm": gsdmm,
    "nlp.clustering, no kNN smoothing": chosen_without_smoothing,
}


def score(labels_by_seed: Sequence[Sequence[int]], truth: Sequence[str]) -> tuple[float, float, float]:
    nmis = [normalized_mutual_info_score(truth, labels) for labels in labels_by_seed]
    aris = [adjusted_rand_score(truth, labels) for labels in labels_by_seed]
    return float(np.mean(nmis)), float(np.std(nmis)), float(np.mean(aris))


def run(method: Method, docs: Docs, ks: Sequence[int]) -> tuple[list[Sequence[int]], float]:
    """Labels for seed i with k = ks[i], and seconds per run."""
    started = time.perf_counter()
    labels = [method(docs, k, seed) for seed, k in enumerate(ks)]
    return labels, (time.perf_counter() - started) / len(ks)


def corpus_rows(name: str, docs: Docs, truth: list[str], seeds: int, extra: bool) -> list[str]:
    """Table rows for one corpus: k given, then k chosen; our NMI / each baseline's NMI in the ratio columns."""
    true_k = len(set(truth))
    rows: list[str] = []
    started = time.perf_counter()
    auto = [cluster(docs, seed=seed) for seed in range(seeds)]
    auto_seconds = (time.perf_counter() - started) / seeds
    settings = [("given", [true_k] * seeds, None), ("chosen", [found.k for found in auto], auto)]
    for setting, ks, found in settings:
        if found is None:
            ours, seconds = run(chosen, docs, ks)
        else:
            ours, seconds = [result.labels for result in found], auto_seconds
        nmi, sd, ari = score(ours, truth)
        others = {name: run(method, docs, ks) for name, method in BASELINES.items()}
        if extra and setting == "given":
            others |= {name: run(method, docs, ks) for name, method in EXTRA.items()}
        k_text = f"{true_k}" if setting == "given" else "/".join(str(k) for k in ks)
        ratios = []
        for other in BASELINES:
            other_nmi = score(others[other][0], truth)[0]
            ratios.append(f"{nmi / other_nmi:.2f}" if other_nmi else "—")
        rows.append(
            f"| {name} | {setting} | {k_text} | **{OURS}** | {nmi:.3f} ± {sd:.3f} | {ari:.3f} | {' | '.join(ratios)} "
            f"| {seconds:.1f} |"
        )
        for other, (labels, other_seconds) in others.items():
            other_nmi, other_sd, other_ari = score(labels, truth)
            rows.append(
                f"| {name} | {setting} | {k_text} | {other} | {other_nmi:.3f} ± {other_sd:.3f} | {other_ari:.3f} "
                f"| | | {other_seconds:.1f} |"
            )
        print("\n".join(rows[-1 - len(others) :]), flush=True)
    return rows


def subsets(docs: Docs, truth: Sequence[str], draws: int, seed: int = 11) -> None:
    """Auto-k on random subsets of banking77 intents: the situation of a survey with a handful of themes."""
    rng = np.random.default_rng(seed)
    intents = sorted(set(truth))
    print("\nAuto-k on random subsets of banking77 intents (all answers of each), default k_range (2, 15):")
    print("| intents | draws | mean chosen k | chosen k / true k | NMI auto-k | NMI true k |")
    print("|---|---|---|---|---|---|")
    all_ratio, all_auto, all_true = [], [], []
    for size in (3, 5, 8, 12, 15):
        ks, auto, true = [], [], []
        for _ in range(draws):
            picked = set(rng.choice(intents, size, replace=False))
            rows = [i for i, label in enumerate(truth) if label in picked]
            sub_docs, sub_truth = [docs[i] for i in rows], [truth[i] for i in rows]
            found = cluster(sub_docs, seed=0)
            ks.append(found.k)
            auto.append(normalized_mutual_info_score(sub_truth, found.labels))
            true.append(normalized_mutual_info_score(sub_truth, cluster(sub_docs, k=size, seed=0).labels))
        all_ratio += [k / size for k in ks]
        all_auto += auto
        all_true += true
        print(
            f"| {size} | {draws} | {np.mean(ks):.1f} | {np.mean(ks) / size:.2f} | {np.mean(auto):.3f} "
            f"| {np.mean(true):.3f} |"
        )
    print(f"| all | | | {np.mean(all_ratio):.2f} | {np.mean(all_auto):.3f} | {np.mean(all_true):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--corpora", nargs="+", help="corpus names (default: every *.jsonl in the data folder)")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--draws", type=int, default=5, help="random intent subsets per size for the auto-k check")
    parser.add_argument("--quick", action="store_true", help="two seeds, the two baselines only, no subsets")
    args = parser.parse_args()
    if not args.data.is_dir() and args.quick:  # the corpora are not part of the repository (make bench-quick)
        print(f"no corpora at {args.data}: skipped (set OMTANKE_BENCH_CORPORA)")
        return
    if not args.data.is_dir():
        parser.error(f"no corpora at {args.data}: give --data FOLDER or set OMTANKE_BENCH_CORPORA")
    seeds = min(args.seeds, 2) if args.quick else args.seeds

    rows: list[str] = []
    banking: tuple[Docs, list[str]] | None = None
    for name in args.corpora or corpora(args.data):
        texts, truth, langs = load(args.data / f"{name}.jsonl")
        started = time.perf_counter()
        docs, used = lemma_lists(texts, langs)
        seconds = time.perf_counter() - started
        print(f"{name}: {len(texts)} texts, {len(set(truth))} labels; lemmas by {used} ({seconds:.1f} s)")
        rows += corpus_rows(name, docs, truth, seeds, extra=not args.quick)
        if name == "banking77_en":
            banking = (docs, truth)

    print(f"\nMean of seeds 0-{seeds - 1}. k chosen: each baseline runs with the k nlp.clustering chose for that seed.")
    print("Ratio = NMI of nlp.clustering / NMI of the baseline on the same lemmas and k (above 1: ours is better).")
    print("| corpus | k | k value | method | NMI ± sd | ARI | ratio to tfidf-nmf | ratio to tfidf-lsa-kmeans | s/run |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if banking is not None and args.draws > 0 and not args.quick:
        subsets(*banking, draws=args.draws)


if __name__ == "__main__":
    main()
