"""Use cases of administration: units and accounts. Each validates fully before it writes, then commits once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from survey_app import audit
from survey_app.access import descendant_ids
from survey_app.auth.reset import queue_two_step_notice
from survey_app.auth.services import check_password_rules, find_user_by_email, hash_password
from survey_app.db import Base, db
from survey_app.errors import DomainError
from survey_app.mail import delivery
from survey_app.models import ROLES, TWO_STEP_ROLES, RecoveryCode, Role, Unit, UnitAssignment, User
from survey_app.models.org import CODE_MAX, NAME_MAX, UNIT_KINDS

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")
HEADCOUNT_MAX = 1_000_000
UNIT_SCOPED_ROLES = frozenset({Role.MANAGER.value, Role.OHS.value, Role.SAFETY.value})


@dataclass(frozen=True)
class UnitInput:
    """A unit as an administrator typed it, before it is checked."""

    name: str
    code: str
    parent_code: str
    headcount: int
    kind: str | None = None  # a kind of ``UNIT_KINDS``; "": not given; None: keep the unit's (not given if new)


@dataclass(frozen=True)
class UserInput:
    """An account as typed on the form or the command line, before it is checked."""

    email: str
    name: str
    role: str
    unit_codes: tuple[str, ...]
    active: bool = True


def _clean_name(name: str, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_l("Enter a name."), field)
    if len(name) > NAME_MAX:
        raise DomainError(_l("The name can have at most %(n)d characters.", n=NAME_MAX), field)
    return name


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError(_l("Enter the unit's code from the HR system."), "code")
    if len(code) > CODE_MAX:
        raise DomainError(_l("The code can have at most %(n)d characters.", n=CODE_MAX), "code")
    if not CODE_PATTERN.match(code):
        raise DomainError(_l("A code may contain letters, digits and . _ - / only."), "code")
    return code


def unit_by_code(code: str) -> Unit | None:
    """The unit with this code, whatever its letter case, or None."""
    return db.session.scalar(select(Unit).where(func.lower(Unit.code) == code.strip().lower()))


def _parent_for(unit: Unit | None, parent_code: str) -> Unit | None:
    parent_code = (parent_code or "").strip()
    if not parent_code:
        return None
    parent = unit_by_code(parent_code)
    if parent is None:
        raise DomainError(_l("There is no unit with the code %(code)s.", code=parent_code), "parent_code")
    if unit is not None and unit.id is not None and parent.id in descendant_ids([unit.id]):
        raise DomainError(_l("A unit cannot be placed under itself or one of its own sub-units."), "parent_code")
    if not parent.active:
        raise DomainError(_l("The unit %(code)s is deactivated.", code=parent.code), "parent_code")
    return parent


def _check_headcount(headcount: int | None) -> int:
    if headcount is None or headcount < 0 or headcount > HEADCOUNT_MAX:
        raise DomainError(_l("The headcount must be a whole number from 0 to %(n)d.", n=HEADCOUNT_MAX), "headcount")
    return headcount


def _check_code_free(code: str, unit: Unit | None) -> None:
    holder = unit_by_code(code)
    if holder is not None and holder is not unit:
        raise DomainError(_l("The code %(code)s is already used by %(name)s.", code=code, name=holder.name), "code")


def _check_kind(kind: str | None) -> str | None:
    if not kind:
        return None
    if kind not in UNIT_KINDS:
        raise DomainError(_l("Choose a kind of workplace from the list."), "kind")
    return kind


def create_unit(actor: User, data: UnitInput) -> Unit:
    """Create a unit under the unit with ``parent_code`` (none: a top-level unit); the code must be free and the
    parent active."""
    name, code = _clean_name(data.name), _clean_code(data.code)
    headcount = _check_headcount(data.headcount)
    kind = _check_kind(data.kind)
    _check_code_free(code, None)
    parent = _parent_for(None, data.parent_code)
    unit = Unit(name=name, code=code, parent=parent, headcount=headcount, kind=kind)
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "unit.create", "unit", unit.id, code=code)
    db.session.commit()
    return unit


def update_unit(actor: User, unit: Unit, data: UnitInput) -> Unit:
    """Rename, recode, move or change headcount; moving under one's own sub-unit is refused."""
    name, code = _clean_name(data.name), _clean_code(data.code)
    headcount = _check_headcount(data.headcount)
    kind = unit.kind if data.kind is None else _check_kind(data.kind)
    _check_code_free(code, unit)
    parent = _parent_for(unit, data.parent_code)
    changes = {
        field: [str(old), str(new)]
        for field, old, new in (
            ("name", unit.name, name),
            ("code", unit.code, code),
            ("headcount", unit.headcount, headcount),
            ("parent", unit.parent.code if unit.parent else "", parent.code if parent else ""),
            ("kind", unit.kind or "", kind or ""),
        )
        if old != new
    }
    unit.name, unit.code, unit.headcount, unit.parent, unit.kind = name, code, headcount, parent, kind
    audit.record(actor, "unit.update", "unit", unit.id, changes=changes)
    db.session.commit()
    return unit


def set_unit_active(actor: User, unit: Unit, active: bool) -> int:
    """Deactivate a unit with its whole subtree, or reactivate one unit; returns how many units changed."""
    if active:
        if unit.parent is not None and not unit.parent.active:
            raise DomainError(_l("Reactivate the unit above it first (%(code)s).", code=unit.parent.code))
        units = [unit]
    else:
        units = list(db.session.scalars(select(Unit).where(Unit.id.in_(descendant_ids([unit.id])))))
    for each in units:
        each.active = active
    audit.record(actor, "unit.activate" if active else "unit.deactivate", "unit", unit.id, units=len(units))
    db.session.commit()
    return len(units)


def unit_references(unit: Unit) -> int:
    """How many rows anywhere in the schema point at this unit (children, assignments, and later surveys...)."""
    total = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "units" for fk in column.foreign_keys):
                total += db.session.scalar(select(func.count()).select_from(table).where(column == unit.id)) or 0
    return total


def delete_unit(actor: User, unit: Unit) -> None:
    """Delete a unit nothing refers to; anything with data is deactivated instead, never deleted."""
    if unit_references(unit):
        raise DomainError(_l("%(name)s has sub-units or data. Deactivate it instead of deleting it.", name=unit.name))
    audit.record(actor, "unit.delete", "unit", unit.id, code=unit.code, name=unit.name)
    db.session.delete(unit)
    db.session.commit()


def _units_for_codes(codes: Iterable[str], role: str) -> list[Unit]:
    codes = [code.strip() for code in codes if code.strip()]
    if role not in UNIT_SCOPED_ROLES:
        if codes:
            only = _l("Only managers, occupational health and safety representatives are assigned to units.")
            raise DomainError(only, "unit_codes")
        return []
    if not codes:
        raise DomainError(_l("Give at least one unit code for this role."), "unit_codes")
    units = {code.lower(): unit for code in codes if (unit := unit_by_code(code)) is not None}
    unknown = [code for code in codes if code.lower() not in units]
    if unknown:
        raise DomainError(_l("Unknown unit codes: %(codes)s.", codes=", ".join(unknown)), "unit_codes")
    return list({unit.id: unit for unit in units.values()}.values())


def _check_email(email: str, user: User | None) -> str:
    email = (email or "").strip().lower()
    if not email or "@" not in email or len(email) > 254:
        raise DomainError(_l("Enter a valid e-mail address."), "email")
    holder = find_user_by_email(email)
    if holder is not None and holder is not user:
        raise DomainError(_l("An account with this e-mail address already exists."), "email")
    return email


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise DomainError(_l("Choose a role."), "role")
    return role


def create_user(actor: User | None, data: UserInput, password: str) -> User:
    """Create an account with its initial password; managers and occupational health get at least one unit,
    other roles none. ``actor`` is None on the command line."""
    email, name, role = _check_email(data.email, None), _clean_name(data.name), _check_role(data.role)
    units = _units_for_codes(data.unit_codes, role)
    check_password_rules(password, email, name)
    user = User(email=email, name=name, role=role, password_hash=hash_password(password), active=data.active)
    user.assignments = [UnitAssignment(unit=unit) for unit in units]
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", "user", user.id, role=role, units=[unit.code for unit in units])
    db.session.commit()
    return user


def update_user(actor: User, user: User, data: UserInput) -> User:
    """Change an account's address, name, role, units or state; no administrator removes their own access.
    Deactivation, or a new role that needs the two-step login not yet set up, ends the account's sessions."""
    email, name, role = _check_email(data.email, user), _clean_name(data.name), _check_role(data.role)
    units = _units_for_codes(data.unit_codes, role)
    if user.id == actor.id and (role != Role.ADMIN.value or not data.active):
        raise DomainError(_l("You cannot remove your own administrator access."), "role")
    if user.active and not data.active:
        user.session_version += 1  # deactivation ends every session at once
    elif role != user.role and role in TWO_STEP_ROLES and not user.two_step_enrolled:
        user.session_version += 1  # sessions opened with the password alone end; the next login sets up two steps
    user.email, user.name, user.role, user.active = email, name, role, data.active
    current = {assignment.unit_id: assignment for assignment in user.assignments}
    user.assignments = [current.get(unit.id) or UnitAssignment(unit=unit) for unit in units]
    audit.record(
        actor, "user.update", "user", user.id, role=role, active=data.active, units=[unit.code for unit in units]
    )
    db.session.commit()
    return user


def set_user_password(actor: User, user: User, password: str) -> None:
    """Set an account's password, which must pass the password rules, and end its sessions."""
    check_password_rules(password, user.email, user.name)
    user.password_hash = hash_password(password)
    user.session_version += 1
    audit.record(actor, "user.password_set", "user", user.id)
    db.session.commit()


def unlock_user(actor: User | None, user: User) -> None:
    """Let a locked account log in again (after 10 failed attempts in a row); the count starts from zero."""
    audit.record(actor, "user.unlock", "user", user.id, attempts=user.failed_logins)
    user.locked_at, user.failed_logins = None, 0
    db.session.commit()


def reset_two_step(actor: User | None, user: User) -> None:
    """Forget the account's authenticator key and recovery codes, e.g. after a lost phone, and end its sessions.
    A role that must use two-step login sets it up again at the next login. Its owner is told by e-mail, once per
    reset, so that a reset they did not ask for does not pass unnoticed (the page and ``omtanke users`` alike)."""
    user.totp_secret = user.two_step_enrolled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    event = audit.record(actor, "user.two_step_reset", "user", user.id)
    db.session.flush()
    notice = queue_two_step_notice(user, event)
    db.session.commit()
    if notice is not None:
        delivery.submit([notice.id])
