"""Units a person may see, for pages and later features."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.access import unit_scope
from survey_app.admin.queries import UnitRow, tree_rows
from survey_app.db import db
from survey_app.models import Unit, UnitAssignment, User


def visible_units(user: User) -> list[Unit]:
    """Every unit the user may see (admin and HR: all of them), in no particular order."""
    scope = unit_scope(user)
    query = select(Unit)
    if scope is not None:
        query = query.where(Unit.id.in_(scope))
    return list(db.session.scalars(query))


def visible_unit_rows(user: User, limit: int | None = None) -> list[UnitRow]:
    """The units the user may see, in tree order with their depth; only the first ``limit`` when given."""
    rows = tree_rows(visible_units(user))
    return rows[:limit] if limit else rows


def responsible_people(unit: Unit) -> list[User]:
    """Managers and occupational-health contacts assigned directly to this unit."""
    return list(
        db.session.scalars(
            select(User)
            .join(UnitAssignment)
            .where(UnitAssignment.unit_id == unit.id, User.active.is_(True))
            .order_by(User.role, User.name)
        )
    )
