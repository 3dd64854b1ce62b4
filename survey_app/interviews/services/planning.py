"""Planning an interview round: the round for a unit, its guide, its sessions and whom they reached (HR)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from interventions.interviews import (
    Coverage,
    Guide,
    GuideError,
    coverage,
    default_guide,
    guide_from_json,
    guide_to_json,
    parse_guide,
)
from survey_app.admin.services import unit_by_code
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.interviews.services.permissions import can_take_notes, interviewers, is_hr, require
from survey_app.models import InterviewRound, InterviewSession, User
from survey_app.models.interviews import SESSION_KINDS

LANGUAGES = ("sv", "fi", "en")
TITLE_MAX = 200
MAX_PARTICIPANTS = 200


@dataclass(frozen=True)
class RoundInput:
    """What HR types to start an interview round."""

    unit_code: str
    title: str
    language: str
    staff_count: int | None
    anonymity_threshold: int | None
    copy_from: int | None = None  # another round's id, whose guide is copied; None: the shipped guide


def create_round(actor: User, data: RoundInput) -> InterviewRound:
    """Start a round for a unit, with the shipped guide in its language or another round's guide."""
    require(is_hr(actor))
    # Exact, case-insensitive: a LIKE pattern would let "_" or "%" in a typed code match another unit.
    unit = unit_by_code(data.unit_code or "")
    if unit is None:
        raise DomainError(_l("There is no unit with the code %(code)s.", code=data.unit_code), "unit_code")
    title = (data.title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError(_l("Give the round a title of at most %(n)d characters.", n=TITLE_MAX), "title")
    if data.language not in LANGUAGES:
        raise DomainError(_l("Choose a language."), "language")
    if data.anonymity_threshold is None or not 3 <= data.anonymity_threshold <= 50:
        raise DomainError(
            _l("The anonymity threshold must be from %(min)d to %(max)d.", min=3, max=50), "anonymity_threshold"
        )
    staff = unit.headcount if data.staff_count is None else data.staff_count
    if not 0 <= staff <= 100000:
        raise DomainError(_l("Staff must be a number from 0 upwards."), "staff_count")
    guide = default_guide(data.language)
    if data.copy_from:
        source = db.session.get(InterviewRound, data.copy_from)
        if source is None:
            raise DomainError(_l("There is no interview round to copy the guide from."), "copy_from")
        guide = guide_from_json(source.guide)
    interview = InterviewRound(
        unit=unit,
        title=title,
        language=guide.language,
        guide=guide_to_json(guide),
        staff_count=staff,
        anonymity_threshold=data.anonymity_threshold,
        created_by_id=actor.id,
    )
    db.session.add(interview)
    db.session.flush()
    record(actor, "interviews.round_created", "interview_round", interview.id, unit=unit.code)
    db.session.commit()
    return interview


def round_or_none(round_id: int) -> InterviewRound | None:
    """The round with this id, if there is one."""
    return db.session.get(InterviewRound, round_id)


def guide_of(interview: InterviewRound) -> Guide:
    """The round's own guide, as HR adapted it."""
    return guide_from_json(interview.guide)


def update_guide(actor: User, interview: InterviewRound, text: str) -> None:
    """Replace the round's guide with HR's edited text; notes under a theme that is removed stay, under "other"."""
    require(is_hr(actor))
    try:
        guide = parse_guide(text or "", interview.language)
    except GuideError as error:
        message = _l(error.message, **error.params) if error.params else _l(error.message)
        if error.line:
            message = _l("Line %(line)d: %(problem)s", line=error.line, problem=message)
        raise DomainError(message, "guide") from error
    interview.guide = guide_to_json(guide)
    record(actor, "interviews.guide_changed", "interview_round", interview.id, themes=len(guide.themes))
    db.session.commit()


@dataclass(frozen=True)
class SessionInput:
    """What HR types to plan or change a session."""

    kind: str
    planned_on: date | None
    interviewer_id: int | None
    participants: int | None


def add_session(actor: User, interview: InterviewRound, data: SessionInput) -> InterviewSession:
    """Plan an individual interview or a focus group in the round."""
    require(is_hr(actor))
    session = InterviewSession()
    _apply_session(session, data)
    session.round = interview
    db.session.add(session)
    db.session.flush()
    record(actor, "interviews.session_planned", "interview_session", session.id, kind=session.kind)
    db.session.commit()
    return session


def update_session(actor: User, session: InterviewSession, data: SessionInput, held: bool) -> None:
    """Change a session's plan and whether it was held (HR or its interviewer)."""
    require(is_hr(actor) or can_take_notes(actor, session))
    _apply_session(session, data)
    session.held = held
    record(actor, "interviews.session_changed", "interview_session", session.id, held=held)
    db.session.commit()


def _apply_session(session: InterviewSession, data: SessionInput) -> None:
    if data.kind not in SESSION_KINDS:
        raise DomainError(_l("Choose individual interview or focus group."), "kind")
    if data.planned_on is None:
        raise DomainError(_l("Give the date."), "planned_on")
    participants = data.participants or 0
    if data.kind == "individual":
        participants = 1
    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise DomainError(_l("A focus group has from 1 to %(n)d participants.", n=MAX_PARTICIPANTS), "participants")
    if data.interviewer_id is not None and data.interviewer_id not in {user.id for user in interviewers()}:
        raise DomainError(_l("Choose an interviewer from HR or occupational health."), "interviewer_id")
    session.kind = data.kind
    session.planned_on = data.planned_on
    session.participants = participants
    session.interviewer_id = data.interviewer_id


def coverage_of(interview: InterviewRound) -> Coverage:
    """How many of the unit's staff the held sessions reached."""
    return coverage(((s.held, s.participants) for s in interview.sessions), interview.staff_count)
