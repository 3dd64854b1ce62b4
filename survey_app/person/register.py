"""The employee register: whom a manager calls, and the one rule of who may see a person.

The register (``Employee``: pseudonymous id, name, unit) is the one place Omtanke holds staff names. A name is shown
to HR and to the employee's own manager only: a manager whose unit scope holds the employee's register unit, the
unit of their latest spell or that of their latest sick report. Everyone else — other managers, occupational
health, administrators, every export beyond those two roles and the API — sees the pseudonymous id. The same rule
opens a person's track: ``can_see_person`` and ``visible_person`` are the only home of it, the tasks use them too.

Changes to the register are HR's; every change and every read of the list is audit-logged with ids and counts,
never names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from survey_app.access import NotAllowedError, descendant_ids, unit_scope
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, Employee, Role, SickReport, Unit, User

#: A pseudonymous employee id as the absence import accepts it: letters, digits and . _ : - (at most 64).
EMPLOYEE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
NAME_MAX = 200
#: A name may not start like a spreadsheet formula: it would run when an export is opened (CWE-1236).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PAGE_SIZE = 50
#: The roles that may ever see a name: HR (everyone) and managers (their own staff).
NAME_ROLES = (Role.HR.value, Role.MANAGER.value)


@dataclass(frozen=True)
class Person:
    """A person as their track shows them: the id, the registered name (None when not registered) and the unit."""

    employee_id: str
    name: str | None
    unit: Unit | None


@dataclass(frozen=True)
class PersonInput:
    """One person of the register as HR enters them."""

    employee_id: str
    name: str
    unit_id: int | None


def _latest_units(model: type[AbsenceSpell] | type[SickReport], employee_ids: Collection[str]) -> dict[str, int]:
    """The unit of each employee's latest spell (or sick report), by first day: one query for all of them."""
    ranked = (
        select(
            model.employee_id,
            model.unit_id,
            func.row_number()
            .over(partition_by=model.employee_id, order_by=(model.first_day.desc(), model.id.desc()))
            .label("rank"),
        )
        .where(model.employee_id.in_(employee_ids))
        .subquery()
    )
    return dict(db.session.execute(select(ranked.c.employee_id, ranked.c.unit_id).where(ranked.c.rank == 1)).all())


def _units_of_many(employee_ids: Collection[str]) -> dict[str, list[int]]:
    """The units each employee belongs to: their register unit, the unit of their latest spell and of their latest
    report, in that order; three queries however many employees (an id found nowhere is left out)."""
    ids = set(employee_ids)
    if not ids:
        return {}
    sources = (
        dict(
            db.session.execute(
                select(Employee.employee_id, Employee.unit_id).where(Employee.employee_id.in_(ids))
            ).all()
        ),
        _latest_units(AbsenceSpell, ids),
        _latest_units(SickReport, ids),
    )
    units = {
        employee_id: [found[employee_id] for found in sources if found.get(employee_id) is not None]
        for employee_id in ids
    }
    return {employee_id: found for employee_id, found in units.items() if found}


def _units_of(employee_id: str) -> list[int]:
    """The units one employee belongs to (``_units_of_many``'s rule)."""
    return _units_of_many([employee_id]).get(employee_id, [])


def _visible(actor: User, employee_ids: Collection[str]) -> set[str]:
    """Which of ``employee_ids`` ``actor`` may see (``can_see_person``'s rule), in a fixed number of queries."""
    if actor.role == Role.HR.value:
        return set(employee_ids)
    if actor.role != Role.MANAGER.value:
        return set()
    scope = unit_scope(actor) or frozenset()
    return {employee_id for employee_id, units in _units_of_many(employee_ids).items() if not scope.isdisjoint(units)}


def can_see_person(actor: User, employee_id: str) -> bool:
    """Whether ``actor`` may see this person's name and track: HR always, a manager when one of the employee's
    units lies in their scope, nobody else (not administrators, not occupational health)."""
    return employee_id in _visible(actor, [employee_id])


def visible_person(actor: User, employee_id: str) -> Person:
    """The person, for a caller who may see them; ``NotAllowedError`` (a 404) for an unknown id and for anyone
    else alike, so that ids cannot be probed."""
    if not _units_of(employee_id) or not can_see_person(actor, employee_id):
        raise NotAllowedError
    employee = db.session.scalar(select(Employee).where(Employee.employee_id == employee_id))
    if employee is not None:
        return Person(employee_id, employee.name, employee.unit)
    latest = _units_of(employee_id)[0]
    return Person(employee_id, None, db.session.get(Unit, latest))


def display_names(actor: User, employee_ids: Iterable[str]) -> dict[str, str]:
    """How each of ``employee_ids`` is shown to ``actor``: the registered name for HR and the employee's own manager,
    else the pseudonymous id (one home for this rule). A fixed number of queries, so a list of tasks costs the same
    for ten people as for a hundred."""
    shown = {employee_id: employee_id for employee_id in employee_ids}
    visible = _visible(actor, shown) if shown and actor.role in NAME_ROLES else set()
    if visible:
        names = db.session.execute(select(Employee.employee_id, Employee.name).where(Employee.employee_id.in_(visible)))
        shown.update((employee_id, name) for employee_id, name in names if name)
    return shown


def display_name(actor: User, employee_id: str) -> str:
    """How ``employee_id`` is shown to ``actor`` (``display_names``' rule, for one person)."""
    return display_names(actor, [employee_id])[employee_id]


def register_page(actor: User, query: str = "", unit_id: int | None = None, page: int = 1):
    """One page of the register, by id: HR sees everyone, a manager the people of their units (read-only);
    ``query`` keeps ids or names containing it, ``unit_id`` the people of that unit and the units below it."""
    if actor.role not in NAME_ROLES:
        raise NotAllowedError
    statement = select(Employee).join(Employee.unit).order_by(Employee.employee_id)
    scope = unit_scope(actor)
    if scope is not None:
        statement = statement.where(Employee.unit_id.in_(scope))
    if unit_id is not None:
        statement = statement.where(Employee.unit_id.in_(descendant_ids([unit_id])))
    if query:
        needle = query.strip().lower()
        statement = statement.where(
            or_(
                func.lower(Employee.employee_id).contains(needle, autoescape=True),
                func.lower(Employee.name).contains(needle, autoescape=True),
            )
        )
    found = db.paginate(statement, page=max(page, 1), per_page=PAGE_SIZE, error_out=False)
    record_read(actor, "register.read", "employee", None, shown=len(found.items), searched=bool(query))
    return found


def register_units(actor: User) -> list[Unit]:
    """The active units whose people ``actor`` may see in the register (HR: every unit)."""
    scope = unit_scope(actor)
    statement = select(Unit).where(Unit.active)
    if scope is not None:
        statement = statement.where(Unit.id.in_(scope))
    return list(db.session.scalars(statement))


def people_in_scope(actor: User, most: int = 300) -> list[Employee]:
    """The registered people of the caller's units (HR: everyone), by id: the sick-report form's choices; none when
    there are more than ``most`` (a list that long helps nobody: the id is typed)."""
    if actor.role not in NAME_ROLES:
        return []
    statement = select(Employee).order_by(Employee.employee_id).limit(most + 1)
    scope = unit_scope(actor)
    if scope is not None:
        statement = statement.where(Employee.unit_id.in_(scope))
    people = list(db.session.scalars(statement))
    return people if len(people) <= most else []


def registered(employee_id: str) -> Employee | None:
    """The register's entry for an id, if any (for HR's edit form)."""
    return db.session.scalar(select(Employee).where(Employee.employee_id == employee_id))


def check_name(name: str) -> str | None:
    """Why a name cannot be registered, or None: one line of at most NAME_MAX characters, not a formula."""
    if not name or len(name) > NAME_MAX:
        return _l("a name of at most %(n)d characters is needed", n=NAME_MAX)
    if name.startswith(FORMULA_START):
        return _l("a name may not start with = + - or @")
    return None


def _require_hr(actor: User) -> None:
    if actor.role != Role.HR.value:
        raise NotAllowedError


def save_person(actor: User, data: PersonInput, editing: str | None = None) -> Employee:
    """Add a person to the register, or (``editing``: their id) change one; HR only. Audited by id, never name."""
    _require_hr(actor)
    employee_id, name = data.employee_id.strip(), " ".join(data.name.split())
    if not EMPLOYEE_ID.fullmatch(employee_id):
        raise DomainError(_l("a pseudonymous employee id is needed (letters, digits, . _ : -)"), "employee_id")
    problem = check_name(name)
    if problem is not None:
        raise DomainError(problem, "name")
    unit = db.session.get(Unit, data.unit_id) if data.unit_id is not None else None
    if unit is None:
        raise DomainError(_l("Choose the unit the person works in."), "unit_id")
    employee = registered(editing) if editing else None
    if editing and employee is None:
        raise NotAllowedError
    holder = registered(employee_id)
    if holder is not None and holder is not employee:
        raise DomainError(_l("The register already holds a person with this id."), "employee_id")
    if employee is None:
        employee = Employee(employee_id=employee_id, name=name, unit_id=unit.id)
        db.session.add(employee)
    else:
        employee.employee_id, employee.name, employee.unit_id = employee_id, name, unit.id
    record(actor, "register.person_saved", "employee", employee_id, unit=unit.code, new=editing is None)
    db.session.commit()
    return employee


def remove_person(actor: User, employee_id: str) -> None:
    """Take a person off the register (their spells and reports stay, shown by id); HR only."""
    _require_hr(actor)
    employee = registered(employee_id)
    if employee is None:
        raise NotAllowedError
    db.session.delete(employee)
    record(actor, "register.person_removed", "employee", employee_id)
    db.session.commit()
