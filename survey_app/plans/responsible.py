"""Who answers for a step: the people a reminder about it reaches, and whom a missed follow-up is told to.

A step names an account or a role (``plans.services.steps``); a reminder needs people with an address. The rules:

* an account is responsible while it is active and may still plan for the unit (``guards.can_plan``: HR anywhere, a
  manager within their scope); an account that no longer may is treated like a step with nobody named;
* ``unit_manager``, ``work_group`` (no account: the manager convenes it) and a step with nobody named (an older
  step's words in ``responsible_note``): the unit's managers, else the case's HR person;
* ``hr``: the case's HR person, else every active HR specialist;
* ``occupational_health`` and ``safety_representative``: the accounts of that role assigned to the unit or a unit
  above it, else as a manager's step, so that a reminder still reaches someone (a safety representative without an
  account is convened by the manager).

"The unit's managers" are the active managers of the nearest unit, from the step's unit upwards, that has any
(a manager is assigned to an area and manages every unit below it). A missed follow-up is also told to the managers of
the people responsible: the unit's managers, or the managers one level further up when a responsible person is one
of them, or the case's HR person when there are none. This module only reads; it never decides whether a follow-up
is due (``plans.due`` does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Integer, literal_column, select

from survey_app.access import ORGANISATION_WIDE
from survey_app.db import db
from survey_app.models import InterventionCase, PlanStep, Role, Unit, UnitAssignment, User
from survey_app.plans.services.guards import can_plan


def _levels(unit: Unit) -> list[int]:
    """The unit and every unit above it, nearest first (one recursive query)."""
    up = (
        select(Unit.id, Unit.parent_id, literal_column("0", Integer).label("depth"))
        .where(Unit.id == unit.id)
        .cte("up", recursive=True)
    )
    up = up.union_all(select(Unit.id, Unit.parent_id, up.c.depth + 1).join(up, Unit.id == up.c.parent_id))
    return list(db.session.scalars(select(up.c.id).order_by(up.c.depth)))


def assigned_by_level(unit: Unit, role: Role) -> list[list[User]]:
    """The active accounts of ``role`` assigned to the unit and to each unit above it: one list per level, nearest
    first, empty where nobody is assigned. Two queries, whatever the depth of the tree."""
    levels = _levels(unit)
    query = (
        select(UnitAssignment.unit_id, User)
        .join(User, User.id == UnitAssignment.user_id)
        .where(UnitAssignment.unit_id.in_(levels), User.role == role.value, User.active.is_(True))
        .order_by(User.name, User.id)
    )
    by_unit: dict[int, list[User]] = defaultdict(list)
    for unit_id, user in db.session.execute(query):
        by_unit[unit_id].append(user)
    return [by_unit[unit_id] for unit_id in levels]


def unit_managers(unit: Unit, passing: Collection[int] = ()) -> list[User]:
    """The unit's managers: the active managers of the nearest unit, from ``unit`` upwards, that has any. A level
    where one of the people ``passing`` (ids) is a manager is passed by: their own managers, one level further up,
    answer instead. Empty when no unit up the tree has a manager."""
    for managers in assigned_by_level(unit, Role.MANAGER):
        if managers and not any(manager.id in passing for manager in managers):
            return managers
    return []


def case_hr(case: InterventionCase) -> list[User]:
    """The case's HR person, while their account is active and still works across the organisation; else none."""
    person = case.responsible
    if person is None or not person.active or person.role not in ORGANISATION_WIDE:
        return []
    return [person]


def hr_specialists() -> list[User]:
    """Every active HR specialist, by name."""
    query = select(User).where(User.role == Role.HR.value, User.active.is_(True)).order_by(User.name, User.id)
    return list(db.session.scalars(query))


#: The step roles that are accounts of a role of their own, assigned to units.
_ROLE_ACCOUNTS = {"occupational_health": Role.OHS, "safety_representative": Role.SAFETY}


def _assigned(unit: Unit, role: Role) -> list[User]:
    """The active accounts of ``role`` assigned to the unit or a unit above it, each once."""
    found: dict[int, User] = {}
    for level in assigned_by_level(unit, role):
        found.update((user.id, user) for user in level)
    return list(found.values())


def people_responsible_for(step: PlanStep) -> list[User]:
    """The people responsible for the step, by the rules at the top of this module: the named account while it may
    still plan for the unit, else by the named role; never empty while someone in the organisation can answer."""
    case, unit = step.case, step.case.unit
    account = step.responsible_user
    if account is not None:
        if account.active and can_plan(account, case):
            return [account]
        return unit_managers(unit) or case_hr(case)
    if step.responsible_role == "hr":
        return case_hr(case) or hr_specialists()
    if step.responsible_role in _ROLE_ACCOUNTS:
        return _assigned(unit, _ROLE_ACCOUNTS[step.responsible_role]) or unit_managers(unit) or case_hr(case)
    return unit_managers(unit) or case_hr(case)


def managers_of_responsible(step: PlanStep, responsible: Collection[User]) -> list[User]:
    """Whom a missed follow-up is told to besides the ``responsible`` people: the unit's managers, or the managers
    one level further up when a responsible person is one of them, else the case's HR person; never one of the
    responsible themselves."""
    passing = {person.id for person in responsible}
    managers = unit_managers(step.case.unit, passing) or case_hr(step.case)
    return [manager for manager in managers if manager.id not in passing]
