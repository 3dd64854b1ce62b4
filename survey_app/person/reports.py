"""Sick reports: the API, the form and the absence import start or complete one spell. PLACEHOLDER interface: the
API helper fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from survey_app.models import SickReport, User


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
    raise NotImplementedError
