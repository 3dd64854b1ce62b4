"""What a unit's page links to: the unit's survey results, action plans, absence figures and interview rounds.

Each link only when its page would open for the reader, by the rules that page itself applies, never a copy of them:
the route's role guard (``roles_required`` leaves its roles on the view as ``omtanke_roles``), the unit scope
(``access``), and the area's own check (``plans.services.can_see``, ``interviews.services.can_see_presentation``).
A link that would answer 403 or 404 is not shown. A fixed number of queries, whatever the number of rounds or cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from survey_app.access import can_see_unit, descendant_ids
from survey_app.db import db
from survey_app.interviews import services as interviews
from survey_app.models import InterventionCase, InterviewRound, RoundTree, RoundUnit, SurveyRound, Unit, UnitTree, User
from survey_app.plans import services as plans
from survey_app.results.services import rounds_closed_by

#: How many of the latest rounds with results the page links to (older ones are on the results page).
RESULT_ROUNDS = 3


@dataclass(frozen=True)
class InterviewLink:
    """An interview round of the unit and the page of it the reader may open (``endpoint``)."""

    round: InterviewRound
    endpoint: str


@dataclass(frozen=True)
class UnitLinks:
    """The pages about one unit that its reader may open; empty lists and False where they may not (or none exist)."""

    result_rounds: list[SurveyRound]
    cases: list[InterventionCase]
    can_open_case: bool
    absence: bool
    interviews: list[InterviewLink]
    all_results: bool
    #: Whether the unit above is in the reader's scope too (a manager of this unit alone does not see it).
    parent: bool


def may_open(user: User, endpoint: str) -> bool:
    """Whether the route's role guard lets ``user`` in (scope is each page's own check)."""
    roles = getattr(current_app.view_functions.get(endpoint), "omtanke_roles", None)
    return roles is not None and user.role in roles


def unit_links(reader: User, unit: Unit, today: date) -> UnitLinks:
    """The links for ``unit``'s page; the caller has checked that ``reader`` may see the unit."""
    cases = [case for case in plans.visible_cases(reader, under=unit.id) if case.unit_id == unit.id]
    return UnitLinks(
        result_rounds=result_rounds(unit, today) if may_open(reader, "results.unit_report") else [],
        cases=[case for case in cases if plans.can_see(reader, case)] if may_open(reader, "plans.case_detail") else [],
        can_open_case=may_open(reader, "plans.new_case") and not any(case.closed_on is None for case in cases),
        absence=may_open(reader, "absence.overview"),
        interviews=_interview_links(reader, unit),
        all_results=may_open(reader, "results.rounds"),
        parent=unit.parent_id is not None and can_see_unit(reader, unit.parent_id),
    )


def result_rounds(unit: Unit, today: date) -> list[SurveyRound]:
    """The latest closed rounds with figures for ``unit``: a workplace in its subtree took part, and the unit was in
    the tree the round closed with (a unit created since has no figures there)."""
    taking_part = select(RoundUnit.round_id).where(RoundUnit.unit_id.in_(descendant_ids([unit.id])))
    candidates = list(
        db.session.scalars(
            rounds_closed_by(today)
            .where(SurveyRound.id.in_(taking_part))
            .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
            .limit(RESULT_ROUNDS * 2)
        )
    )
    kept = dict(
        db.session.execute(
            select(RoundTree.round_id, UnitTree.parents)
            .join(UnitTree, RoundTree.tree_id == UnitTree.id)
            .where(RoundTree.round_id.in_([survey.id for survey in candidates]))
        ).all()
    )
    found = [
        survey
        for survey in candidates
        if survey.status_on(today) == "closed" and (survey.id not in kept or str(unit.id) in kept[survey.id])
    ]
    return found[:RESULT_ROUNDS]


def _interview_links(reader: User, unit: Unit) -> list[InterviewLink]:
    """HR opens a round's own page; a manager or occupational health its presentation once released; an
    interviewer the round's page with their own sessions."""
    found = []
    rounds = list(db.session.scalars(select(InterviewRound).where(InterviewRound.unit_id == unit.id)))
    mine = interviews.rounds_interviewed_by(reader) if rounds else set()
    for interview in sorted(rounds, key=lambda r: (r.created_at, r.id), reverse=True):
        if interviews.is_hr(reader) and may_open(reader, "interviews.round_detail"):
            found.append(InterviewLink(interview, "interviews.round_detail"))
        elif interviews.can_see_presentation(reader, interview) and may_open(reader, "interviews.presentation"):
            found.append(InterviewLink(interview, "interviews.presentation"))
        elif interview.id in mine and may_open(reader, "interviews.round_detail"):
            found.append(InterviewLink(interview, "interviews.round_detail"))
    return found
