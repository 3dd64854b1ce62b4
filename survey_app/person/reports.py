"""Sick reports: the API, the form and the absence import start or complete one spell.

A sick report reaches Omtanke on the first day of sickness, from the HR system or a nurse line (the API) or from a
manager or HR (the form). It records who (the pseudonymous employee id, never a name), where (the unit), from which
day, for how long it is expected and at what extent — no diagnosis, no reason, no free text — and starts the spell at
once: an open ``AbsenceSpell`` without an import id, so the person's signals and the manager's tasks see it the same
day instead of after the next monthly import.

* **Once per spell.** A report is keyed by employee and first day. The same report sent again (an HR system retrying,
  a manager correcting the expected length) updates the first report and its spell; it never makes a second one.
* **The import completes it.** A later absence import of the same spell (same employee and first day) replaces the
  report's spell with the imported one, last day included (``absence.imports``); the report stays, keeping what only
  a report knows, the expected length. If an import got there first, the report only adds itself to that spell.
* **Who may report.** HR for any unit; a manager for the units in their scope (``access.unit_scope``). Nobody else.
* **Pseudonymous ids only.** The employee id is checked as the absence import checks it, and a personal identity
  number (Swedish or Finnish) is refused, so a name-bearing id never enters with a report.
* **The HR system's word stands.** A repeated report updates its own spell's unit and extent, never an imported
  spell's: those change only through the next import.

The accepted window for the first day (``DAYS_AHEAD``, ``DAYS_BACK``) keeps mistyped years out: a report is news of
a spell that is starting, and older spells come with the absence import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from nlp.redaction.identity_numbers import redact_identity_numbers
from survey_app.absence.importing import EXTENTS
from survey_app.absence.importing import _employee as pseudonymous_id
from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, Employee, Role, SickReport, Unit, User

#: A first day may lie this many days ahead (a nurse line is told on Sunday that the person stays home on Monday).
DAYS_AHEAD = 7
#: … and this many days back: a report is news of a starting spell; older spells come with the absence import.
DAYS_BACK = 60
#: The longest expected length accepted, in calendar days: two years, the longest a sick period can run.
MAX_EXPECTED_DAYS = 730
REPORTING_ROLES = (Role.HR.value, Role.MANAGER.value)


@dataclass(frozen=True)
class ReportInput:
    """A sick report as sent: nothing else is accepted (no diagnosis, no reason, no free text)."""

    employee_id: str
    unit_code: str
    first_day: date
    expected_days: int | None
    extent: int = 100


def report_sickness(actor: User, data: ReportInput, source: str, today: date) -> tuple[SickReport, bool]:
    """Record the report and start its spell at once; (the report, True if new). A report of the same employee and
    first day updates the first (never a second spell). DomainError for bad values, NotAllowedError outside scope."""
    if actor.role not in REPORTING_ROLES:
        raise NotAllowedError
    employee, unit = _checked(data, today)
    scope = unit_scope(actor)
    if scope is not None and unit.id not in scope:
        raise NotAllowedError
    if scope is not None and _placed_elsewhere(employee, scope):
        raise DomainError(_l("You can report only the people of your own units; HR can report this person."),
                          "employee_id")  # fmt: skip
    try:
        report, created = _store(actor, employee, unit, data, source)
    except IntegrityError:  # the same report, sent twice at the same moment: the other request stored it first
        db.session.rollback()
        report, created = _store(actor, employee, unit, data, source)
    record(actor, "person.sick_report", "sick_report", report.id, employee=employee, unit=unit.code,
           first_day=report.first_day.isoformat(), source=source, created=created)  # fmt: skip
    db.session.commit()
    return report, created


def _placed_elsewhere(employee: str, scope: frozenset[int]) -> bool:
    """Whether the register, or else the HR system's latest spell, places the employee outside ``scope``. A manager
    reports their own staff only: a report of someone else's would make that person's track theirs to read
    (``register.can_see_person`` counts the unit of the latest report)."""
    registered = db.session.scalar(select(Employee.unit_id).where(Employee.employee_id == employee))
    if registered is not None:
        return registered not in scope
    latest = db.session.scalar(
        select(AbsenceSpell.unit_id)
        .where(AbsenceSpell.employee_id == employee)
        .order_by(AbsenceSpell.first_day.desc(), AbsenceSpell.id.desc())
        .limit(1)
    )
    return latest is not None and latest not in scope


def _checked(data: ReportInput, today: date) -> tuple[str, Unit]:
    """The employee id as stored and the unit; DomainError naming the first field that is wrong."""
    employee = pseudonymous_id(data.employee_id)
    if employee is None:
        raise DomainError(_l("a pseudonymous employee id is needed (letters, digits, . _ : -)"), "employee_id")
    if redact_identity_numbers(employee)[1]:
        message = _l("That is a personal identity number: send the HR system's pseudonymous employee id instead.")
        raise DomainError(message, "employee_id")
    code = (data.unit_code or "").strip().upper()
    unit = db.session.scalar(select(Unit).where(func.upper(Unit.code) == code, Unit.active.is_(True))) if code else None
    if unit is None:
        raise DomainError(_l("There is no active unit with the code %(code)s.", code=code or "–"), "unit_code")
    if data.first_day > today + timedelta(days=DAYS_AHEAD):
        raise DomainError(_l("The first day may be at most %(days)s days ahead.", days=DAYS_AHEAD), "first_day")
    if data.first_day < today - timedelta(days=DAYS_BACK):
        message = _l("The first day may be at most %(days)s days back; older spells come with the absence import.",
                     days=DAYS_BACK)  # fmt: skip
        raise DomainError(message, "first_day")
    expected = data.expected_days
    if expected is not None and (isinstance(expected, bool) or not 1 <= expected <= MAX_EXPECTED_DAYS):
        message = _l("The expected length must be from 1 to %(most)s days, or left empty.", most=MAX_EXPECTED_DAYS)
        raise DomainError(message, "expected_days")
    if isinstance(data.extent, bool) or data.extent not in EXTENTS:
        raise DomainError(_l("the extent must be 100, 75, 50 or 25"), "extent")
    return employee, unit


def _store(actor: User, employee: str, unit: Unit, data: ReportInput, source: str) -> tuple[SickReport, bool]:
    """The report, new or updated, and its spell: started when no spell of the employee begins that day, updated
    when it is still the report's own (no import id; an imported spell is the HR system's word and stays as it is)."""
    report = db.session.scalar(
        select(SickReport).where(SickReport.employee_id == employee, SickReport.first_day == data.first_day)
    )
    created = report is None
    if created:
        report = SickReport(employee_id=employee, first_day=data.first_day, source=source, reported_by_id=actor.id)
        db.session.add(report)
    report.unit_id, report.expected_days, report.extent = unit.id, data.expected_days, data.extent
    spell = db.session.scalar(
        select(AbsenceSpell)
        .where(AbsenceSpell.employee_id == employee, AbsenceSpell.first_day == data.first_day)
        .order_by(AbsenceSpell.import_id.is_(None), AbsenceSpell.id)
        .limit(1)
    )
    if spell is None:
        db.session.add(AbsenceSpell(employee_id=employee, unit_id=unit.id, first_day=data.first_day, last_day=None,
                                    extent=data.extent))  # fmt: skip
    elif spell.import_id is None:
        spell.unit_id, spell.extent = unit.id, data.extent
    db.session.flush()
    return report, created
