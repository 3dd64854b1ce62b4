"""Text in, themes out: the whole pipeline behind the app's theme pages and the `omtanke themes` command.

normalise → language per text → lemmas → clustering → names from the answers' own words (class-based TF-IDF,
shown in their most frequent written form) → 2–3 representative answers, redacted → a suggested work-environment
area, among the areas the caller passes (``interventions.areas.AREAS``). Never imports the web app; takes plain
values, returns frozen dataclasses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from nlp.categories import suggest_category
from nlp.clustering import OTHER, Clustering, cluster
from nlp.io import TextInput
from nlp.language import detect_languages, dominant_language
from nlp.lemmas import analyse
from nlp.naming import ctfidf_terms, label_for, most_frequent_surfaces, representatives
from nlp.normalise import normalise
from nlp.redaction import redact_text

OTHER_LABEL = "other"


@dataclass(frozen=True)
class Theme:
    """One theme: its id (``OTHER`` for answers that fit none), label, terms, size, area and redacted examples."""

    id: int
    label: str
    terms: tuple[str, ...]
    size: int
    category: str | None
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ThemeResult:
    """The themes found, each input's theme id and language, and the clustering behind them (None without input)."""

    themes: tuple[Theme, ...]
    assignments: Mapping[str, int]
    languages: Mapping[str, str | None]
    clustering: Clustering | None


Progress = Callable[[str, float], None]


def find_themes(
    inputs: Sequence[TextInput],
    k: int | None = None,
    lang: str | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    *,
    areas: Sequence[str],
) -> ThemeResult:
    """Cluster answers into themes. ``lang`` forces one language; otherwise each text's own is detected.

    Each theme's ``category`` is one of ``areas`` (the domain's work-environment areas, in order) or None.
    """
    report = progress or (lambda _stage, _share: None)
    texts = [normalise(item.text) for item in inputs]
    report("language", 0.0)
    detected = detect_languages(texts) if lang is None else [lang] * len(texts)
    default = lang or dominant_language(detected)
    langs = [item.lang or found or default for item, found in zip(inputs, detected, strict=True)]
    report("lemmas", 0.1)
    analysed = analyse(texts, langs, progress=lambda done: report("lemmas", 0.1 + 0.4 * done / max(len(texts), 1)))
    docs = [[term.lemma for term in terms] for terms in analysed]
    if not inputs:
        return ThemeResult((), {}, {}, None)
    report("clustering", 0.5)
    result = cluster(docs, k=k, seed=seed, progress=lambda _stage, share: report("clustering", 0.5 + 0.4 * share))
    report("naming", 0.9)
    themes = _themes(inputs, texts, analysed, docs, result, langs, tuple(areas))
    report("done", 1.0)
    assignments = {item.id: label for item, label in zip(inputs, result.labels, strict=True)}
    return ThemeResult(themes, assignments, {item.id: found for item, found in zip(inputs, langs, strict=True)}, result)


def _themes(inputs, texts, analysed, docs, result: Clustering, langs, areas: tuple[str, ...]) -> tuple[Theme, ...]:
    terms_by_theme = ctfidf_terms(docs, result.labels)
    surfaces = most_frequent_surfaces((term.lemma, term.surface) for terms in analysed for term in terms)
    examples = representatives(result.model, docs, result.labels, texts=texts)
    sizes = Counter(result.labels)
    themes = []
    for theme_id in sorted(sizes, key=lambda t: (t == OTHER, -sizes[t], t)):
        terms = terms_by_theme.get(theme_id, ()) if theme_id != OTHER else ()
        members = [i for i, label in enumerate(result.labels) if label == theme_id]
        theme_lang = dominant_language(langs[i] for i in members)
        shown = tuple(redact_text(texts[i]) for i in examples.get(theme_id, ())) if theme_id != OTHER else ()
        themes.append(
            Theme(
                id=theme_id,
                label=label_for(terms, surfaces) if theme_id != OTHER else OTHER_LABEL,
                terms=tuple(surfaces.get(term, term) for term in terms),
                size=sizes[theme_id],
                category=suggest_category(terms, theme_lang, areas=areas) if terms else None,
                examples=shown,
            )
        )
    return tuple(themes)
