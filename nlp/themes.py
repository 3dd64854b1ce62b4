"""Text in, themes out: the whole pipeline behind the app's theme pages and the `omtanke themes` command.

A theme is something a manager can act on (issue 21): one work-environment area (``category``, among the areas the
caller passes, ``interventions.areas.AREAS``), praise or a problem (``polarity``), a short label staff wrote, its
size and two or three redacted quotes. How (docs/themes.md says why):

1. normalise → language per text → lemmas (redaction placeholders are no words) → each answer's polarity
   (``nlp.polarity``) and its area from the areas' vocabularies (``nlp.categories.answer_areas``, per language, so
   "personal" and "henkilökunta" both vote for workload);
2. all answers are clustered as before (``nlp.clustering``): answers no vocabulary word reaches take their area
   from their cluster;
3. a theme is the answers of one area and one polarity (``nlp.theme_groups``): praise and complaints never share a
   theme, Swedish and Finnish answers on one subject do; large groups are split along the clusters;
4. names: the terms (c-TF-IDF) and the label (a phrase staff wrote, ``nlp.naming.label_phrase``) use only words at
   least three different respondents of the theme wrote, so no label points at anyone; the quotes are the answers
   nearest the theme's centre, of its polarity first, redacted.

Never imports the web app; takes plain values, returns frozen dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nlp.categories import answer_areas, category_label
from nlp.clustering import OTHER, Clustering, cluster
from nlp.io import TextInput
from nlp.language import detect_languages, dominant_language
from nlp.lemmas import analyse
from nlp.naming import (
    MIN_RESPONDENTS,
    SEPARATOR,
    central_order,
    clauses,
    ctfidf_terms,
    label_phrase,
    most_frequent_surfaces,
    pick_examples,
    respondent_counts,
)
from nlp.normalise import lower_tokens, normalise
from nlp.polarity import polarities_of
from nlp.redaction import PLACEHOLDERS, redact_text
from nlp.theme_groups import group_answers

OTHER_LABEL = "other"
POLARITIES: tuple[str, ...] = ("praise", "problem", "mixed", "neither")
MIXED_SHARE = 0.25  # a theme is "mixed" when the rarer of praise and problem is at least this share of both
TOP_TERMS = 8
DEFINING_TERMS = 3  # a label holds one of the theme's this many most defining terms
LABEL_SOURCES = 20  # the answers nearest a theme's centre whose phrases may become its label

Progress = Callable[[str, float], None]
Redactor = Callable[[str], str]


@dataclass(frozen=True)
class Theme:
    """One theme: id (``OTHER`` for answers that fit none), label, terms, size, area, redacted quotes, polarity,
    number of different respondents and key term.

    ``label`` is a phrase staff wrote (redacted) whose every content word at least three respondents of the theme
    used, or "" (``OTHER_LABEL`` for the other answers); ``terms`` and ``key_term`` (the most defining term, or None)
    obey the same rule. ``category`` is an area key, None only for ``OTHER``; ``polarity`` one of ``POLARITIES``.
    """

    id: int
    label: str
    terms: tuple[str, ...]
    size: int
    category: str | None
    examples: tuple[str, ...]
    polarity: str = "neither"
    respondents: int = 0
    key_term: str | None = None

    def title(self, lang: str) -> str:
        """What to call the theme in ``lang``: its label, else "<area name> · <key term>", else the area's name."""
        if self.label or self.category is None:
            return self.label
        name = category_label(self.category, lang)
        return f"{name}{SEPARATOR}{self.key_term}" if self.key_term else name


@dataclass(frozen=True)
class ThemeResult:
    """The themes found, each input's theme id and language, and the clustering behind them (None without input):
    its cluster ids are not theme ids, since a theme is one area and polarity of the answers."""

    themes: tuple[Theme, ...]
    assignments: Mapping[str, int]
    languages: Mapping[str, str | None]
    clustering: Clustering | None


def find_themes(
    inputs: Sequence[TextInput],
    k: int | None = None,
    lang: str | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    *,
    areas: Sequence[str],
    redactor: Redactor | None = None,
) -> ThemeResult:
    """Sort answers into themes of one area and one polarity. ``lang`` forces one language; otherwise each text's
    own is detected. ``k`` is the number of clusters the answers are first grouped into (None: chosen); the themes
    follow the areas and polarities found in them. ``areas``: the domain's work-environment areas, in order.
    ``redactor`` redacts every quote and label (default ``nlp.redaction.redact_text`` in the answer's language).
    """
    report = progress or (lambda _stage, _share: None)
    clean: dict[str, tuple[str, str]] = {}  # each distinct answer normalised once: (shown, analysed)
    for item in inputs:
        if item.text not in clean:
            shown_text = normalise(item.text)
            clean[item.text] = (shown_text, _without_placeholders(shown_text))
    shown = [clean[item.text][0] for item in inputs]
    texts = [clean[item.text][1] for item in inputs]
    report("language", 0.0)
    tokens = {text: lower_tokens(text) for text in dict.fromkeys(texts)}  # read by the language votes and polarity
    langs = _languages(inputs, texts, lang, tokens)
    report("lemmas", 0.1)
    analysed = analyse(
        texts, langs, progress=lambda done: report("lemmas", 0.1 + 0.35 * done / max(len(texts), 1)), normalised=True
    )
    docs = [[term.lemma for term in terms] for terms in analysed]
    if not inputs:
        return ThemeResult((), {}, {}, None)
    report("polarity", 0.45)
    moods = polarities_of(texts, langs, tokens)
    votes = answer_areas(docs, langs, areas=areas)
    report("clustering", 0.5)
    result = cluster(docs, k=k, seed=seed, progress=lambda _stage, share: report("clustering", 0.5 + 0.4 * share))
    report("naming", 0.9)
    vectors = _vectors(result, docs)
    labels, keys = group_answers(docs, votes, moods, result.labels, vectors, result.model.centroids, areas)

    def redact(index: int, text: str) -> str:
        if redactor is not None:
            return redactor(text)
        return redact_text(text, lang=langs[index])

    respondents = [item.respondent for item in inputs]
    naming = _Naming(shown, langs, analysed, docs, moods, respondents, redact)
    themes = naming.themes(labels, keys, vectors)
    report("done", 1.0)
    assignments = {item.id: label for item, label in zip(inputs, labels, strict=True)}
    return ThemeResult(themes, assignments, {item.id: found for item, found in zip(inputs, langs, strict=True)}, result)


def _languages(
    inputs: Sequence[TextInput], texts: Sequence[str], lang: str | None, tokens: Mapping[str, list[str]]
) -> list[str]:
    """Each answer's own ``lang``, else the forced ``lang``, else its detected language, else the dominant one.
    Only answers without a language are detected, each distinct text once; in a file the cheap votes find to be in
    one language, what they leave takes that language (``detect_languages(majority=True)``)."""
    if lang is not None:
        return [item.lang or lang for item in inputs]
    missing = [i for i, item in enumerate(inputs) if item.lang is None]
    found: list[str | None] = [item.lang for item in inputs]
    detected_languages = detect_languages([texts[i] for i in missing], normalised=True, majority=True, tokens=tokens)
    for index, detected in zip(missing, detected_languages, strict=True):
        found[index] = detected
    default = dominant_language(found)
    return [language or default for language in found]


def _without_placeholders(text: str) -> str:
    """The normalised text without redaction placeholders (no words), still single-spaced."""
    found = False
    for placeholder in PLACEHOLDERS.values():
        if placeholder in text:
            text, found = text.replace(placeholder, " "), True
    return " ".join(text.split()) if found else text


def _vectors(result: Clustering, docs: Sequence[Sequence[str]]) -> np.ndarray:
    """Every answer's unit vector in the clustering's reduced space, each distinct bag of lemmas computed once."""
    index: dict[tuple[str, ...], int] = {}
    inverse = np.asarray([index.setdefault(tuple(sorted(doc)), len(index)) for doc in docs], dtype=np.int64)
    distinct = [list(key) for key in index]
    vectors = result.model.vectors(distinct) if result.model.k else np.zeros((len(distinct), 0))
    return vectors[inverse]


class _Naming:
    """Labels, terms, key terms and quotes of the themes of one run (step 4 of the module docstring)."""

    def __init__(self, shown, langs, analysed, docs, moods, respondents, redact) -> None:
        self.shown, self.langs, self.docs, self.moods = shown, langs, docs, moods
        self.respondents: list[Hashable | None] = respondents
        self.redact: Callable[[int, str], str] = redact
        self.analysed = analysed
        self._quotes: dict[str, str] = {}

    def themes(self, labels: list[int], keys: Mapping[int, tuple[str, str]], vectors: np.ndarray) -> tuple[Theme, ...]:
        counts = respondent_counts(self.docs, labels, self.respondents)
        supported = {
            theme: {lemma for lemma, n in found.items() if n >= MIN_RESPONDENTS} for theme, found in counts.items()
        }
        supported.pop(OTHER, None)
        ranked_terms = ctfidf_terms(self.docs, labels, top_n=2 * TOP_TERMS, allowed=supported)
        needed = {lemma for terms in ranked_terms.values() for lemma in terms}
        self.surfaces = most_frequent_surfaces(
            (term.lemma, term.surface) for terms in self.analysed for term in terms if term.lemma in needed
        )
        order = central_order(vectors, labels)
        members: dict[int, list[int]] = {}
        for index, label in enumerate(labels):
            members.setdefault(label, []).append(index)
        defining = {theme: terms[:DEFINING_TERMS] for theme, terms in ranked_terms.items()}
        labels_found = self._labels(order, supported, defining)
        themes = []
        for theme in sorted(members, key=lambda t: (t == OTHER, t)):
            polarity = _polarity(Counter(self.moods[i] for i in members[theme]))
            people = {("a", i) if self.respondents[i] is None else ("r", self.respondents[i]) for i in members[theme]}
            if theme == OTHER:
                themes.append(Theme(OTHER, OTHER_LABEL, (), len(members[theme]), None, (), polarity, len(people)))
                continue
            terms = self._terms(ranked_terms.get(theme, ()), members[theme][0])
            themes.append(
                Theme(
                    id=theme,
                    label=labels_found.get(theme, ""),
                    terms=terms,
                    size=len(members[theme]),
                    category=keys[theme][0],
                    examples=self._examples(order[theme], polarity),
                    polarity=polarity,
                    respondents=len(people),
                    key_term=terms[0] if terms else None,
                )
            )
        return tuple(themes)

    def _terms(self, lemmas: Sequence[str], example: int) -> tuple[str, ...]:
        """The theme's terms as written, leaving out any the redactor takes for a name."""
        shown = []
        for lemma in lemmas:
            surface = self.surfaces.get(lemma, lemma)
            capitalised = surface[:1].upper() + surface[1:]
            if self.redact(example, capitalised) == capitalised:
                shown.append(surface)
                if len(shown) == TOP_TERMS:
                    break
        return tuple(shown)

    def _labels(
        self, order: Mapping[int, list[int]], supported: Mapping[int, set[str]], defining: Mapping[int, Sequence[str]]
    ) -> dict[int, str]:
        """Each theme's label: its first fitting phrase among the clauses of the answers nearest its centre, of its
        polarity first. Only a fitting phrase is redacted, and one that redaction would change is no label."""
        phrases: list[tuple[int, str, int]] = []  # (theme, phrase, the answer it is from)
        for theme, ranked in order.items():
            sources: dict[str, int] = {}
            wanted = _polarity(Counter(self.moods[i] for i in ranked))
            for index in sorted(ranked, key=lambda i: self.moods[i] != wanted):  # stable: of its polarity first
                if len(sources) == LABEL_SOURCES:
                    break
                sources.setdefault(self.shown[index], index)
            for text, index in sources.items():
                parts = clauses(text)
                phrases.extend((theme, phrase, index) for phrase in ([text, *parts] if len(parts) > 1 else [text]))
        lemmas = analyse([_without_placeholders(p) for _, p, _ in phrases], [self.langs[i] for _, _, i in phrases])
        candidates: dict[int, list[tuple[str, list[str]]]] = {}
        source: dict[str, int] = {}
        for (theme, phrase, index), terms in zip(phrases, lemmas, strict=True):
            candidates.setdefault(theme, []).append((phrase, [term.lemma for term in terms]))
            source.setdefault(phrase, index)
        forbidden = tuple(PLACEHOLDERS.values())
        return {
            theme: label_phrase(
                found,
                supported.get(theme, set()),
                defining.get(theme, ()),
                forbidden=forbidden,
                redact=lambda phrase: self.redact(source[phrase], phrase),
            )
            for theme, found in candidates.items()
        }

    def _examples(self, ranked: Sequence[int], polarity: str) -> tuple[str, ...]:
        def show(index: int) -> str:
            text = self.shown[index]
            if text not in self._quotes:
                self._quotes[text] = self.redact(index, text)
            return self._quotes[text]

        wanted = polarity if polarity in ("praise", "problem") else None
        return pick_examples(ranked, self.docs, show, lambda i: wanted is None or self.moods[i] == wanted)


def _polarity(counts: Counter[str]) -> str:
    """ "praise" or "problem" when that is what a theme's answers that take a side say, "mixed" when both are
    substantial (the rarer at least ``MIXED_SHARE`` of the two), "neither" when none takes a side."""
    praise, problem = counts["praise"], counts["problem"]
    if praise + problem == 0:
        return "neither"
    if min(praise, problem) >= MIXED_SHARE * (praise + problem):
        return "mixed"
    return "praise" if praise > problem else "problem"
