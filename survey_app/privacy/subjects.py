"""One pseudonymous employee as a data subject: everything Omtanke holds about the id (access), and its erasure.

Per person, Omtanke keeps absence (spells and the signal talks held, under the HR system's pseudonymous employee id)
and the person track (issue 23: the register entry with the name, sick reports, tasks done, talks, meetings and
plans). HR and admin (and the command line, ``actor`` None) may look up the absence part here, and see how many
records of the track an erasure would take with it; the track itself is shown to HR only (``person_subject``), since
administrators never see a name. Every read is audit-logged.
The audit log itself never names the person: reads and erasures are logged under ``subject_label``, an HMAC of the id
keyed with the installation's SECRET_KEY. "Was E1042 erased?" is answered by recomputing the label and looking it up;
nobody can go from the label back to the id without the key. Erasure also replaces the id by the label in earlier
audit entries that named it (a recorded signal talk), so that nothing in the database still names the person.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, delete, func, or_, select, update

from survey_app.access import NotAllowedError
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import (
    AbsenceImport,
    AbsenceSpell,
    AuditEvent,
    Employee,
    PersonCase,
    PersonTaskDone,
    Role,
    SickReport,
    SignalTalk,
    Unit,
    User,
)
from survey_app.privacy.retention import delete_person_cases

SUBJECT_ROLES = (Role.HR.value, Role.ADMIN.value)
#: Audit object types whose object id is an employee id (``absence.services.record_talk``; the person track's reads
#: and the register's changes, ``person``).
EMPLOYEE_OBJECT_TYPES = ("absence_signal", "employee")
#: Keys in an audit entry's details whose value is an employee id.
EMPLOYEE_DETAIL_KEYS = ("employee", "employee_id")
SUBJECT_OBJECT_TYPE = "absence_subject"
MAX_ID = 64


def subject_label(employee_id: str) -> str:
    """The id as the audit log keeps it: HMAC-SHA-256 keyed with SECRET_KEY (a prefix keeps it apart from the
    code hashes made with the same key)."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"omtanke.privacy.subject\0" + employee_id.encode(), hashlib.sha256).hexdigest()
    return f"hmac:{digest}"


def _allowed(actor: User | None) -> None:
    if actor is not None and actor.role not in SUBJECT_ROLES:
        raise NotAllowedError


def clean_id(employee_id: str) -> str:
    """The employee id without surrounding spaces; an empty one or one over ``MAX_ID`` characters is refused."""
    employee_id = (employee_id or "").strip()
    if not employee_id or len(employee_id) > MAX_ID:
        raise DomainError(_l("Give the pseudonymous employee id (at most 64 characters)."), "employee_id")
    return employee_id


@dataclass(frozen=True)
class SpellRecord:
    """One absence spell held about the person, with its unit and the file it was imported from."""

    unit_code: str
    unit_name: str
    first_day: date
    last_day: date | None
    extent: int
    sex: str | None
    age_band: str | None
    import_file: str | None
    imported_at: datetime | None


@dataclass(frozen=True)
class TalkRecord:
    """A signal talk held with the person: the signal's rule, the day it was held, when it was recorded."""

    rule: str
    held_on: date
    recorded_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    """An audit entry that names the person, by the id or by its label."""

    at: datetime
    actor: str
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any] | None


@dataclass(frozen=True)
class SubjectData:
    """What is held about one employee id's absence: its spells, signal talks and audit entries; and how many records
    of the person track (register entry, sick reports, tasks done, cases) an erasure would delete with them."""

    employee_id: str
    label: str
    spells: list[SpellRecord]
    talks: list[TalkRecord]
    audit: list[AuditRecord]
    track: int = 0


def subject_data(actor: User | None, employee_id: str, channel: str) -> SubjectData:
    """Everything held about ``employee_id``'s absence: spells (with unit and import), signal talks and the audit
    entries that name it or its label, with the count of track records. The read is logged (``channel``: page, xlsx,
    cli) and committed."""
    _allowed(actor)
    found = held_absence(clean_id(employee_id))
    record_read(actor, "privacy.subject_read", SUBJECT_OBJECT_TYPE, found.label, channel=channel,
                spells=len(found.spells), talks=len(found.talks), audit_entries=len(found.audit))  # fmt: skip
    db.session.commit()
    return found


def track_records(employee_id: str) -> int:
    """How many records of the person track name the id: register entry, sick reports, tasks done and cases."""
    return sum(
        db.session.scalar(select(func.count()).select_from(model).where(model.employee_id == employee_id)) or 0
        for model in (Employee, SickReport, PersonTaskDone, PersonCase)
    )


def held_absence(employee_id: str) -> SubjectData:
    """The absence part of what is held about a clean id, read without logging: the caller logs one read."""
    label = subject_label(employee_id)
    spells = [
        SpellRecord(code, name, s.first_day, s.last_day, s.extent, s.sex, s.age_band, filename, imported_at)
        for s, code, name, filename, imported_at in db.session.execute(
            select(AbsenceSpell, Unit.code, Unit.name, AbsenceImport.filename, AbsenceImport.imported_at)
            .join(Unit, Unit.id == AbsenceSpell.unit_id)
            .outerjoin(AbsenceImport, AbsenceImport.id == AbsenceSpell.import_id)
            .where(AbsenceSpell.employee_id == employee_id)
            .order_by(AbsenceSpell.first_day, AbsenceSpell.id)
        )
    ]
    talks = [
        TalkRecord(t.rule, t.held_on, t.recorded_at)
        for t in db.session.scalars(
            select(SignalTalk).where(SignalTalk.employee_id == employee_id).order_by(SignalTalk.held_on, SignalTalk.id)
        )
    ]
    audit = [
        AuditRecord(e.at, e.actor_label, e.action, e.object_type, e.object_id, e.details)
        for e in _mentions(employee_id, label)
    ]
    return SubjectData(employee_id, label, spells, talks, audit, track_records(employee_id))


def _mentions(employee_id: str, label: str) -> list[AuditEvent]:
    """Audit entries about this person, by id or by label: as the object of an entry about an employee or a
    subject, or under an employee key in the details (the text filter finds candidates, the keys decide)."""
    types = (*EMPLOYEE_OBJECT_TYPES, SUBJECT_OBJECT_TYPE)
    text = cast(AuditEvent.details, String)
    candidates = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.object_type.in_(types) & AuditEvent.object_id.in_((employee_id, label)),
                text.contains(f'"{employee_id}"', autoescape=True),
                text.contains(f'"{label}"', autoescape=True),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [event for event in candidates if _names(event, (employee_id, label))]


def _names(event: AuditEvent, forms: tuple[str, str]) -> bool:
    types = (*EMPLOYEE_OBJECT_TYPES, SUBJECT_OBJECT_TYPE)
    if event.object_type in types and event.object_id in forms:
        return True
    return any((event.details or {}).get(key) in forms for key in EMPLOYEE_DETAIL_KEYS)


def _in_clear(event: AuditEvent, employee_id: str) -> bool:
    by_object = event.object_type in EMPLOYEE_OBJECT_TYPES and event.object_id == employee_id
    return by_object or any((event.details or {}).get(key) == employee_id for key in EMPLOYEE_DETAIL_KEYS)


def _relabelled(details: dict[str, Any] | None, employee_id: str, label: str) -> dict[str, Any] | None:
    if not details:
        return details
    return {
        key: label if key in EMPLOYEE_DETAIL_KEYS and value == employee_id else value for key, value in details.items()
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure deleted or relabelled (spells, talks, audit entries), the label kept instead of the id, and
    the records of the person track it deleted (register entry, sick reports, tasks done, cases)."""

    spells: int
    talks: int
    audit_entries: int
    label: str
    track: int = 0


def erase_subject(actor: User | None, employee_id: str, confirmation: str) -> Erasure:
    """Delete every spell, signal talk, register entry, sick report, completed task and person case (with its
    participants, steps and follow-ups) of ``employee_id`` and replace the id by its label in audit entries that
    named it, in one transaction, logged with the counts and the label only. ``confirmation`` must repeat the id:
    an erasure cannot be undone (only a re-import of the HR system's file brings spells back)."""
    _allowed(actor)
    employee_id = clean_id(employee_id)
    if (confirmation or "").strip() != employee_id:
        raise DomainError(_l("Type the employee id exactly as shown to confirm the erasure."), "confirmation")
    label = subject_label(employee_id)
    spells = db.session.execute(delete(AbsenceSpell).where(AbsenceSpell.employee_id == employee_id)).rowcount
    talks = db.session.execute(delete(SignalTalk).where(SignalTalk.employee_id == employee_id)).rowcount
    # the person track: the cases with everything below them, the register's name, sick reports and tasks done
    track = delete_person_cases(select(PersonCase.id).where(PersonCase.employee_id == employee_id))
    track += sum(
        db.session.execute(delete(model).where(model.employee_id == employee_id)).rowcount
        for model in (Employee, SickReport, PersonTaskDone)
    )
    named = [event for event in _mentions(employee_id, label) if _in_clear(event, employee_id)]
    for event in named:
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == event.id)
            .values(object_id=label if event.object_id == employee_id else event.object_id,
                    details=_relabelled(event.details, employee_id, label))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
    record(actor, "privacy.subject_erased", SUBJECT_OBJECT_TYPE, label, spells=spells, talks=talks,
           track_records=track, audit_entries=len(named))  # fmt: skip
    db.session.commit()
    return Erasure(spells, talks, len(named), label, track)


def erasures(employee_id: str) -> list[AuditEvent]:
    """The erasure records of this id, found by recomputing its label: "was it erased, when, by whom?"."""
    label = subject_label(clean_id(employee_id))
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "privacy.subject_erased", AuditEvent.object_id == label)
            .order_by(AuditEvent.at)
        )
    )
