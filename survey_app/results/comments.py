"""The free text of a group a reader may see: redacted, and never in the order it was given.

Takes the results the gate in ``services`` returned, so a group under the free-text threshold (or one whose text
could be worked out from others') has no text here at all. Finding themes in the text is ``themes.services``' job;
``unit_free_text`` hands it the text a reader may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import Answer, SurveyResponse
from survey_app.privacy.redaction import redact_for_display
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.figures import RoundResults
from survey_app.results.sums import counted_in
from survey_app.themes.services import comment_themes

if TYPE_CHECKING:
    from nlp.themes import ThemeResult


@dataclass(frozen=True)
class Comment:
    """One answer to an open question, redacted.

    ``respondent`` tells only the themes service which answers one person gave, so that a word counts once per
    person when a theme's label must use words at least three people wrote. It is a number given afresh on every
    call (1, 2, … in the order the sorted answers first show each response), never the response's id, so it cannot
    be matched with anything stored; no page, workbook or export shows it, and comparisons ignore it.
    """

    item_key: str
    text: str  # redacted
    respondent: int | None = field(default=None, compare=False, repr=False)


def unit_comments(results: RoundResults, unit_id: int | None) -> list[Comment] | None:
    """The redacted free text of a unit's subtree (the whole organisation for None), or None when it may not be
    shown. Ordered by question, then alphabetically: never by time or response, so no answer can be paired with
    another answer of the same person or with when it was given."""
    node = ORGANISATION if unit_id is None else unit_id
    if not results.units[node].comments or not results.scale.text_items:
        return None
    query = (
        select(Answer.item_key, Answer.text, Answer.response_id)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(
            counted_in(results.survey.id),
            Answer.item_key.in_([spec.key for spec in results.scale.text_items]),
            Answer.text.is_not(None),
        )
    )
    if unit_id is not None:
        query = query.where(SurveyResponse.unit_id.in_(_subtree(results.parents, unit_id)))
    order = {spec.key: position for position, spec in enumerate(results.scale.text_items)}
    rows = db.session.execute(query)
    found = [(key, redact_for_display(text), response) for key, text, response in rows if text.strip()]
    found.sort(key=lambda row: (order[row[0]], row[1].casefold(), row[1]))
    numbers: dict[str, int] = {}  # response id -> this call's number for it
    return [Comment(key, text, numbers.setdefault(response, len(numbers) + 1)) for key, text, response in found]


@dataclass(frozen=True)
class UnitFreeText:
    """A unit's free text as its reader may see it, and its themes when they were found."""

    comments: list[Comment]
    themes: ThemeResult | None


def unit_free_text(results: RoundResults, node, themes_up_to: int | None = None) -> UnitFreeText | None:
    """The free text of a unit's subtree (ORGANISATION: all of it) with its themes, or None under the free-text
    threshold. ``themes_up_to``: find themes only when there are at most this many answers."""
    comments = unit_comments(results, None if node == ORGANISATION else node)
    if comments is None:
        return None
    if themes_up_to is not None and len(comments) > themes_up_to:
        return UnitFreeText(comments, None)
    return UnitFreeText(comments, comment_themes(comments))


def _subtree(parents: Mapping[int, int | None], root: int) -> list[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for node, parent in parents.items():
        children[parent].append(node)
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children[node])
    return found
