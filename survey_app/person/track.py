"""A person's track as their page shows it: who (the name only for those ``register`` allows), the spells of the
last 12 months, the sick reports, and what the sick-report form sends.

Nothing medical exists to show: a spell is its days and extent, a report its day, expected length and extent. Every
read of a track is audit-logged with the employee id (never the name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from survey_app.audit import record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AbsenceSpell, SickReport, Unit, User
from survey_app.person.register import Person, display_name, registered, visible_person
from survey_app.person.reports import ReportInput

#: How far back a track shows spells and reports.
TRACK_DAYS = 365


@dataclass(frozen=True)
class Track:
    """One person's track: the person, the name shown, spells and reports of the last 12 months (newest first)."""

    person: Person
    shown_name: str
    spells: list[AbsenceSpell]
    reports: list[SickReport]


def person_track(actor: User, employee_id: str, today: date) -> Track:
    """The track of a person the caller may see (``NotAllowedError``, a 404, otherwise); the read is audited."""
    person = visible_person(actor, employee_id)
    since = today - timedelta(days=TRACK_DAYS)
    spells = db.session.scalars(
        select(AbsenceSpell)
        .where(AbsenceSpell.employee_id == employee_id)
        .where(or_(AbsenceSpell.last_day.is_(None), AbsenceSpell.last_day >= since))
        .order_by(AbsenceSpell.first_day.desc())
    )
    reports = db.session.scalars(
        select(SickReport)
        .where(SickReport.employee_id == employee_id, SickReport.first_day >= since)
        .order_by(SickReport.first_day.desc())
    )
    found = Track(person, display_name(actor, employee_id), list(spells), list(reports))
    record_read(actor, "person.track_read", "employee", employee_id)
    return found


def report_input(form, units: list[Unit]) -> ReportInput:
    """The sick-report form's values as a report: the unit chosen, or else the person's register unit; a unit
    outside ``units`` (the caller's) is refused."""
    employee_id = (form.employee_id.data or "").strip()
    allowed = {unit.id: unit for unit in units}
    unit_id = form.unit_id.data
    if unit_id is None:
        employee = registered(employee_id)
        unit_id = employee.unit_id if employee is not None else None
    if unit_id not in allowed:
        raise DomainError(_l("Choose one of the units you may report for."), "unit_id")
    expected = form.expected_days.data
    return ReportInput(employee_id, allowed[unit_id].code, form.first_day.data, expected, int(form.extent.data))
