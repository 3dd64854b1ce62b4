"""Read models of the administration pages: each page's data in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, Unit, UnitAssignment


@dataclass(frozen=True)
class UnitRow:
    """A unit and its depth in the tree, for an indented list."""

    unit: Unit
    depth: int


def tree_rows(units: list[Unit]) -> list[UnitRow]:
    """Units in tree order (depth-first, siblings by name) with their depth; orphans of a filter become roots."""
    ids = {unit.id for unit in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in ids else None].append(unit)
    rows: list[UnitRow] = []
    stack = [(unit, 0) for unit in sorted(children[None], key=lambda u: u.name.lower(), reverse=True)]
    while stack:
        unit, depth = stack.pop()
        rows.append(UnitRow(unit, depth))
        stack.extend(
            (child, depth + 1) for child in sorted(children[unit.id], key=lambda u: u.name.lower(), reverse=True)
        )
    return rows


def unit_rows() -> list[UnitRow]:
    """Every unit, active or not, in tree order with its depth."""
    return tree_rows(list(db.session.scalars(select(Unit))))


def assigned_codes() -> dict[int, list[str]]:
    """user id → codes of the units assigned to them, in one query."""
    rows = db.session.execute(
        select(UnitAssignment.user_id, Unit.code).join(Unit, Unit.id == UnitAssignment.unit_id).order_by(Unit.code)
    )
    codes: dict[int, list[str]] = defaultdict(list)
    for user_id, code in rows:
        codes[user_id].append(code)
    return codes


PAGE_SIZE = 50


def audit_page(action: str = "", actor: str = "", page: int = 1):
    """One page of the audit log, newest first: ``action`` keeps the actions that start with it, ``actor`` the
    events whose actor's label contains it in any case."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(func.lower(AuditEvent.actor_label).contains(actor.lower(), autoescape=True))
    return db.paginate(query, page=max(page, 1), per_page=PAGE_SIZE, error_out=False)
