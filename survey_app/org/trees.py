"""A closed round keeps the unit tree it closed with: the tree is recorded at the first change after it closed.

A round's results are computed and suppressed on a unit tree (``results.computed``). Were that always the current
tree, reading a closed round before and after a unit moves would give two sets of figures, each safe on its own,
whose difference is the moved group: a hidden two-person unit moved under a visible parent shows as the change in
the parent's count and index (issue 19, finding 1). So the tree is fixed when a round closes, lazily: whenever the
tree is about to change (a unit inserted, given another parent or deleted), every round that has closed by today
(``results.services.rounds_closed_by``) and keeps no tree yet gets the tree as it is in the database *before* the
change, one ``UnitTree`` row shared by all of them. Nothing changed the tree between such a round's close and this
first change, so that is exactly the tree it closed with. A round still open, also on its closing day, keeps
nothing: a change while it takes answers is part of its results.

It is done at the mechanism, a ``before_flush`` event on every session (and ``do_orm_execute`` for an ORM bulk
UPDATE or DELETE of units), so no path that changes units can forget it: the admin pages, the unit import, the demo
and the tests' builders all pass here. Only SQL written by hand past the ORM (``text()``) is not seen. "Today" is
``clock.today()``, the organisation's day (pinned by ``OMTANKE_TODAY`` in tests), so the hook needs an app context,
as every use of ``db.session`` does.
"""

from __future__ import annotations

from sqlalchemy import event, exists, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from survey_app import clock
from survey_app.db import db
from survey_app.models import RoundTree, SurveyRound, Unit, UnitTree
from survey_app.results.services import rounds_closed_by


def init_trees() -> None:
    """Keep closed rounds' trees on every session of ``db`` (once, however many apps are made)."""
    for name, listener in (("before_flush", _before_flush), ("do_orm_execute", _before_bulk_change)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def keep_closed_rounds_trees(session: Session) -> int:
    """Give every round closed by today that keeps no tree yet the tree as the database holds it now; returns how
    many rounds were given one. Call it before the tree changes (the events below do)."""
    today = clock.today()
    waiting = rounds_closed_by(today).where(~exists().where(RoundTree.round_id == SurveyRound.id))
    with session.no_autoflush:
        round_ids = list(session.scalars(waiting.with_only_columns(SurveyRound.id)))
        if not round_ids:
            return 0
        parents = {str(unit_id): parent_id for unit_id, parent_id in session.execute(select(Unit.id, Unit.parent_id))}
    tree = UnitTree(parents=parents, recorded_on=today)
    session.add_all([tree, *(RoundTree(round_id=round_id, tree=tree) for round_id in round_ids)])
    return len(round_ids)


def _tree_changes(session: Session) -> bool:
    """Whether this flush inserts or deletes a unit or gives one another parent (a false alarm only costs a query)."""
    if any(isinstance(obj, Unit) for obj in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        if isinstance(obj, Unit):
            attrs = inspect(obj).attrs
            if attrs.parent.history.has_changes() or attrs.parent_id.history.has_changes():
                return True
    return False


def _before_flush(session: Session, _context, _instances) -> None:
    if _tree_changes(session):
        keep_closed_rounds_trees(session)


def _before_bulk_change(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete or state.is_insert) and mapper is not None and mapper.class_ is Unit:
        keep_closed_rounds_trees(state.session)
