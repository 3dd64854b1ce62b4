"""What HR draws from a round and does with it: findings, the release to managers, the work group's reflections
and the steps they propose for the unit's action plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l

from interventions.interviews import OTHER
from survey_app.audit import record
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.interviews.services.notes import NOTE_MAX
from survey_app.interviews.services.permissions import is_hr, require
from survey_app.interviews.services.planning import guide_of
from survey_app.models import ActionProposal, Finding, InterviewRound, Reflection, User
from survey_app.models.interviews import FINDING_KINDS, REFLECTION_KINDS


def add_finding(actor: User, interview: InterviewRound, kind: str, theme: str, text: str, note_ids: Iterable[int]):
    """Record a strength or risk HR drew from the notes, pointing to the notes behind it."""
    require(is_hr(actor))
    if kind not in FINDING_KINDS:
        raise DomainError(_l("Choose strength or risk."), "kind")
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise DomainError(_l("Write the finding (at most %(n)d characters).", n=NOTE_MAX), "text")
    themes = set(guide_of(interview).keys()) | {OTHER}
    if theme not in themes:
        raise DomainError(_l("Choose a theme from the guide."), "theme")
    wanted = set(note_ids)
    notes = [note for session in interview.sessions for note in session.notes if note.id in wanted]
    if len(notes) != len(wanted):
        raise DomainError(_l("A finding can only point to notes from this round."), "notes")
    finding = Finding(round=interview, kind=kind, theme=theme, text=text, notes=notes)
    db.session.add(finding)
    db.session.flush()
    record(actor, "interviews.finding_added", "interview_finding", finding.id, notes=len(notes))
    db.session.commit()
    return finding


def delete_finding(actor: User, finding: Finding) -> None:
    """Delete a finding (HR)."""
    require(is_hr(actor))
    record(actor, "interviews.finding_deleted", "interview_finding", finding.id)
    db.session.delete(finding)
    db.session.commit()


def release(actor: User, interview: InterviewRound, today: date) -> None:
    """Let managers and occupational health see the compilation (once; later calls change nothing)."""
    require(is_hr(actor))
    if interview.released_on is None:
        interview.released_on = today
        record(actor, "interviews.released", "interview_round", interview.id)
        db.session.commit()


def add_reflection(actor: User, interview: InterviewRound, kind: str, text: str) -> Reflection:
    """Record what the work group said when the compilation was presented."""
    require(is_hr(actor))
    if kind not in REFLECTION_KINDS:
        raise DomainError(_l("Choose reflection or suggestion."), "kind")
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise DomainError(_l("Write what the group said (at most %(n)d characters).", n=NOTE_MAX), "text")
    reflection = Reflection(round=interview, kind=kind, text=text)
    db.session.add(reflection)
    db.session.flush()
    record(actor, "interviews.reflection_added", "interview_reflection", reflection.id)
    db.session.commit()
    return reflection


def propose_step(actor: User, reflection: Reflection) -> ActionProposal:
    """Turn a reflection into a candidate step for the unit's action plan (once: a second press returns it)."""
    require(is_hr(actor))
    if reflection.proposal is not None:
        return reflection.proposal
    proposal = ActionProposal(
        unit_id=reflection.round.unit_id, text=reflection.text, reflection=reflection, created_by_id=actor.id
    )
    db.session.add(proposal)
    db.session.flush()
    record(actor, "interviews.step_proposed", "action_proposal", proposal.id, unit=reflection.round.unit.code)
    db.session.commit()
    return proposal
