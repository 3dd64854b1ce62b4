"""Units and their managers from a file, as HR systems export the organisation: one row per unit.

Columns (Swedish and Finnish names work too): ``unit_code, name, parent_code, headcount`` and optionally
``manager_email, manager_name, kind`` (the kind of workplace: a key of ``UNIT_KINDS`` or its Swedish or Finnish name,
``unit_kinds.find_kind``; empty keeps the unit's kind). Every row is checked first — codes, names, headcounts, parents
that exist in Omtanke or in the file, no unit under itself, e-mail addresses, kinds, managers who already hold another
role — and if any row is wrong nothing is imported and every problem is listed with its row number. Otherwise units
are created or updated by code (parents first) and managers are created or given the unit, all in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from survey_app import audit
from survey_app.admin.services import CODE_PATTERN, HEADCOUNT_MAX
from survey_app.auth.services import hash_password
from survey_app.db import db
from survey_app.importing import RowProblem, batches, nothing_imported, open_rows
from survey_app.models import Role, Unit, UnitAssignment, User
from survey_app.models.org import CODE_MAX, NAME_MAX
from survey_app.unit_kinds import find_kind

UNIT_FIELDS = {
    "unit_code": ("unit_code", "code", "enhetskod", "kod", "yksikkökoodi", "koodi", "kostnadsställe"),
    "name": ("name", "unit_name", "enhetsnamn", "namn", "enhet", "yksikön nimi", "nimi", "yksikkö"),
    "parent_code": ("parent_code", "parent", "överordnad enhet", "överordnad", "yläyksikkö", "ylempi yksikkö"),
    "headcount": ("headcount", "employees", "antal anställda", "anställda", "henkilöstö", "työntekijät"),
    "manager_email": ("manager_email", "manager", "chefens e-post", "chef", "esihenkilön sähköposti", "esihenkilö"),
    "manager_name": ("manager_name", "chefens namn", "esihenkilön nimi"),
    "kind": ("kind", "unit_kind", "typ av arbetsplats", "verksamhetstyp", "enhetstyp", "työpaikan tyyppi",
             "yksikön tyyppi", "yksikkötyyppi"),
}  # fmt: skip
REQUIRED_UNIT_FIELDS = ("unit_code", "name")
UNIT_FILE_MAX_BYTES = 20 * 1024 * 1024


class UnitRow(NamedTuple):
    """One row of a units file, with its row number; ``headcount`` None keeps the unit's own."""

    number: int
    code: str
    name: str
    parent_code: str
    headcount: int | None  # None: keep the unit's headcount (0 for a new unit)
    manager_email: str
    manager_name: str
    kind: str = ""  # a kind of ``UNIT_KINDS``; "": keep the unit's (none for a new unit)


@dataclass(frozen=True)
class UnitImportResult:
    """What a units import did: units created and updated, manager accounts created, units given to managers."""

    created: int
    updated: int
    managers_created: int
    managers_assigned: int


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def _row(number: int, values: tuple, mapping, problems: list[RowProblem]) -> UnitRow:
    def cell(name: str) -> str:
        index = mapping.get(name)
        return _text(values[index]) if index is not None else ""

    code, name, parent, email = cell("unit_code"), cell("name"), cell("parent_code"), cell("manager_email").lower()
    if not code or len(code) > CODE_MAX or not CODE_PATTERN.match(code):
        problems.append(RowProblem(number, "unit_code", _l("a unit code of letters, digits and . _ - / is needed")))
    if not name or len(name) > NAME_MAX:
        problems.append(RowProblem(number, "name", _l("a name of at most %(n)d characters is needed", n=NAME_MAX)))
    headcount = _headcount(cell("headcount"))
    if headcount == -1:
        problems.append(RowProblem(number, "headcount", _l("the headcount must be a whole number, 0 or more")))
    if email and ("@" not in email or len(email) > 254 or " " in email):
        problems.append(RowProblem(number, "manager_email", _l("this is not an e-mail address")))
    kind = find_kind(cell("kind"))
    if kind is None:
        message = _l(
            "%(kind)s is not a kind of workplace Omtanke knows (see the list on the import page)", kind=cell("kind")
        )
        problems.append(RowProblem(number, "kind", message))
    return UnitRow(number, code, name, parent, headcount, email, cell("manager_name"), kind or "")


def _headcount(text: str) -> int | None:
    """None when empty, -1 when not a whole number from 0 to HEADCOUNT_MAX."""
    if not text:
        return None
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return -1
    return int(number) if number.is_integer() and 0 <= number <= HEADCOUNT_MAX else -1


def check_units(data: bytes, filename: str) -> tuple[list[UnitRow], list[RowProblem]]:
    """Every row checked on its own, then together: duplicate codes, parents, cycles, managers' roles."""
    _, mapping, rows = open_rows(data, filename, UNIT_FIELDS, REQUIRED_UNIT_FIELDS, UNIT_FILE_MAX_BYTES)
    found: list[UnitRow] = []
    problems: list[RowProblem] = []
    for batch in batches(rows, 1000):
        found += [_row(number, values, mapping, problems) for number, values in batch]
    held = {unit.code.lower(): unit for unit in db.session.scalars(select(Unit))}
    seen: dict[str, int] = {}
    for row in found:
        key = row.code.lower()
        if key in seen:
            message = _l("the code %(code)s is also on row %(row)d", code=row.code, row=seen[key])
            problems.append(RowProblem(row.number, "unit_code", message))
        seen.setdefault(key, row.number)
    parents = {unit.code.lower(): unit.parent.code.lower() if unit.parent else "" for unit in held.values()}
    parents.update({row.code.lower(): row.parent_code.lower() for row in found})
    for row in found:
        if row.parent_code and row.parent_code.lower() not in parents:
            message = _l("there is no unit with the code %(code)s", code=row.parent_code)
            problems.append(RowProblem(row.number, "parent_code", message))
        elif _in_a_cycle(row.code.lower(), parents):
            message = _l("a unit cannot be placed under itself or one of its own sub-units")
            problems.append(RowProblem(row.number, "parent_code", message))
    emails = {row.manager_email for row in found if row.manager_email}
    holders = {u.email: u for u in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))}
    for row in found:
        holder = holders.get(row.manager_email)
        if holder is not None and holder.role != Role.MANAGER.value:
            message = _l("%(email)s already has an account with another role", email=row.manager_email)
            problems.append(RowProblem(row.number, "manager_email", message))
    return found, sorted(problems, key=lambda p: p.row)


def _in_a_cycle(code: str, parents: dict[str, str]) -> bool:
    seen, current = {code}, parents.get(code, "")
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def import_units(actor: User | None, data: bytes, filename: str) -> UnitImportResult:
    """All rows or none: ``ImportRejectedError`` with every problem, or every unit and manager written at once."""
    rows, problems = check_units(data, filename)
    if problems or not rows:
        raise nothing_imported(problems or [RowProblem(1, "unit_code", _l("the file holds no units"))])
    held = {unit.code.lower(): unit for unit in db.session.scalars(select(Unit))}
    created = updated = 0
    for row in _parents_first(rows):
        unit = held.get(row.code.lower())
        parent = held[row.parent_code.lower()] if row.parent_code else None
        if unit is None:
            unit = held[row.code.lower()] = Unit(code=row.code, name=row.name, headcount=row.headcount or 0)
            unit.kind = row.kind or None
            db.session.add(unit)
            created += 1
        else:
            unit.code, unit.name = row.code, row.name
            unit.headcount = row.headcount if row.headcount is not None else unit.headcount
            unit.kind = row.kind or unit.kind
            updated += 1
        unit.parent = parent
    db.session.flush()
    managers_created, assigned = _assign_managers(rows, held)
    audit.record(actor, "units.imported", "unit", None, created=created, updated=updated,
                 managers_created=managers_created, managers_assigned=assigned)  # fmt: skip
    db.session.commit()
    return UnitImportResult(created, updated, managers_created, assigned)


def _parents_first(rows: list[UnitRow]) -> list[UnitRow]:
    by_code = {row.code.lower(): row for row in rows}
    ordered: list[UnitRow] = []
    placed: set[str] = set()

    def place(row: UnitRow) -> None:
        if row.code.lower() in placed:
            return
        parent = by_code.get(row.parent_code.lower())
        if parent is not None:
            place(parent)
        placed.add(row.code.lower())
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def _assign_managers(rows: list[UnitRow], units: dict[str, Unit]) -> tuple[int, int]:
    """Managers named in the file get the unit; an unknown address becomes a manager account without a usable
    password (an administrator sets one under Accounts)."""
    emails = {row.manager_email for row in rows if row.manager_email}
    accounts = {u.email.lower(): u for u in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))}
    created = assigned = 0
    for row in rows:
        if not row.manager_email:
            continue
        user = accounts.get(row.manager_email)
        if user is None:
            user = accounts[row.manager_email] = User(
                email=row.manager_email, name=row.manager_name or row.manager_email, role=Role.MANAGER.value,
                password_hash=hash_password(secrets.token_urlsafe(32)),
            )  # fmt: skip
            db.session.add(user)
            created += 1
        unit = units[row.code.lower()]
        if all(assignment.unit_id != unit.id for assignment in user.assignments):
            user.assignments.append(UnitAssignment(unit=unit))
            assigned += 1
    return created, assigned
