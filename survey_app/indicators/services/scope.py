"""Who may see and enter indicators, and which units a reader may choose on the page."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from survey_app.access import ORGANISATION_WIDE, NotAllowedError, descendant_ids, unit_scope
from survey_app.db import db
from survey_app.models import Unit, User


def can_enter(actor: User) -> bool:
    """HR and admin enter values and set targets."""
    return actor.role in ORGANISATION_WIDE


def can_view(actor: User, unit_id: int | None) -> bool:
    """HR and admin see every unit and the whole organisation (None); others the units in their scope."""
    scope = unit_scope(actor)
    return scope is None or (unit_id is not None and unit_id in scope)


def require(allowed: bool) -> None:
    """Refuse (``NotAllowedError``, a 404) unless ``allowed``."""
    if not allowed:
        raise NotAllowedError


def visible_units(actor: User, under: int | None = None) -> list[Unit]:
    """The units the caller may choose on the page, by name. ``under``: only that unit and the units below it
    (``NotAllowedError`` when the unit is outside the caller's scope)."""
    query = select(Unit).order_by(Unit.name, Unit.id)
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(Unit.id.in_(scope))
    if under is not None:
        require(db.session.get(Unit, under) is not None and can_view(actor, under))
        query = query.where(Unit.id.in_(descendant_ids([under])))
    return list(db.session.scalars(query))


def default_unit_id(actor: User, units: Sequence[Unit]) -> int | None:
    """The organisation for HR and admin; otherwise the top of the caller's scope (their own unit), if any."""
    if unit_scope(actor) is None:
        return None
    ids = {unit.id for unit in units}
    tops = [unit for unit in units if unit.parent_id not in ids]
    return tops[0].id if tops else None
