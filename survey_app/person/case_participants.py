"""Who takes part in a person's talk, meeting or plan, and what the employee consented to.

The manager and the employee take part without a consent of their own (``OWN_ROLES``); everyone else — HR, a
rehabilitation coordinator, occupational health, the safety representative, a support person — only with the
employee's consent, recorded as the day it was given (not in the future). Occupational health may be invited with
its account (an active occupational-health account serving the case's unit): that account then sees this case, and
its plan (steps, follow-ups) only once the employee has also consented to sharing the plan with occupational health
(``PersonCase.oh_consent_on``, recorded and withdrawn here). Who sees what is ``case_access``' rule alone.

One participant per role (per account, for occupational health): adding one that takes part already changes
nothing, so a double-clicked submit adds one. Removing a participant and withdrawing the sharing consent are always
possible, on a closed case too: a consent withdrawn must take effect. Every write is audit-logged with ids only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import PARTICIPANT_ROLES, PersonCase, PersonCaseParticipant, Role, User
from survey_app.models.person_cases import OWN_ROLES
from survey_app.person.case_access import workable_case
from survey_app.person.case_events import sync_support_event
from survey_app.person.cases import require_open

#: The one role that is invited with an account (and then sees the case).
ACCOUNT_ROLE = "occupational_health"


@dataclass(frozen=True)
class ParticipantInput:
    """A participant as the form gives them: the role, the day the employee consented, an account (occupational
    health only)."""

    role: str
    consent_on: date | None = None
    user_id: int | None = None


def oh_accounts(case: PersonCase) -> list[User]:
    """The active occupational-health accounts that serve the case's unit (their unit scope holds it), by name."""
    query = select(User).where(User.role == Role.OHS.value, User.active.is_(True)).order_by(User.name, User.id)
    return [user for user in db.session.scalars(query) if case.unit_id in (unit_scope(user) or frozenset())]


def _checked(case: PersonCase, data: ParticipantInput, today: date) -> ParticipantInput:
    if data.role not in PARTICIPANT_ROLES:
        raise DomainError(_l("Choose the participant's role."), "role")
    if data.user_id is not None:
        if data.role != ACCOUNT_ROLE:
            raise DomainError(_l("Only occupational health is invited with an account."), "user_id")
        if data.user_id not in {user.id for user in oh_accounts(case)}:
            raise DomainError(_l("Choose an occupational-health account that serves this unit."), "user_id")
    if data.role in OWN_ROLES:
        return ParticipantInput(data.role, None, data.user_id)
    if data.consent_on is None:
        raise DomainError(_l("Give the day the employee consented to this participant."), "consent_on")
    if data.consent_on > today:
        raise DomainError(_l("The day of the consent cannot be in the future."), "consent_on")
    return data


def add_participant(actor: User, case_id: int, data: ParticipantInput, today: date) -> PersonCaseParticipant:
    """Add a participant to an open case (the rules in the module's docstring); one taking part already is
    returned unchanged."""
    case = workable_case(actor, case_id)
    require_open(case)
    data = _checked(case, data, today)
    for participant in case.participants:
        if participant.role == data.role and participant.user_id == data.user_id:
            return participant
    participant = PersonCaseParticipant(role=data.role, user_id=data.user_id, consent_on=data.consent_on)
    case.participants.append(participant)
    db.session.flush()
    if case.closed_on is None:
        sync_support_event(actor, case)
    consent = data.consent_on.isoformat() if data.consent_on else None
    record(
        actor, "person.participant_added", "person_case", case.id,
        participant=participant.id, role=data.role, user=data.user_id, consent_on=consent,
    )  # fmt: skip
    db.session.commit()
    return participant


def remove_participant(actor: User, case_id: int, participant_id: int) -> None:
    """Remove a participant (an invited account loses its sight of the case with it); the unit's log entry of a
    held talk keeps its roles in step."""
    case = workable_case(actor, case_id)
    participant = next((each for each in case.participants if each.id == participant_id), None)
    if participant is None:
        raise NotAllowedError
    case.participants.remove(participant)
    db.session.flush()
    if case.closed_on is None:
        sync_support_event(actor, case)
    record(
        actor, "person.participant_removed", "person_case", case.id,
        participant=participant_id, role=participant.role, user=participant.user_id,
    )  # fmt: skip
    db.session.commit()


def set_oh_consent(actor: User, case_id: int, consent_on: date | None, today: date) -> PersonCase:
    """Record the day the employee consented to sharing the plan with occupational health (not in the future; an
    open case), or withdraw it (``consent_on`` None; any case)."""
    case = workable_case(actor, case_id)
    if consent_on is None:
        if case.oh_consent_on is not None:
            case.oh_consent_on = None
            record(actor, "person.oh_consent_withdrawn", "person_case", case.id, employee=case.employee_id)
        db.session.commit()
        return case
    require_open(case)
    if consent_on > today:
        raise DomainError(_l("The day of the consent cannot be in the future."), "oh_consent_on")
    if case.oh_consent_on != consent_on:
        case.oh_consent_on = consent_on
        record(
            actor, "person.oh_consent_recorded", "person_case", case.id,
            employee=case.employee_id, consent_on=consent_on.isoformat(),
        )  # fmt: skip
    db.session.commit()
    return case
