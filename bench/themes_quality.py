"""How well theme clustering finds known topics: NMI and ARI against human labels, next to simpler methods.

For every labelled corpus in the data folder (JSON lines with "text", "label", "lang"; see its README) the texts are
turned into lemma lists once, by ``nlp.lemmas.analyse`` when it can be imported, else by a fallback tokeniser (lower
case, letters only, two letters or more, minus scikit-learn's English stop words and a short Swedish/Finnish list);
the script prints which. Then, for seeds 0..S-1, each method clusters the same lemma lists with k = the true number of
labels and the mean NMI and ARI (sklearn.metrics; ``OTHER`` counts as one more cluster) are printed with their ratio
to the baseline TF-IDF + KMeans of the same run:

- tfidf-kmeans: TF-IDF of the lemmas (smooth idf, L2 rows) → KMeans (k-means++, 4 initialisations). The baseline.
- tfidf-lsa-kmeans: TF-IDF → TruncatedSVD (100) → normalised → KMeans, the README's reference method.
- tfidf-nmf: TF-IDF → NMF (nndsvda) with k components; theme = strongest component.
- lsa-ward: TF-IDF → LSA (100, normalised) → agglomerative clustering (Ward) on at most 5,000 answers; the rest go
  to the nearest cluster mean.
- gsdmm: a Dirichlet multinomial mixture for short texts (Yin & Wang 2014, collapsed Gibbs sampling, alpha 0.1,
  beta 0.1, 20 iterations), as compact numpy.
- nlp.clustering without kNN smoothing (ablation), and nlp.clustering itself ("lsa-knn-kmeans").

Then ``cluster(k=None)``: the k it chooses on each corpus (their true k is outside or at the edge of the default
range 2-15 for banking77 and vkk), and, closer to real use, on random subsets of 3-15 banking77 intents (all answers
of each intent): mean chosen k / true k and mean NMI. Run from the repository root:

    .venv/bin/python bench/themes_quality.py [--seeds 3] [--corpora banking77_en vkk_fi] [--quick] [--draws 5]

``--quick`` runs only the baseline and nlp.clustering. Prints figures; asserts nothing.
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
CORPORA = ("banking77_en", "sib200_sv", "sib200_fi", "sib200_en", "vkk_fi")
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
    return cluster(docs, k=k, seed=seed).labels


def chosen_without_smoothing(docs: Docs, k: int, seed: int) -> Sequence[int]:
    with patched(NEIGHBOURS=0):
        return cluster(docs, k=k, seed=seed).labels


METHODS: dict[str, Method] = {
    "tfidf-kmeans (baseline)": tfidf_kmeans,
    "tfidf-lsa-kmeans": tfidf_lsa_kmeans,
    "tfidf-nmf": tfidf_nmf,
    "lsa-ward": lsa_ward,
    "gsdmm": gsdmm,
    "lsa-kmeans, char+word, no kNN": chosen_without_smoothing,
    "lsa-knn-kmeans (nlp.clustering)": chosen,
}
QUICK = ("tfidf-kmeans (baseline)", "lsa-knn-kmeans (nlp.clustering)")


def score(method: Method, docs: Docs, truth: Sequence[str], k: int, seeds: int) -> tuple[float, float, float, float]:
    nmis, aris, started = [], [], time.perf_counter()
    for seed in range(seeds):
        labels = method(docs, k, seed)
        nmis.append(normalized_mutual_info_score(truth, labels))
        aris.append(adjusted_rand_score(truth, labels))
    return float(np.mean(nmis)), float(np.std(nmis)), float(np.mean(aris)), (time.perf_counter() - started) / seeds


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
    parser.add_argument("--corpora", nargs="+", default=list(CORPORA))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--draws", type=int, default=5, help="random intent subsets per size for the auto-k check")
    parser.add_argument("--quick", action="store_true", help="only the baseline and nlp.clustering")
    args = parser.parse_args()
    if not args.data.is_dir():
        parser.error(f"no corpora at {args.data}: give --data FOLDER or set OMTANKE_BENCH_CORPORA")

    methods = {name: METHODS[name] for name in QUICK} if args.quick else METHODS
    rows: list[str] = []
    banking: tuple[Docs, list[str]] | None = None
    for name in args.corpora:
        texts, truth, langs = load(args.data / f"{name}.jsonl")
        started = time.perf_counter()
        docs, used = lemma_lists(texts, langs)
        k = len(set(truth))
        print(f"{name}: {len(texts)} texts, {k} labels; lemmas by {used} ({time.perf_counter() - started:.1f} s)")
        baseline = None
        for method_name, method in methods.items():
            nmi, nmi_sd, ari, seconds = score(method, docs, truth, k, args.seeds)
            baseline = baseline if baseline is not None else nmi
            ratio = nmi / baseline if baseline else float("nan")
            line = (
                f"| {name} | {method_name} | {k} | {nmi:.3f} ± {nmi_sd:.3f} | {ari:.3f} | {ratio:.2f} | {seconds:.1f} |"
            )
            rows.append(line)
            print(line, flush=True)
        started = time.perf_counter()
        found = cluster(docs, seed=0)
        nmi = normalized_mutual_info_score(truth, found.labels)
        ari = adjusted_rand_score(truth, found.labels)
        seconds = time.perf_counter() - started
        line = (
            f"| {name} | lsa-knn-kmeans, k chosen (seed 0) | {found.k} | {nmi:.3f} | {ari:.3f} "
            f"| {nmi / baseline:.2f} | {seconds:.1f} |"
        )
        rows.append(line)
        print(line, flush=True)
        if name == "banking77_en":
            banking = (docs, truth)

    print(f"\nMean of seeds 0-{args.seeds - 1}; ratio = NMI / NMI of the tfidf-kmeans baseline on the same lemmas.")
    print("| corpus | method | k | NMI ± sd | ARI | ratio | s/run |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if banking is not None and args.draws > 0:
        subsets(*banking, draws=args.draws)


if __name__ == "__main__":
    main()
