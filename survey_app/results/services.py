"""What may be shown of a survey round's results: the one gate every figure passes on its way to a reader.

Checked in this order, before anything is computed:

1. *In scope*: admin and HR read every round; anyone else a round one of whose workplaces is among their units
   (``access.unit_scope``), and a ``root`` to narrow it to only inside those units. Anything else is
   ``NotAllowedError``: the same 404 as an id that does not exist, so ids cannot be probed.
2. *Closed rounds only*: figures that change while people are still answering would let a reader tell one person's
   answers apart by comparing two visits, so a round that has not closed is ``RoundNotClosedError`` (also a
   ``NotAllowedError``; the pages say "not yet", the API answers 409).
3. *Small groups hidden*: the figures come with every suppression decision already taken (``anonymity``, run in
   ``computed``) and the effective thresholds they were taken under (``figures.Thresholds``). They are decided on
   the tree the round closed with (``org.trees``), so a closed round's figures never change when units move.

The scope is today's (``access.unit_scope`` on the current tree), not the round's: suppression is decided once for
the whole organisation on the round's tree, and any subset of that safe set of figures is safe, so a reader whose
units changed since sees more or fewer units, never a figure that was not already safe to show to everyone.

Pages, the API and the workbooks call ``results_for``. A figure derived from one unit whose own service has already
let the reader see it (an indicator, a case's evaluation, an interview compilation) asks ``closed_round_results``
for a round from ``rounds_closed_by``: the same closed-rounds rule, without a reader. How figures are computed
(``computed``, ``sums``, ``anonymity``) is private to ``survey_app.results``: an import-linter contract and
``tests/survey_app/results/test_gate.py`` fail for any other importer.

The one exception, on purpose: while a round is open, HR and admin follow how many have answered per workplace
(``surveys.services.progress``) to know where to send reminders. Those are counts of responses, never of answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from survey_app.access import NotAllowedError, unit_scope
from survey_app.db import db
from survey_app.models import RoundUnit, SurveyRound, Unit, User
from survey_app.results.computed import round_results
from survey_app.results.figures import RoundResults, Thresholds


class RoundNotClosedError(NotAllowedError):
    """The round has not closed yet, so it has no figures for anyone."""

    def __init__(self, survey: SurveyRound):
        super().__init__(survey.id)
        self.survey = survey


@dataclass(frozen=True)
class ReadableResults:
    """A closed round's results as one reader may see them: the figures, their scope and root, the thresholds."""

    results: RoundResults
    #: The units the reader may see, or None for the whole organisation.
    scope: frozenset[int] | None
    #: The unit the reader narrowed it to (that unit and the units below it), or None.
    root: int | None

    @property
    def thresholds(self) -> Thresholds:
        """The anonymity and free-text thresholds the figures were suppressed under."""
        return self.results.thresholds


def readable_rounds(actor: User) -> list[SurveyRound]:
    """Every round the actor may open, newest first, whether closed yet or not (the rounds page says which); never
    a draft."""
    query = select(SurveyRound).where(SurveyRound.published())
    query = query.order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(SurveyRound.id.in_(select(RoundUnit.round_id).where(RoundUnit.unit_id.in_(scope))))
    return list(db.session.scalars(query))


def check_readable(
    actor: User, survey_round: SurveyRound, today: date, root: int | None = None
) -> frozenset[int] | None:
    """The gate's refusals without computing anything (for a job started before its figures are needed); returns
    the actor's scope."""
    if survey_round.published_on is None:  # a draft is HR's alone, and has no results
        raise NotAllowedError
    scope = unit_scope(actor)
    if scope is not None:
        touches = select(RoundUnit.id).where(RoundUnit.round_id == survey_round.id, RoundUnit.unit_id.in_(scope))
        if db.session.scalar(touches.limit(1)) is None:
            raise NotAllowedError
    if survey_round.status_on(today) != "closed":
        raise RoundNotClosedError(survey_round)
    if root is not None and (db.session.get(Unit, root) is None or (scope is not None and root not in scope)):
        raise NotAllowedError
    return scope


def results_for(
    actor: User, survey_round: SurveyRound, today: date, root: int | None = None, *, items: bool = True
) -> ReadableResults:
    """A closed round's results for ``actor``, narrowed to ``root`` if given; refused as ``check_readable`` says.
    ``items=False`` leaves out item distributions (the heatmap and the API do not show them)."""
    scope = check_readable(actor, survey_round, today, root)
    results = round_results(survey_round, items)
    if root is not None and root not in results.units:  # a unit created after the round closed has no figures
        raise NotAllowedError
    return ReadableResults(results, scope, root)


def previous_results(readable: ReadableResults, today: date) -> RoundResults | None:
    """The figures a report compares with: the latest round that closed before this one opened, if any."""
    survey = readable.results.survey
    earlier = db.session.scalars(
        rounds_closed_by(today)
        .where(SurveyRound.closes_on < survey.opens_on, SurveyRound.id != survey.id)
        .order_by(SurveyRound.closes_on.desc(), SurveyRound.id.desc())
        .limit(1)
    ).first()
    return closed_round_results(earlier, today) if earlier is not None else None


def rounds_closed_by(today: date) -> Select[tuple[SurveyRound]]:
    """The rounds that have closed by ``today`` (``SurveyRound.status_on``'s rule in SQL), to narrow further."""
    return select(SurveyRound).where(SurveyRound.closed_by(today))


def closed_round_results(survey_round: SurveyRound, today: date, *, items: bool = False) -> RoundResults:
    """A closed round's figures for a figure derived from one unit the caller's own service already lets the reader
    see; ``RoundNotClosedError`` for a round that has not closed."""
    if survey_round.status_on(today) != "closed":
        raise RoundNotClosedError(survey_round)
    return round_results(survey_round, items)
