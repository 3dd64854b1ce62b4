"""What a unit's report shows, built from the results the gate returned (``services.results_for``): labels in the
reader's language, comparisons, highlights, charts and free text with its themes (``themes.services``). No query of
its own; the heatmap's rows are ``heatmap``'s."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from interventions.instruments import library
from interventions.scoring import WORK_ABILITY_BANDS
from survey_app.i18n import decimal
from survey_app.i18n import percent as i18n_percent
from survey_app.results import charts
from survey_app.results.anonymity import ORGANISATION, PROTECTS_OTHERS
from survey_app.results.comments import unit_free_text
from survey_app.results.figures import RoundResults, UnitResult
from survey_app.results.highlights import highlights
from survey_app.results.scale import ItemSpec
from survey_app.surveys.content import OWN_PAGE_TITLE, choice_list, localized, page_title, pages
from survey_app.themes.display import ThemeView, present_themes

HME_TOTAL_LABEL = _l("HME index (total)")
BAND_LABELS = {"poor": _l("Poor (0–5)"), "moderate": _l("Moderate (6–7)"), "good": _l("Good (8–10)")}


def language() -> str:
    """The reader's language code (Swedish when none is chosen)."""
    return str(get_locale() or "sv")


def number(value: float | None, digits: int = 0) -> str:
    """A figure in the reader's number format with ``digits`` decimals; "–" when there is none."""
    return decimal(value, digits)


def percent(value: float | None) -> str:
    """A share given in per cent (0–100) in the reader's format, "83 %" or "83%"; "–" when there is none."""
    return i18n_percent(value, 0)


def signed(value: float | None) -> str:
    """A change with its sign, to a whole number ("+3", "−2", "±0"); "–" when there is none."""
    if value is None:
        return "–"
    text = number(abs(value))
    return "±0" if text == "0" else ("+" if value > 0 else "−") + text


def figure_label(key: str) -> str:
    """The reader's name for a figure key: "hme.total", "hme.motivation", "osa.workload", …"""
    if key == "hme.total":
        return str(HME_TOTAL_LABEL)
    instrument, _, dimension = key.partition(".")
    found = library().get(instrument)
    if found and dimension in found.dimensions:
        return localized(found.dimensions[dimension], language())
    return key


def instrument_label(instrument: str) -> str:
    """An instrument's title in the reader's language; for anything else, the title of the round's own questions."""
    found = library().get(instrument)
    return localized(found.title, language()) if found else str(OWN_PAGE_TITLE)


def comments_hidden_message(results: RoundResults, node) -> str:
    """Why a group's free text is hidden: it would reveal a smaller group's, or the group has too few answers."""
    if results.comment_visibility.reasons.get(node) == PROTECTS_OTHERS:
        return _("Free text is hidden here so that the free text of a smaller group cannot be picked out from it.")
    return _("Free text is shown only for groups with at least %(n)d answers.", n=results.thresholds.free_text)


def hidden_message(result: UnitResult, threshold: int) -> str:
    """Why a unit's results are hidden: they would reveal a smaller group's, or it has too few answers."""
    if result.hidden_reason == PROTECTS_OTHERS:
        return _("Hidden so that the results of a smaller group cannot be calculated from it.")
    return _("Too few answers: results are shown for groups with at least %(n)d answers.", n=threshold)


def moved_note(results: RoundResults, node) -> str | None:
    """Where a unit is now, when it has moved since the round closed: its figures stay on the round's tree."""
    if node not in results.moved:
        return None
    parent = results.moved[node]
    if parent is None:
        return _("Moved since the round closed: now a top-level unit.")
    return _("Moved since the round closed: now under %(name)s.", name=results.names[parent])


@dataclass(frozen=True)
class FigureRow:
    """One figure of a unit beside its change since the previous round, the parent's and the organisation's."""

    key: str
    label: str
    value: float | None
    change: float | None
    parent: float | None
    organisation: float | None


@dataclass(frozen=True)
class FigureGroup:
    """The figures of HME or of one instrument, as rows and as a bar chart."""

    title: str
    chart_id: str
    rows: list[FigureRow]
    chart: charts.ScoreBars


def figure_groups(
    results: RoundResults,
    node,
    previous: RoundResults | None,
    parent_label: str | None,
) -> list[FigureGroup]:
    """HME first, then one group per instrument: the unit's scores beside change, parent and organisation."""
    result = results.units[node]
    parent_id = results.parents.get(node) if node != ORGANISATION else None
    parent = results.units.get(parent_id) if parent_id is not None else None
    organisation = results.units[ORGANISATION] if node != ORGANISATION else None
    before = previous.units.get(node) if previous else None
    grouped: dict[str, list[str]] = defaultdict(list)
    for key in results.figures():
        grouped[key.split(".", 1)[0]].append(key)
    groups = []
    for instrument, keys in grouped.items():
        rows = [
            FigureRow(
                key,
                figure_label(key),
                result.score(key),
                _difference(result.score(key), before.score(key) if before else None),
                parent.score(key) if parent else None,
                organisation.score(key) if organisation else None,
            )
            for key in keys
        ]
        title = _("Engagement (HME)") if instrument == "hme" else instrument_label(instrument)
        legend = [("unit", _("This unit"))]
        if parent_label:
            legend.append(("compare1", parent_label))
        if organisation:
            legend.append(("compare2", _("Whole organisation")))
        chart = charts.score_bars(
            f"scores-{instrument}",
            title,
            [charts.ScoreRow(r.label, r.value, r.parent, r.organisation, missing=_("no figure")) for r in rows],
            legend,
            value_format=number,
        )
        groups.append(FigureGroup(title, f"scores-{instrument}", rows, chart))
    return groups


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


@dataclass(frozen=True)
class Category:
    """One answer option or work-ability band: how many chose it, and their share in per cent."""

    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class ItemRow:
    """One question's distribution: counts per option, its score if it has one, and its chart.

    For a multiple choice (``multi``) the shares are of those who answered, so they may add up to more than 100."""

    key: str
    text: str
    answered: int
    score: float | None
    categories: list[Category]
    chart: charts.DistributionBar | charts.ScoreBars
    multi: bool


@dataclass(frozen=True)
class ItemSection:
    """One questionnaire page's questions; ``bands`` holds the work-ability bands on the page that asks it."""

    title: str
    items: list[ItemRow]
    bands: list[Category] | None  # work ability bands


def item_sections(results: RoundResults, node) -> list[ItemSection]:
    """Every question with a distribution, in questionnaire order, each with its chart and numbers."""
    result = results.units[node]
    if result.suppressed or result.items is None:
        return []
    lang = language()
    sections = []
    for page_number, page in enumerate(pages(results.survey.content), start=1):
        rows, bands = [], None
        for question in page.questions:
            found = result.items.get(question.key)
            if found is None:
                continue
            spec = ItemSpec(question.key, question.item, question.key.split(".", 1)[0])
            rows.append(_item_row(spec, found, lang, f"item-{page_number}-{len(rows) + 1}"))
            if question.item.type == "scale10" and question.key == "work_ability.work_ability":
                bands = _bands(found.counts)
        if rows:
            sections.append(ItemSection(page_title(page, lang), rows, bands))
    return sections


def _item_row(spec: ItemSpec, found, lang: str, chart_id: str) -> ItemRow:
    item = spec.item
    options = choice_list(item, lang)
    if item.type == "yesno":
        options = sorted(options)  # worst (no) first, as in every other bar
    multi = item.type == "multi"
    base = found.answered if multi else sum(found.counts.values())
    categories = [
        Category(label, found.counts.get(value, 0), 100.0 * found.counts.get(value, 0) / base if base else 0.0)
        for value, label in options
    ]
    text = localized(item.text, lang)
    if multi or item.type == "single":
        chart = charts.score_bars(
            chart_id,
            text,
            [charts.ScoreRow(category.label, category.percent) for category in categories],
            [("unit", _("Share of those who answered (%)"))],
            value_format=percent,
        )
    else:
        chart = charts.distribution_bar(
            chart_id,
            text,
            [category.label for category in categories],
            [category.count for category in categories],
            percent_format=percent,
            no_answers=_("No answers"),
        )
    return ItemRow(spec.key, text, found.answered, found.score, categories, chart, multi)


def _bands(counts) -> list[Category]:
    total = sum(counts.values())
    found = []
    for low, high, band in WORK_ABILITY_BANDS:
        n = sum(counts.get(value, 0) for value in range(low, high + 1))
        found.append(Category(str(BAND_LABELS[band]), n, 100.0 * n / total if total else 0.0))
    return found


@dataclass(frozen=True)
class HighlightRow:
    """A strength or a risk: the question, the unit's score and the organisation's."""

    text: str
    score: float
    organisation: float | None


def highlight_rows(results: RoundResults, node) -> tuple[list[HighlightRow], list[HighlightRow]]:
    """The unit's strengths and risks (``highlights``), each with its question in the reader's language."""
    organisation = results.units[ORGANISATION] if node != ORGANISATION else None
    strengths, risks = highlights(results.units[node], organisation)
    lang = language()

    def rows(found):
        return [
            HighlightRow(_item_text(results, h.key, lang), h.score, h.organisation if organisation else None)
            for h in found
        ]

    return rows(strengths), rows(risks)


def _item_text(results: RoundResults, key: str, lang: str) -> str:
    return localized(results.scale.item(key).item.text, lang)


@dataclass(frozen=True)
class FreeText:
    """A group's free text: how many answers, their themes (as ``themes.display`` presents them), and every answer
    under its question."""

    total: int
    themes: list[ThemeView]
    by_question: list[tuple[str, list[str]]]
    #: Too many answers to cluster while the page waits: the themes come with the free-text workbook, prepared as a
    #: background job (a whole organisation's 25,000 answers take about 10 s, see docs/performance.md).
    themes_in_background: bool = False


#: Up to this many answers the report finds their themes itself (about 2 s on the project's machine).
INLINE_THEMES_MAX = 3000


def free_text(results: RoundResults, node, in_page: bool = False) -> FreeText | None:
    """Themes and every answer (redacted), or None when the group is under the free-text threshold. ``in_page``: a
    page is waiting, so more than INLINE_THEMES_MAX answers are left for the background workbook."""
    waits = INLINE_THEMES_MAX if in_page else None
    found = unit_free_text(results, node, themes_up_to=waits)
    if found is None:
        return None
    comments, themed = found.comments, found.themes
    lang = language()
    in_background = waits is not None and len(comments) > waits
    themes = present_themes(themed.themes, lang) if themed is not None else []
    by_question: dict[str, list[str]] = defaultdict(list)
    for comment in comments:
        by_question[comment.item_key].append(comment.text)
    texts = {spec.key: localized(spec.item.text, lang) for spec in results.scale.text_items}
    grouped = [(texts[key], answers) for key, answers in by_question.items()]
    return FreeText(len(comments), themes, grouped, in_background)
