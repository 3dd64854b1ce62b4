"""Which answers make one theme: one work-environment area and one polarity, split along the clusters when large.

``group_answers`` is step 3 of ``nlp.themes`` (docs/themes.md says why): an answer's area is what its own words say
(``nlp.categories.answer_areas``); an answer tied between two areas on one word takes the one its cluster (then all
answers) leans to; an answer no vocabulary word reaches takes its cluster's dominant area, or, when no answer of its
cluster votes at all, the cluster's ``closest_area`` (then the cluster is a theme of its own). Answers of one area and
one polarity (praise, problem or neither) make one theme: praise and complaints never share one, and Swedish and
Finnish answers on one subject do, because the vocabularies are keyed by area in every language. A group of
``SPLIT_AT`` answers or more is split along the clusters holding at least ``SPLIT_SHARE`` (and ``SPLIT_MIN``) of it;
its other answers join the nearest of those clusters.

Linear in the number of answers (dictionary work per answer, one matrix product for the rest of a split group).
Pure: plain values in, plain values out; never imports the web app.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from nlp.categories import AreaVote, closest_area
from nlp.clustering import OTHER

__all__ = ["MOODS", "SPLIT_AT", "SPLIT_MIN", "SPLIT_SHARE", "group_answers"]

MOODS: tuple[str, ...] = ("praise", "problem", "neither")  # an answer's polarity, as themes are ordered on a tie
SPLIT_AT = 30  # a group of one area and polarity this large is split along the clusters
SPLIT_SHARE = 0.15  # ... into the clusters holding at least this share of it
SPLIT_MIN = 10  # ... and at least this many of its answers


def group_answers(
    docs: Sequence[Sequence[str]],
    votes: Sequence[AreaVote],
    moods: Sequence[str],
    clusters: Sequence[int],
    vectors: np.ndarray,
    centroids: np.ndarray,
    areas: Sequence[str],
) -> tuple[list[int], dict[int, tuple[str, str]]]:
    """Each answer's theme id (``OTHER``: no words, or an outlier no vocabulary reaches) and each theme's (area,
    polarity), themes numbered by size.

    ``docs``: lemma lists; ``votes``: ``answer_areas`` of them; ``moods``: each answer's polarity; ``clusters``,
    ``vectors`` and ``centroids``: the clustering's label, unit vector of every answer and centroids (both in its
    reduced space); ``areas``: the domain's areas, in order.
    """
    areas = tuple(areas)
    answer_area, fallback = _areas_of_answers(docs, votes, clusters, areas)
    groups: dict[tuple[str, str, int | None], list[int]] = {}
    for index, area in enumerate(answer_area):
        if area is not None:
            part = clusters[index] if clusters[index] in fallback else None
            groups.setdefault((area, _mood(moods[index]), part), []).append(index)
    cluster_ids = np.asarray(clusters, dtype=np.int64)
    for key in [key for key, members in groups.items() if key[2] is None and len(members) >= SPLIT_AT]:
        groups.update(_split(key, groups.pop(key), cluster_ids, vectors, centroids))
    mood_order = {mood: position for position, mood in enumerate(MOODS)}
    ordered = sorted(
        groups,
        key=lambda key: (-len(groups[key]), areas.index(key[0]), mood_order[key[1]], -1 if key[2] is None else key[2]),
    )
    labels = [OTHER] * len(docs)
    theme_keys: dict[int, tuple[str, str]] = {}
    for theme, key in enumerate(ordered):
        theme_keys[theme] = (key[0], key[1])
        for index in groups[key]:
            labels[index] = theme
    return labels, theme_keys


def _mood(polarity: str) -> str:
    return polarity if polarity in ("praise", "problem") else "neither"


def _areas_of_answers(
    docs: Sequence[Sequence[str]], votes: Sequence[AreaVote], clusters: Sequence[int], areas: tuple[str, ...]
) -> tuple[list[str | None], dict[int, str]]:
    """Every answer's area (None: no words, or an outlier no vocabulary reaches) and the clusters filed by fallback.

    An answer's own vote decides; a tie on one word goes to the tied area its cluster (then all answers) leans to;
    an answer without a vote takes its cluster's dominant area, or the cluster's ``closest_area`` when no answer of
    the cluster votes at all."""
    profiles: dict[int, Counter[str]] = {}
    overall: Counter[str] = Counter()
    # Equal votes are often one shared object (``answer_areas`` scores each distinct answer once): each (cluster,
    # vote) pair is added once, times its number (the scores are multiples of a half, so the sums are exact).
    pairs = Counter((label, id(vote)) for vote, label in zip(votes, clusters, strict=True) if vote.scores)
    by_id = {id(vote): vote for vote in votes}
    for (label, vote_id), times in pairs.items():
        profile = profiles.setdefault(label, Counter())
        for area, score in by_id[vote_id].scores.items():
            profile[area] += score * times
            overall[area] += score * times
    position = {area: i for i, area in enumerate(areas)}

    def leaning(candidates, profile: Counter[str] | None) -> str | None:
        scored = [area for area in candidates if profile and profile[area] > 0]
        return min(scored, key=lambda area: (-profile[area], position[area])) if scored else None

    fallback: dict[int, str] = {}
    decided: dict[tuple[int, int], str | None] = {}  # (cluster, id of a tied vote or -1) -> area
    found: list[str | None] = []
    for vote, label, doc in zip(votes, clusters, docs, strict=True):
        if vote.area is not None:
            found.append(vote.area)
        elif vote.scores:
            key = (label, id(vote))
            if key not in decided:
                top = max(vote.scores.values())
                tied = sorted((area for area, score in vote.scores.items() if score == top), key=position.__getitem__)
                cluster_profile = profiles.get(label) if label != OTHER else None
                decided[key] = leaning(tied, cluster_profile) or leaning(tied, overall) or tied[0]
            found.append(decided[key])
        elif not doc or label == OTHER:
            found.append(None)
        elif label in profiles:
            if (label, -1) not in decided:
                decided[(label, -1)] = leaning(areas, profiles[label])
            found.append(decided[(label, -1)])
        else:
            if label not in fallback:
                lemmas = [lemma for d, c in zip(docs, clusters, strict=True) if c == label for lemma in d]
                fallback[label] = closest_area(lemmas, areas=areas) or areas[0]
            found.append(fallback[label])
    return found, fallback


def _split(
    key: tuple[str, str, int | None],
    members: list[int],
    clusters: np.ndarray,
    vectors: np.ndarray,
    centroids: np.ndarray,
) -> dict[tuple[str, str, int | None], list[int]]:
    """A large group split along the clusters that hold at least ``SPLIT_SHARE`` (and ``SPLIT_MIN``) of it; the rest
    of its answers join the nearest of those clusters. Unsplit (one part) when fewer than two clusters qualify."""
    chosen = np.asarray(members, dtype=np.int64)
    own = clusters[chosen]
    values, counts = np.unique(own, return_counts=True)
    least = max(SPLIT_MIN, SPLIT_SHARE * len(members))
    kept = [int(c) for c, n in zip(values, counts, strict=True) if c != OTHER and n >= least]
    if len(kept) < 2:
        return {key: members}
    rest = chosen[~np.isin(own, kept)]
    if len(rest) and vectors.shape[1]:
        nearest = np.argmax(vectors[rest] @ centroids[kept].T, axis=1)
    else:
        nearest = np.zeros(len(rest), dtype=np.int64)
    return {
        (key[0], key[1], c): chosen[own == c].tolist() + rest[nearest == position].tolist()
        for position, c in enumerate(kept)
    }
