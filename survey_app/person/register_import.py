"""The employee register from a file, as an HR system exports it: one row per person.

Columns (Swedish and Finnish names work too): ``employee_id, name, unit_code``. The file goes through the one upload
pipeline (``survey_app.importing``: size limit, format from the content, safe parsing). Every row is checked first —
an id, a name that is not a formula, a unit that exists, no id twice — and if any row is wrong nothing is imported
and every problem is listed with its row number.

The file replaces the register of the units it names, and only of those: the people of a named unit who are not in
the file leave the register, the people of every other unit stay. The preview says so in counts before anything is
written; the audit log keeps the counts, never a name.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app import audit
from survey_app.absence.importing import SPELL_FIELDS
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.importing import RowProblem, batches, nothing_imported, open_rows, upload_folder
from survey_app.models import Employee, Role, Unit, User
from survey_app.person.register import EMPLOYEE_ID, check_name

REGISTER_FIELDS = {
    "employee_id": SPELL_FIELDS["employee_id"],
    "name": ("name", "employee_name", "full_name", "namn", "fullständigt namn", "medarbetare", "nimi", "koko nimi"),
    "unit_code": SPELL_FIELDS["unit_code"],
}
REQUIRED_FIELDS = ("employee_id", "name", "unit_code")
REGISTER_FILE_MAX_BYTES = 5 * 1024 * 1024


class RegisterRow(NamedTuple):
    """One checked row of a register file: the id, the name and the unit's code, with the row number."""

    number: int
    employee_id: str
    name: str
    unit_code: str


@dataclass(frozen=True)
class RegisterChange:
    """What a register file does: the units it names, the people it holds, and who is added, changed, removed."""

    units: int
    people: int
    added: int
    changed: int
    removed: int


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def _row(number: int, values: tuple, mapping, units: dict[str, Unit], problems: list[RowProblem]) -> RegisterRow:
    def cell(field: str) -> str:
        index = mapping.get(field)
        return _text(values[index]) if index is not None and index < len(values) else ""

    employee_id, name, code = cell("employee_id"), cell("name"), cell("unit_code")
    if not EMPLOYEE_ID.fullmatch(employee_id):
        message = _l("a pseudonymous employee id is needed (letters, digits, . _ : -)")
        problems.append(RowProblem(number, "employee_id", message))
    problem = check_name(name)
    if problem is not None:
        problems.append(RowProblem(number, "name", problem))
    if code.lower() not in units:
        problems.append(
            RowProblem(number, "unit_code", _l("there is no unit with the code %(code)s", code=code or "–"))
        )
    return RegisterRow(number, employee_id, name, code)


def check_register(data: bytes, filename: str) -> tuple[list[RegisterRow], list[RowProblem]]:
    """Every row checked on its own, then together (no id twice); (rows, problems sorted by row)."""
    _, mapping, rows = open_rows(data, filename, REGISTER_FIELDS, REQUIRED_FIELDS, REGISTER_FILE_MAX_BYTES)
    units = {unit.code.lower(): unit for unit in db.session.scalars(select(Unit))}
    found: list[RegisterRow] = []
    problems: list[RowProblem] = []
    for batch in batches(rows, 1000):
        found += [_row(number, values, mapping, units, problems) for number, values in batch]
    seen: dict[str, int] = {}
    for row in found:
        if row.employee_id in seen:
            message = _l("the id %(id)s is also on row %(row)d", id=row.employee_id, row=seen[row.employee_id])
            problems.append(RowProblem(row.number, "employee_id", message))
        seen.setdefault(row.employee_id, row.number)
    return found, sorted(problems, key=lambda problem: problem.row)


def _checked(data: bytes, filename: str) -> list[RegisterRow]:
    rows, problems = check_register(data, filename)
    if problems or not rows:
        raise nothing_imported(problems or [RowProblem(1, "employee_id", _l("the file holds no people"))])
    return rows


def _plan(rows: list[RegisterRow]) -> tuple[RegisterChange, dict[str, Employee], list[Employee]]:
    """The change the rows make: (counts, the people held by id, the people of the named units to remove)."""
    units = {unit.code.lower(): unit for unit in db.session.scalars(select(Unit))}
    named = {units[row.unit_code.lower()].id for row in rows}
    ids = {row.employee_id for row in rows}
    held = {
        employee.employee_id: employee
        for employee in db.session.scalars(
            select(Employee).where(Employee.unit_id.in_(named) | Employee.employee_id.in_(ids))
        )
    }
    added = changed = 0
    for row in rows:
        employee = held.get(row.employee_id)
        if employee is None:
            added += 1
        elif employee.name != row.name or employee.unit_id != units[row.unit_code.lower()].id:
            changed += 1
    removed = [employee for key, employee in held.items() if key not in ids and employee.unit_id in named]
    return RegisterChange(len(named), len(rows), added, changed, len(removed)), held, removed


def preview_register(actor: User, data: bytes, filename: str) -> RegisterChange:
    """What importing the file would do, written nowhere; ``ImportRejectedError`` listing every row problem."""
    _require_hr(actor)
    change, _, _ = _plan(_checked(data, filename))
    return change


def import_register(actor: User, data: bytes, filename: str) -> RegisterChange:
    """All rows or none: the register of the units the file names becomes the file's people; HR only."""
    _require_hr(actor)
    rows = _checked(data, filename)
    change, held, removed = _plan(rows)
    units = {unit.code.lower(): unit for unit in db.session.scalars(select(Unit))}
    for employee in removed:
        db.session.delete(employee)
    db.session.flush()
    for row in rows:
        unit_id = units[row.unit_code.lower()].id
        employee = held.get(row.employee_id)
        if employee is None:
            db.session.add(Employee(employee_id=row.employee_id, name=row.name, unit_id=unit_id))
        else:
            employee.name, employee.unit_id = row.name, unit_id
    audit.record(actor, "register.imported", "employee", None, units=change.units, people=change.people,
                 added=change.added, changed=change.changed, removed=change.removed)  # fmt: skip
    db.session.commit()
    return change


def _require_hr(actor: User) -> None:
    if actor.role != Role.HR.value:
        raise NotAllowedError


def _folder():
    folder = upload_folder()  # the retention purge removes the files whose import is never confirmed
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stash(data: bytes) -> str:
    """Keep a previewed file until HR confirms it, under a random name in the instance folder; its token."""
    token = secrets.token_hex(16)
    (_folder() / token).write_bytes(data)
    return token


def unstash(token: str) -> bytes | None:
    """The previewed file of ``token``, removed from the folder; None when there is none."""
    if not token or not token.isalnum() or len(token) != 32:
        return None
    path = _folder() / token
    if not path.exists():
        return None
    data = path.read_bytes()
    path.unlink()
    return data
