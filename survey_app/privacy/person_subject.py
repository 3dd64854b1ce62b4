"""One employee's whole record as a data subject (GDPR art. 15), for HR: absence and the person track together.

Art. 15 gives a person a copy of the personal data held about them. Under the pseudonymous employee id Omtanke holds:
the absence part (spells, signal talks, audit entries naming the id: ``subjects.held_absence``) and the person track
of issue 23: the register entry (id, name, unit), sick reports (first day, expected days, extent, source, when),
the tasks done about the person (task, anchor, day done, outcome) and the person cases (talks, meetings, plans) with
their participants by role and the day the employee consented to each, the steps and their follow-ups.

Only HR may ask: the register entry holds the name, which administrators never see (``person.register``), and the
cases are health-related data about a named person. Administrators keep the absence look-up and the erasure
(``subjects``). Steps and follow-up notes are short free text that managers write: they pass through
``redact_for_display`` like every text a page shows, so a colleague's name in a note does not reach the copy
(art. 15(4): the copy may not adversely affect the rights of others). Every read is logged as ``privacy.subject_read``
with counts and the keyed hash of the id, never the id or a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from survey_app.access import NotAllowedError
from survey_app.audit import record_read
from survey_app.db import db
from survey_app.models import Employee, PersonCase, PersonStep, PersonTaskDone, Role, SickReport, Unit, User
from survey_app.privacy.redaction import redact_for_display
from survey_app.privacy.subjects import SUBJECT_OBJECT_TYPE, SubjectData, clean_id, held_absence

#: Who may see a person's whole record: HR (administrators never see a name).
ACCESS_ROLES = (Role.HR.value,)


@dataclass(frozen=True)
class RegisterEntry:
    """The person in the register: the id, the name and the unit."""

    employee_id: str
    name: str
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class ReportRecord:
    """A sick report: its unit, first day, expected length (None: not known), extent, source and when it came."""

    unit_code: str
    first_day: date
    expected_days: int | None
    extent: int
    source: str
    reported_at: datetime


@dataclass(frozen=True)
class TaskRecord:
    """A manager's task done about the person: its kind, anchor, the day it was done and the outcome."""

    kind: str
    anchor: date
    done_on: date
    outcome: str


@dataclass(frozen=True)
class ParticipantRecord:
    """Who took part, by role, and the day the employee consented to them (None: manager and employee)."""

    role: str
    consent_on: date | None


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up of a step: when, the status and effect then, its note (redacted) and the next date."""

    held_on: date
    status: str
    effect: str
    note: str
    next_follow_up_on: date | None


@dataclass(frozen=True)
class StepRecord:
    """A step agreed: what (redacted), whose role, due when, status, next follow-up, share of hours, follow-ups."""

    what: str
    responsible_role: str
    due_on: date
    status: str
    next_follow_up_on: date | None
    hours_percent: int | None
    follow_ups: list[FollowUpRecord]


@dataclass(frozen=True)
class CaseRecord:
    """A talk, meeting or plan about the person, with every date it holds, its participants and steps."""

    kind: str
    unit_code: str
    unit_name: str
    signal_on: date | None
    planned_on: date | None
    held_on: date | None
    starts_on: date | None
    ends_on: date | None
    duties: str | None
    oh_consent_on: date | None
    returned_on: date | None
    closed_on: date | None
    outcome: str | None
    participants: list[ParticipantRecord]
    steps: list[StepRecord]


@dataclass(frozen=True)
class PersonAccess:
    """Everything held about one employee id: the absence part and the person track."""

    absence: SubjectData
    register: RegisterEntry | None
    reports: list[ReportRecord]
    tasks: list[TaskRecord]
    cases: list[CaseRecord]

    @property
    def employee_id(self) -> str:
        """The id the record is about."""
        return self.absence.employee_id


def person_access(actor: User | None, employee_id: str, channel: str) -> PersonAccess:
    """Everything held about ``employee_id`` for HR (``NotAllowedError`` for anyone else; ``actor`` None is the
    command line); the read is logged with the counts (``channel``: page, xlsx) and committed."""
    if actor is not None and actor.role not in ACCESS_ROLES:
        raise NotAllowedError
    employee_id = clean_id(employee_id)
    absence = held_absence(employee_id)
    found = PersonAccess(absence, _register(employee_id), _reports(employee_id), _tasks(employee_id),
                         _cases(employee_id))  # fmt: skip
    record_read(actor, "privacy.subject_read", SUBJECT_OBJECT_TYPE, absence.label, channel=channel,
                spells=len(absence.spells), talks=len(absence.talks), audit_entries=len(absence.audit),
                register=int(found.register is not None), reports=len(found.reports), tasks=len(found.tasks),
                cases=len(found.cases))  # fmt: skip
    db.session.commit()
    return found


def _register(employee_id: str) -> RegisterEntry | None:
    row = db.session.execute(
        select(Employee.name, Unit.code, Unit.name)
        .join(Unit, Unit.id == Employee.unit_id)
        .where(Employee.employee_id == employee_id)
    ).first()
    return None if row is None else RegisterEntry(employee_id, *row)


def _reports(employee_id: str) -> list[ReportRecord]:
    return [
        ReportRecord(code, r.first_day, r.expected_days, r.extent, r.source, r.reported_at)
        for r, code in db.session.execute(
            select(SickReport, Unit.code)
            .join(Unit, Unit.id == SickReport.unit_id)
            .where(SickReport.employee_id == employee_id)
            .order_by(SickReport.first_day, SickReport.id)
        )
    ]


def _tasks(employee_id: str) -> list[TaskRecord]:
    return [
        TaskRecord(t.kind, t.anchor, t.done_on, t.outcome)
        for t in db.session.scalars(
            select(PersonTaskDone)
            .where(PersonTaskDone.employee_id == employee_id)
            .order_by(PersonTaskDone.anchor, PersonTaskDone.done_on, PersonTaskDone.id)
        )
    ]


def _cases(employee_id: str) -> list[CaseRecord]:
    cases = db.session.scalars(
        select(PersonCase)
        .where(PersonCase.employee_id == employee_id)
        .options(
            selectinload(PersonCase.unit),
            selectinload(PersonCase.participants),
            selectinload(PersonCase.steps).selectinload(PersonStep.follow_ups),
        )
        .order_by(PersonCase.created_at, PersonCase.id)
    )
    return [_case(case) for case in cases]


def _case(case: PersonCase) -> CaseRecord:
    steps = [
        StepRecord(redact_for_display(s.what), s.responsible_role, s.due_on, s.status, s.next_follow_up_on,
                   s.hours_percent, [_follow_up(f) for f in s.follow_ups])
        for s in case.steps
    ]  # fmt: skip
    return CaseRecord(
        case.kind, case.unit.code, case.unit.name, case.signal_on, case.planned_on, case.held_on, case.starts_on,
        case.ends_on, case.duties, case.oh_consent_on, case.returned_on, case.closed_on, case.outcome,
        [ParticipantRecord(p.role, p.consent_on) for p in case.participants], steps,
    )  # fmt: skip


def _follow_up(follow_up) -> FollowUpRecord:
    note = redact_for_display(follow_up.note) if follow_up.note else ""
    return FollowUpRecord(follow_up.held_on, follow_up.status, follow_up.effect, note, follow_up.next_follow_up_on)
