"""A held talk or network meeting counts in its unit's log of talks and meetings (``SupportEvent``).

The log is anonymous by design: a unit, a kind, a date and the roles present, never a person. A person case that is
held makes or updates one such entry and points at it (``PersonCase.support_event_id``); the entry never points back,
so the unit's counts (talks held per month, network meetings) include the person track's talks without any page of
the log leading to a person. When the held date changes the entry moves with it; when it is taken away the entry
goes. Called by the case services inside their transaction: this module never commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import PersonCase, SupportEvent, User

#: The log's kind for each kind of person case that is held (plans and work trials are not talks).
EVENT_KINDS = {"early_support": "early_support_talk", "network_meeting": "network_meeting"}
#: A participant role as the log names it (``support.services.events.ROLES``); the log has no role of its own for a
#: rehabilitation coordinator, who is therefore not among the roles it counts.
LOG_ROLES = {
    "manager": "manager",
    "employee": "employee",
    "hr": "hr",
    "occupational_health": "ohs",
    "safety_representative": "safety_representative",
    "support_person": "support_person",
}
#: Who a network meeting (työterveysneuvottelu) has at least, once held: the employee, the manager and occupational
#: health (docs/person-track.md).
NETWORK_MEETING_MINIMUM = ("employee", "manager", "occupational_health")


def check_held(case: PersonCase) -> None:
    """A held network meeting had at least the employee, the manager and occupational health as participants."""
    if case.kind != "network_meeting" or case.held_on is None:
        return
    present = {participant.role for participant in case.participants}
    if not set(NETWORK_MEETING_MINIMUM) <= present:
        raise DomainError(
            _l(
                "A network meeting is held with at least the employee, the manager and occupational health: add "
                "them as participants before you record the meeting held."
            ),
            "held_on",
        )


def roles_present(case: PersonCase) -> list[str]:
    """The roles of the case's participants as the log names them, in the log's order, each once."""
    present = {LOG_ROLES[participant.role] for participant in case.participants if participant.role in LOG_ROLES}
    return [role for role in LOG_ROLES.values() if role in present]


def sync_support_event(actor: User, case: PersonCase) -> None:
    """Make the unit's log entry agree with the case: one entry on the held date with the roles present, or none
    while the talk or meeting has not been held."""
    kind = EVENT_KINDS.get(case.kind)
    if kind is None:
        return
    event = db.session.get(SupportEvent, case.support_event_id) if case.support_event_id else None
    if case.held_on is None:
        if event is not None:
            record(actor, "person.case_event_removed", "person_case", case.id, support_event=event.id)
            db.session.delete(event)
        case.support_event_id = None
        return
    roles = roles_present(case)
    if event is None:
        event = SupportEvent(
            unit_id=case.unit_id, kind=kind, held_on=case.held_on, roles_present=roles, recorded_by_id=actor.id
        )
        db.session.add(event)
        db.session.flush()
        case.support_event_id = event.id
        record(actor, "person.case_event_logged", "person_case", case.id, support_event=event.id, kind=kind)
    elif event.held_on != case.held_on or list(event.roles_present or ()) != roles:
        event.held_on, event.roles_present = case.held_on, roles
        record(actor, "person.case_event_changed", "person_case", case.id, support_event=event.id)
