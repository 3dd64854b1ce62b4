"""Who may see and work on a person's talks, meetings and plans: the one home of that rule.

* HR and the employee's own manager (``register.can_see_person``) see every case of the person and work on it.
* Occupational health sees a case only when an account of theirs was invited to it as a participant with the
  employee's consent (``PersonCaseParticipant.consent_on``), and the plan's steps and follow-ups only when the
  employee also consented to sharing the plan with occupational health (``PersonCase.oh_consent_on``). It never works
  on the case, never sees the person's other cases, the track, the name or the tasks.
* Nobody else: not other managers, not administrators, not the safety representative; the answer is the 404 of an
  unknown id, so that ids cannot be probed.

Every read of a case by a person is audit-logged with the employee id (never the name).
"""

from __future__ import annotations

from sqlalchemy import select

from survey_app.access import NotAllowedError
from survey_app.audit import record_read
from survey_app.db import db
from survey_app.models import PersonCase, PersonCaseParticipant, Role, User
from survey_app.person.register import can_see_person


def can_work_on_case(actor: User, case: PersonCase) -> bool:
    """Whether ``actor`` may change the case, its participants, steps and follow-ups: HR and the own manager."""
    return can_see_person(actor, case.employee_id)


def invited(actor: User, case: PersonCase) -> bool:
    """Whether ``actor`` is occupational health invited to the case with the employee's consent."""
    return actor.role == Role.OHS.value and any(
        participant.user_id == actor.id and participant.role == "occupational_health" and participant.consent_on
        for participant in case.participants
    )


def can_see_case(actor: User, case: PersonCase) -> bool:
    """Whether ``actor`` may see the case at all (its kind, dates, participants by role)."""
    return can_work_on_case(actor, case) or invited(actor, case)


def can_see_plan(actor: User, case: PersonCase) -> bool:
    """Whether ``actor`` may see the case's steps and follow-ups: those who work on it, and invited occupational
    health once the employee consented to sharing the plan with it."""
    return can_work_on_case(actor, case) or (invited(actor, case) and case.oh_consent_on is not None)


def visible_case(actor: User, case_id: int, audit: bool = True) -> PersonCase:
    """The case, for a caller who may see it (``NotAllowedError``, a 404, for an unknown id and anyone else
    alike); the read is audit-logged unless ``audit`` is False (a write that follows records its own event)."""
    case = db.session.get(PersonCase, case_id)
    if case is None or not can_see_case(actor, case):
        raise NotAllowedError
    if audit:
        record_read(actor, "person.case_read", "person_case", case.id, employee=case.employee_id)
    return case


def workable_case(actor: User, case_id: int) -> PersonCase:
    """The case, for a caller who may work on it; ``NotAllowedError`` otherwise (occupational health included)."""
    case = db.session.get(PersonCase, case_id)
    if case is None or not can_work_on_case(actor, case):
        raise NotAllowedError
    return case


def invited_case_ids(actor: User) -> list[int]:
    """The ids of the cases occupational health ``actor`` was invited to with consent (empty for other roles)."""
    if actor.role != Role.OHS.value:
        return []
    query = select(PersonCaseParticipant.case_id).where(
        PersonCaseParticipant.user_id == actor.id,
        PersonCaseParticipant.role == "occupational_health",
        PersonCaseParticipant.consent_on.is_not(None),
    )
    return list(db.session.scalars(query))
