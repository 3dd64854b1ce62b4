"""Roles and unit scope: the one guard every route uses.

Rules: admin and HR see every unit; a manager sees the units they manage and everything below them; occupational
health sees the units it has been invited to and everything below them, read-only. An object outside the caller's
scope answers 404, so that ids of other units cannot even be probed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TypeVar

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import Role, Unit, UnitAssignment, User

F = TypeVar("F", bound=Callable)

#: The roles that work across the whole organisation: they see every unit and run intervention cases.
ORGANISATION_WIDE = frozenset({Role.ADMIN.value, Role.HR.value})


def can_run_case(user: User) -> bool:
    """Whether the user opens intervention cases and sets their evaluation periods: HR and admin."""
    return user.role in ORGANISATION_WIDE


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Route decorator: anonymous callers go to the login page, other roles get 403."""
    allowed = {role.value for role in roles}

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.omtanke_roles = frozenset(allowed)  # read by the access-matrix test
        return wrapped  # type: ignore[return-value]

    return decorator


ANY_ROLE = tuple(Role)


def descendant_ids(root_ids: Iterable[int]) -> frozenset[int]:
    """The given units and every unit below them, in one recursive query."""
    roots = list(root_ids)
    if not roots:
        return frozenset()
    tree = select(Unit.id).where(Unit.id.in_(roots)).cte("tree", recursive=True)
    tree = tree.union(select(Unit.id).join(tree, Unit.parent_id == tree.c.id))
    return frozenset(db.session.scalars(select(tree.c.id)))


def unit_scope(user: User) -> frozenset[int] | None:
    """Ids of the units ``user`` may see, or None for the whole organisation. Cached per request."""
    if user.role in ORGANISATION_WIDE:
        return None
    cache = g.setdefault("omtanke_scope", {})
    if user.id not in cache:
        assigned = db.session.scalars(select(UnitAssignment.unit_id).where(UnitAssignment.user_id == user.id))
        cache[user.id] = descendant_ids(assigned)
    return cache[user.id]


def can_see_unit(user: User, unit_id: int) -> bool:
    """Whether the unit lies in ``user``'s scope (admin and HR: every unit)."""
    scope = unit_scope(user)
    return scope is None or unit_id in scope


def unit_or_404(user: User, unit_id: int) -> Unit:
    """Load a unit the caller may see; anything else is 404, never 403, so ids cannot be probed."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not can_see_unit(user, unit.id):
        abort(404)
    return unit


class NotAllowedError(Exception):
    """A service's refusal: the caller may not see or do this. ``errors.py`` answers 404 for every route, after
    rolling back what the request had begun to write, so that ids cannot be probed; no view catches it."""
