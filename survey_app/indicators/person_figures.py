"""The person track's unit figures for the indicators page: talks held in time, plans followed through, days to return.

The rules are ``interventions.indicators.person_track``'s; this module loads the person cases as plain records (no
employee id, no text), counts each in the unit it was opened in and every unit above it, and withholds a unit's
figure when it rests on too few cases, or would let one that does be computed by subtraction: the survey results'
rule (``results.small_groups.shown_units``), decided per figure and period on the whole organisation, so every reader
sees the same figure for the same unit. A withheld figure is simply missing, like one without cases: the page does
not say that a unit had one to four talks.

Figures are given only for periods that have ended: a figure that changed the day a case closed would tell a reader
comparing two visits how that one case went (the survey results show closed rounds only for the same reason).
Nothing here checks who reads: ``indicators.services`` does, before calling this.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from interventions.indicators import CaseRecord, FollowUpRecord, StepRecord, person_track_figure
from interventions.indicators.person_track import EXPLANATIONS, FIGURE_KEYS
from survey_app.db import db
from survey_app.models import PersonCase, PersonStep, Unit
from survey_app.results.small_groups import DEFAULT_THRESHOLD, shown_units

#: Indicator key → {(unit id or None for the whole organisation, the period's first day): value}.
PersonFigures = dict[str, dict[tuple[int | None, date], float]]


def talk_within_days() -> int:
    """How many days after its signal an early-support talk counts as held in time (``OMTANKE_TALK_WITHIN_DAYS``)."""
    return int(current_app.config.get("OMTANKE_TALK_WITHIN_DAYS", 14))


def explanations() -> dict[str, str]:
    """How each person-track figure is worked out, in the reader's language (a line beside it on the page and in
    the workbook)."""
    return {key: _(text, days=talk_within_days(), threshold=DEFAULT_THRESHOLD) for key, text in EXPLANATIONS.items()}


def record_of(case: PersonCase) -> CaseRecord:
    """The case as the figures read it: kind, dates, outcome, and each step's status and follow-ups."""
    steps = tuple(
        StepRecord(
            step.status,
            tuple(FollowUpRecord(f.held_on, f.status, f.next_follow_up_on) for f in step.follow_ups),
        )
        for step in case.steps
    )
    dates = (case.signal_on, case.held_on, case.starts_on, case.returned_on, case.closed_on)
    return CaseRecord(case.kind, *dates, case.outcome, steps)


def _cases(first: date, last: date) -> dict[int, list[CaseRecord]]:
    """The cases any figure may count between ``first`` and ``last``, by the unit they were opened in: three queries."""
    talks = and_(PersonCase.kind == "early_support", PersonCase.held_on >= first, PersonCase.held_on <= last)
    closed = and_(PersonCase.closed_on >= first, PersonCase.closed_on <= last)
    query = (
        select(PersonCase)
        .where(or_(talks, closed))
        .options(selectinload(PersonCase.steps).selectinload(PersonStep.follow_ups))
    )
    found: dict[int, list[CaseRecord]] = defaultdict(list)
    for case in db.session.scalars(query):
        found[case.unit_id].append(record_of(case))
    return found


def person_figures(unit_ids: Sequence[int | None], spans: Sequence[tuple[date, date]], today: date) -> PersonFigures:
    """Each person-track indicator per unit (its subtree; None the whole organisation) and ended period, keyed by the
    period's first day; a figure on too few cases (or protecting one that is) is left out. Four queries."""
    spans = [(start, end) for start, end in spans if end < today]
    if not spans:
        return {key: {} for key in FIGURE_KEYS}
    within = talk_within_days()
    direct = _cases(spans[0][0], spans[-1][1])
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
    below: dict[int | None, list[CaseRecord]] = defaultdict(list)  # each wanted unit's subtree
    wanted = set(unit_ids)
    for unit_id, records in direct.items():
        node: int | None = unit_id
        while node is not None:
            if node in wanted:
                below[node].extend(records)
            node = parents.get(node)
        if None in wanted:
            below[None].extend(records)
    figures: PersonFigures = {}
    for key in FIGURE_KEYS:
        values: dict[tuple[int | None, date], float] = {}
        for first, last in spans:
            counts = {
                unit: person_track_figure(key, records, first, last, within).cases for unit, records in direct.items()
            }
            if not any(counts.values()):
                continue  # nothing counted anywhere: every figure is missing
            shown = shown_units(counts, parents)
            for unit_id in wanted & shown:
                value = person_track_figure(key, below[unit_id], first, last, within).value
                if value is not None:
                    values[(unit_id, first)] = value
        figures[key] = values
    return figures
