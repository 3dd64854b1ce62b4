"""A round's questionnaire: the chosen instrument sections plus the round's own items, as pages to answer.

The round stores only references ("hme" / "motivation") and its own items; the texts come from the instrument
library shipped with the code (interventions.instruments). Used by the respondent's pages, the preview and scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from interventions.instruments import AGREE5_LABELS, YESNO_LABELS, Item, library

OWN = "own"
#: The order HR sees the instruments in: engagement first, open questions last.
INSTRUMENT_ORDER = ("hme", "osa", "ergonomics", "work_ability", "open_questions")
OWN_ITEM_TYPES = ("agree5", "text")


@dataclass(frozen=True)
class Question:
    """A question as a round asks it: its stored answer key and its item."""

    key: str  # the stored answer key: "<instrument>.<item>" or "own.<n>"
    item: Item


@dataclass(frozen=True)
class Page:
    """A page of the questionnaire: an instrument section, or the round's own questions."""

    key: str
    title: Mapping[str, str] | None  # None: the page title is the translated "Questions from your workplace"
    intro: Mapping[str, str] | None
    questions: tuple[Question, ...]


def ordered_instruments() -> list:
    """The instrument library in INSTRUMENT_ORDER; instruments added later come after, by id."""
    rank = {name: position for position, name in enumerate(INSTRUMENT_ORDER)}
    return sorted(library().values(), key=lambda instrument: (rank.get(instrument.id, len(rank)), instrument.id))


def section_choices() -> list[tuple[str, str, str]]:
    """(value "instrument/section", instrument id, section id) of every section in the library."""
    return [
        (f"{instrument.id}/{section.id}", instrument.id, section.id)
        for instrument in ordered_instruments()
        for section in instrument.sections
    ]


def own_item(number: int, kind: str, texts: Mapping[str, str]) -> Item:
    """One of the round's own questions as an item: never required, dimension ``own``."""
    return Item(id=str(number), type=kind, dimension=OWN, text=dict(texts), required=False)


def pages(content: Mapping[str, Any]) -> tuple[Page, ...]:
    """The questionnaire of a round's ``content``: one page per instrument section, then one for own items."""
    instruments = library()
    result = []
    for ref in content.get("sections", []):
        instrument = instruments[ref["instrument"]]
        section = instrument.section(ref["section"])
        questions = tuple(Question(item.key(instrument.id), item) for item in section.items)
        result.append(Page(f"{instrument.id}.{section.id}", section.title, section.intro, questions))
    own = content.get("own_items", [])
    if own:
        questions = tuple(
            Question(f"{OWN}.{number}", own_item(number, entry["type"], entry["text"]))
            for number, entry in enumerate(own, start=1)
        )
        result.append(Page(OWN, None, None, questions))
    return tuple(result)


OWN_PAGE_TITLE = _l("Questions from your workplace")


def localized(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in the respondent's language, falling back to Swedish, then any language."""
    if not texts:
        return ""
    return texts.get(language) or texts.get("sv") or next(iter(texts.values()), "")


def choice_list(item: Item, language: str) -> list[tuple[int, str]]:
    """(value, label) pairs of a closed question, labels in the respondent's language."""
    if item.type == "agree5":
        return [(value, localized(labels, language)) for value, labels in AGREE5_LABELS.items()]
    if item.type == "yesno":
        return [(value, localized(labels, language)) for value, labels in sorted(YESNO_LABELS.items(), reverse=True)]
    if item.type == "scale10":  # plain numbers: the anchors are shown once, above the scale
        return [(value, str(value)) for value in range(11)]
    return [(option.value, localized(option.label, language)) for option in item.options]


def page_title(page: Page, language: str) -> str:
    """A page's title in the language; the own questions' page has the translated OWN_PAGE_TITLE."""
    return localized(page.title, language) if page.title else str(OWN_PAGE_TITLE)


def first_input_id(question: Question) -> str:
    """The id the error summary links to: the text box, or the first option of a choice."""
    base = "q-" + question.key.replace(".", "-")
    if question.item.type == "text":
        return f"{base}-text"
    return f"{base}-{choice_list(question.item, 'sv')[0][0]}"


def register_template_helpers(app) -> None:
    """Give every template ``choice_list``, ``page_title`` and ``first_input_id``."""
    app.add_template_global(choice_list)
    app.add_template_global(page_title)
    app.add_template_global(first_input_id)
