"""Who may do what with interview rounds: the checks every interviews service makes, for pages and CLI alike."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.access import NotAllowedError, unit_scope
from survey_app.db import db
from survey_app.models import InterviewRound, InterviewSession, Role, User


def is_hr(actor: User) -> bool:
    """Whether the actor works in HR, who runs interview rounds."""
    return actor.role == Role.HR.value


def can_take_notes(actor: User, session: InterviewSession) -> bool:
    """HR, or the session's own interviewer."""
    return is_hr(actor) or (session.interviewer_id is not None and session.interviewer_id == actor.id)


def can_see_presentation(actor: User, interview: InterviewRound) -> bool:
    """HR always; managers and occupational health once released, for units in their scope."""
    if is_hr(actor):
        return True
    if actor.role not in (Role.MANAGER.value, Role.OHS.value) or interview.released_on is None:
        return False
    scope = unit_scope(actor)
    return scope is None or interview.unit_id in scope


def require(allowed: bool) -> None:
    """Refuse (``NotAllowedError``, a 404) unless ``allowed``."""
    if not allowed:
        raise NotAllowedError


def rounds_for(actor: User) -> list[InterviewRound]:
    """The rounds a person may open: HR all, an interviewer those with their sessions, others released ones."""
    query = select(InterviewRound).order_by(InterviewRound.created_at.desc(), InterviewRound.id.desc())
    rounds = list(db.session.scalars(query))
    if is_hr(actor):
        return rounds
    mine = rounds_interviewed_by(actor)
    return [r for r in rounds if r.id in mine or can_see_presentation(actor, r)]


def rounds_interviewed_by(actor: User) -> set[int]:
    """Ids of the rounds in which the actor interviews at least one session."""
    query = select(InterviewSession.round_id).where(InterviewSession.interviewer_id == actor.id)
    return set(db.session.scalars(query))


def interviewers() -> list[User]:
    """People who may be set as interviewer: active HR and occupational-health accounts."""
    query = select(User).where(User.role.in_([Role.HR.value, Role.OHS.value]), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.name)))
