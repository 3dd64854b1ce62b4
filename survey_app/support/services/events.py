"""The log of early-support talks and network meetings: log one, list and delete them, count them per month.

A logged event holds the unit, the kind, the date and the roles present — never a name, never a health detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select
from sqlalchemy.orm import joinedload

from survey_app.access import can_see_unit, unit_scope
from survey_app.audit import record
from survey_app.clock import months_before
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import SupportEvent, Unit, User
from survey_app.models.support import SUPPORT_EVENT_KINDS
from survey_app.support.services.permissions import can_delete_event, require

#: Who can be present at a talk or a meeting, by role only.
ROLES = ("manager", "employee", "hr", "ohs", "safety_representative", "support_person")
#: A network meeting (työterveysneuvottelu) needs at least these present (docs/method.md).
NETWORK_MEETING_MINIMUM = ("employee", "manager", "ohs")
KINDS = SUPPORT_EVENT_KINDS
YEARS_BACK = 2


def units_for(actor: User) -> list[Unit]:
    """Active units the caller may log a talk or meeting for, by name."""
    query = select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(Unit.id.in_(scope))
    return list(db.session.scalars(query))


def _check_event(kind: str, held_on: date | None, roles_present: Iterable[str], today: date) -> list[str]:
    if kind not in KINDS:
        raise DomainError(_l("Choose an early-support talk or a network meeting."), "kind")
    if held_on is None:
        raise DomainError(_l("Enter the date it was held."), "held_on")
    if held_on > today:
        raise DomainError(_l("The date cannot be in the future."), "held_on")
    if held_on < months_before(today, 12 * YEARS_BACK):
        raise DomainError(_l("The date cannot be more than %(n)d years back.", n=YEARS_BACK), "held_on")
    present = set(roles_present or ())
    if present - set(ROLES):
        raise DomainError(_l("Choose the roles from the list."), "roles_present")
    if not present:
        raise DomainError(_l("Tick the roles that were present."), "roles_present")
    if kind == "network_meeting" and not set(NETWORK_MEETING_MINIMUM) <= present:
        raise DomainError(
            _l("A network meeting needs at least the employee, the manager and occupational health present."),
            "roles_present",
        )
    return [role for role in ROLES if role in present]


def log_event(
    actor: User, unit_id: int | None, kind: str, held_on: date | None, roles_present: Iterable[str], today: date
) -> SupportEvent:
    """Log a talk or meeting held in a unit the caller may see (anyone else's unit: NotAllowedError)."""
    if unit_id is None:
        raise DomainError(_l("Choose the unit."), "unit_id")
    unit = db.session.get(Unit, unit_id)
    require(unit is not None and can_see_unit(actor, unit.id))
    if not unit.active:
        raise DomainError(_l("The unit is no longer active."), "unit_id")
    roles = _check_event(kind, held_on, roles_present, today)
    event = SupportEvent(unit_id=unit.id, kind=kind, held_on=held_on, roles_present=roles, recorded_by_id=actor.id)
    db.session.add(event)
    db.session.flush()
    record(actor, "support.event_logged", "support_event", event.id, unit=unit.code, kind=kind)
    db.session.commit()
    return event


def delete_event(actor: User, event: SupportEvent) -> None:
    """Delete a logged event (whoever logged it, or HR and admin)."""
    require(can_delete_event(actor, event))
    record(actor, "support.event_deleted", "support_event", event.id, kind=event.kind)
    db.session.delete(event)
    db.session.commit()


def events_for(actor: User, limit: int = 50) -> list[SupportEvent]:
    """The latest events of the units the caller may see, with their units loaded (one query)."""
    query = (
        select(SupportEvent)
        .options(joinedload(SupportEvent.unit))
        .order_by(SupportEvent.held_on.desc(), SupportEvent.id.desc())
        .limit(limit)
    )
    scope = unit_scope(actor)
    if scope is not None:
        query = query.where(SupportEvent.unit_id.in_(scope))
    return list(db.session.scalars(query))


def event_counts(unit_ids: Iterable[int] | None, start: date, end: date) -> dict[tuple[int, str, str], int]:
    """Events per (unit id, kind, "YYYY-MM") held from ``start`` to ``end`` inclusive, in one grouped query.

    ``unit_ids`` None counts every unit; an empty iterable counts none (and asks the database nothing).
    """
    ids = None if unit_ids is None else list(unit_ids)
    if ids is not None and not ids:
        return {}
    year = extract("year", SupportEvent.held_on)
    month = extract("month", SupportEvent.held_on)
    query = (
        select(SupportEvent.unit_id, SupportEvent.kind, year, month, func.count())
        .where(SupportEvent.held_on >= start, SupportEvent.held_on <= end)
        .group_by(SupportEvent.unit_id, SupportEvent.kind, year, month)
    )
    if ids is not None:
        query = query.where(SupportEvent.unit_id.in_(ids))
    return {
        (unit_id, kind, f"{int(y):04d}-{int(m):02d}"): count for unit_id, kind, y, m, count in db.session.execute(query)
    }


@dataclass(frozen=True)
class MonthCount:
    """One unit's talks and network meetings in one month ("YYYY-MM")."""

    unit_name: str
    month: str
    talks: int
    meetings: int


def monthly_counts(actor: User, today: date, months: int = 12) -> list[MonthCount]:
    """Talks and network meetings per unit and month over the last ``months`` months, the caller's units only."""
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    counts = event_counts(unit_scope(actor), first, today)
    if not counts:
        return []
    ids = {unit_id for unit_id, _, _ in counts}
    names = {unit_id: name for unit_id, name in db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))}
    cells = {(unit_id, month) for unit_id, _, month in counts}
    rows = [
        MonthCount(
            names.get(unit_id, ""),
            month,
            counts.get((unit_id, "early_support_talk", month), 0),
            counts.get((unit_id, "network_meeting", month), 0),
        )
        for unit_id, month in cells
    ]
    rows.sort(key=lambda row: row.month, reverse=True)
    return sorted(rows, key=lambda row: row.unit_name)
