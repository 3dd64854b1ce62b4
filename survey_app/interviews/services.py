"""Interview rounds: plan sessions, take notes, compile, release to managers, present to the work group.

Who may do what (checked here, for every caller — pages and CLI alike):

* HR plans rounds and sessions, adapts the guide, reads every note, curates findings, releases, records the work
  group's reflections. Every read of raw notes is written to the audit log.
* The interviewer of a session (HR or occupational health) takes and reads that session's notes.
* Managers and occupational health see the compilation — themes, counts, findings, redacted quotes, never raw notes
  — for the units in their scope, once HR has released it.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from interventions.interviews import (
    OTHER,
    Coverage,
    Guide,
    GuideError,
    NoteFact,
    ThemeSummary,
    coverage,
    default_guide,
    guide_from_json,
    guide_to_json,
    parse_guide,
    shown_to_work_group,
    summarise_themes,
)
from nlp.categories import suggest_category
from nlp.language import detect_languages
from nlp.lemmas import analyse
from nlp.redaction import redact_text
from survey_app.access import NotAllowedError, unit_scope
from survey_app.admin.services import unit_by_code
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import (
    ActionProposal,
    Finding,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    Reflection,
    Role,
    RoundUnit,
    SurveyRound,
    User,
)
from survey_app.models.interviews import FINDING_KINDS, REFLECTION_KINDS, SESSION_KINDS

LANGUAGES = ("sv", "fi", "en")
NOTE_MAX = 2000
TITLE_MAX = 200
MAX_PARTICIPANTS = 200
#: nlp's work-environment categories that have no theme of their own in the guide.
CATEGORY_TO_THEME = {"competence": "goals"}


# --- who may do what -------------------------------------------------------------------------------------------------


def is_hr(actor: User) -> bool:
    return actor.role == Role.HR.value


def can_take_notes(actor: User, session: InterviewSession) -> bool:
    return is_hr(actor) or (session.interviewer_id is not None and session.interviewer_id == actor.id)


def can_see_presentation(actor: User, interview: InterviewRound) -> bool:
    if is_hr(actor):
        return True
    if actor.role not in (Role.MANAGER.value, Role.OHS.value) or interview.released_on is None:
        return False
    scope = unit_scope(actor)
    return scope is None or interview.unit_id in scope


def _require(allowed: bool) -> None:
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
    query = select(InterviewSession.round_id).where(InterviewSession.interviewer_id == actor.id)
    return set(db.session.scalars(query))


def interviewers() -> list[User]:
    """People who may be set as interviewer: active HR and occupational-health accounts."""
    query = select(User).where(User.role.in_([Role.HR.value, Role.OHS.value]), User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.name)))


# --- planning --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundInput:
    unit_code: str
    title: str
    language: str
    staff_count: int | None
    anonymity_threshold: int | None
    copy_from: int | None = None  # another round's id, whose guide is copied; None: the shipped guide


def create_round(actor: User, data: RoundInput) -> InterviewRound:
    _require(is_hr(actor))
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
    return db.session.get(InterviewRound, round_id)


def guide_of(interview: InterviewRound) -> Guide:
    return guide_from_json(interview.guide)


def update_guide(actor: User, interview: InterviewRound, text: str) -> None:
    """Replace the round's guide with HR's edited text; notes under a theme that is removed stay, under "other"."""
    _require(is_hr(actor))
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
    kind: str
    planned_on: date | None
    interviewer_id: int | None
    participants: int | None


def add_session(actor: User, interview: InterviewRound, data: SessionInput) -> InterviewSession:
    _require(is_hr(actor))
    session = InterviewSession()
    _apply_session(session, data)
    session.round = interview
    db.session.add(session)
    db.session.flush()
    record(actor, "interviews.session_planned", "interview_session", session.id, kind=session.kind)
    db.session.commit()
    return session


def update_session(actor: User, session: InterviewSession, data: SessionInput, held: bool) -> None:
    _require(is_hr(actor) or can_take_notes(actor, session))
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
    return coverage(((s.held, s.participants) for s in interview.sessions), interview.staff_count)


# --- notes -----------------------------------------------------------------------------------------------------------


def new_client_key() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class NoteInput:
    theme: str
    text: str
    quote: bool
    suggestion: bool
    client_key: str


def add_note(actor: User, session: InterviewSession, data: NoteInput) -> tuple[InterviewNote, bool]:
    """Store a note once: a note sent again with the same client key (a double tap, a retry after a lost
    connection) returns the stored one. Returns (note, created)."""
    _require(can_take_notes(actor, session))
    key = (data.client_key or "").strip()
    if not 16 <= len(key) <= 64 or not key.replace("-", "").isalnum():
        raise DomainError(_l("The note could not be matched to its form. Reload the page and try again."), "text")
    existing = db.session.scalar(
        select(InterviewNote).where(InterviewNote.session_id == session.id, InterviewNote.client_key == key)
    )
    if existing is not None:
        return existing, False
    text = (data.text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise DomainError(_l("Write the note first."), "text")
    if len(text) > NOTE_MAX:
        raise DomainError(_l("Keep a note to at most %(n)d characters.", n=NOTE_MAX), "text")
    themes = set(guide_of(session.round).keys()) | {OTHER}
    if data.theme not in themes:
        raise DomainError(_l("Choose a theme from the guide."), "theme")
    note = InterviewNote(
        session=session, theme=data.theme, text=text, quote=data.quote, suggestion=data.suggestion, client_key=key
    )
    db.session.add(note)
    db.session.flush()
    record(actor, "interviews.note_added", "interview_note", note.id, session=session.id)
    db.session.commit()
    return note, True


def delete_note(actor: User, note: InterviewNote) -> None:
    _require(can_take_notes(actor, note.session))
    record(actor, "interviews.note_deleted", "interview_note", note.id, session=note.session_id)
    db.session.delete(note)
    db.session.commit()


def read_session_notes(actor: User, session: InterviewSession) -> list[InterviewNote]:
    """A session's raw notes, for HR or its interviewer; the read is audit-logged."""
    _require(can_take_notes(actor, session))
    record_read(actor, "interviews.notes_read", "interview_session", session.id, notes=len(session.notes))
    return list(session.notes)


# --- compilation -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeBlock:
    key: str
    title: str
    summary: ThemeSummary | None
    notes: tuple[InterviewNote, ...]  # raw notes: only in HR's compilation
    subthemes: tuple[tuple[str, int], ...]  # (label, notes) proposed by clustering
    survey_texts: tuple[str, ...]  # the unit's survey free text under this theme, redacted
    findings: tuple[Finding, ...]
    shown_to_work_group: bool


@dataclass(frozen=True)
class Compilation:
    interview: InterviewRound
    coverage: Coverage
    sessions_held: int
    blocks: tuple[ThemeBlock, ...]
    survey_title: str | None
    survey_hidden: bool  # the unit's survey free text exists but is under its threshold

    @property
    def work_group_blocks(self) -> tuple[ThemeBlock, ...]:
        return tuple(block for block in self.blocks if block.shown_to_work_group)

    @property
    def hidden_themes(self) -> int:
        return sum(1 for block in self.blocks if block.summary and not block.shown_to_work_group)


def compile_round(actor: User, interview: InterviewRound, with_notes: bool, today: date) -> Compilation:
    """Every note and the unit's survey free text by theme, with how widely each was raised.

    ``with_notes=True`` (HR only, audit-logged) keeps the raw notes and the clustering of them; the presentations
    get counts, findings and redacted quotes only.
    """
    if with_notes:
        _require(is_hr(actor))
    else:
        _require(can_see_presentation(actor, interview))
    guide = guide_of(interview)
    titles = {theme.key: theme.title for theme in guide.themes}
    held = [session for session in interview.sessions if session.held or session.notes]
    notes = [note for session in interview.sessions for note in session.notes]
    facts = [
        NoteFact(
            session_id=note.session_id,
            participants=note.session.participants,
            theme=note.theme if note.theme in titles else OTHER,
            text=redact_text(note.text) if note.quote or note.suggestion else note.text,
            quote=note.quote,
            suggestion=note.suggestion,
        )
        for note in notes
    ]
    summaries = {summary.key: summary for summary in summarise_themes(facts, list(guide.keys()))}
    survey_texts, survey_title, survey_hidden = _survey_free_text(interview.unit_id, titles, today)
    by_theme: dict[str, list[InterviewNote]] = defaultdict(list)
    for note in notes:
        by_theme[note.theme if note.theme in titles else OTHER].append(note)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in interview.findings:
        findings[finding.theme if finding.theme in titles else OTHER].append(finding)
    blocks = []
    for key in [*guide.keys(), OTHER]:
        summary = summaries.get(key)
        if summary is None and not survey_texts.get(key) and not findings.get(key):
            continue
        shown = summary is not None and shown_to_work_group(summary, interview.anonymity_threshold)
        blocks.append(
            ThemeBlock(
                key=key,
                title=titles.get(key, ""),
                summary=summary,
                notes=tuple(by_theme[key]) if with_notes else (),
                subthemes=_subthemes(by_theme[key], interview.language) if with_notes else (),
                survey_texts=tuple(survey_texts.get(key, ())),
                findings=tuple(findings.get(key, ())),
                shown_to_work_group=shown,
            )
        )
    blocks.sort(key=lambda block: -(block.summary.sessions if block.summary else 0))
    if with_notes:
        record_read(actor, "interviews.compilation_read", "interview_round", interview.id, notes=len(notes))
    return Compilation(interview, coverage_of(interview), len(held), tuple(blocks), survey_title, survey_hidden)


def _subthemes(notes: list[InterviewNote], language: str) -> tuple[tuple[str, int], ...]:
    """Sub-themes proposed by clustering a theme's notes, once there are enough of them to say anything."""
    if len(notes) < 6:
        return ()
    from survey_app.results.services import themes_of_texts

    found = themes_of_texts(tuple(redact_text(note.text) for note in notes))
    return tuple((theme.label, theme.size) for theme in found.themes if theme.id >= 0 and theme.size >= 2)


def _survey_free_text(
    unit_id: int, titles: dict[str, str], today: date
) -> tuple[dict[str, list[str]], str | None, bool]:
    """The unit's free text from its latest closed survey round, sorted under the guide's themes.

    Only what the results pages would show: nothing when the unit is under the free-text threshold.
    """
    from survey_app.results.services import round_results, unit_comments

    closed = db.session.scalars(
        select(SurveyRound)
        .where(SurveyRound.closes_on < today, SurveyRound.id.in_(select(RoundUnit.round_id)))
        .order_by(SurveyRound.closes_on.desc())
    ).all()
    for survey in closed:
        results = round_results(survey, items=False)
        if unit_id not in results.units or not results.units[unit_id].headcount:
            continue
        comments = unit_comments(results, unit_id)
        if comments is None:
            return {}, survey.title, True
        texts = [comment.text for comment in comments]
        languages = [lang or "sv" for lang in detect_languages(texts)]
        grouped: dict[str, list[str]] = defaultdict(list)
        for text, terms, lang in zip(texts, analyse(texts, languages), languages, strict=True):
            category = suggest_category([term.lemma for term in terms], lang)
            theme = CATEGORY_TO_THEME.get(category, category) if category else None
            grouped[theme if theme in titles else OTHER].append(text)
        return dict(grouped), survey.title, False
    return {}, None, False


# --- findings, release, reflections ----------------------------------------------------------------------------------


def add_finding(actor: User, interview: InterviewRound, kind: str, theme: str, text: str, note_ids: Iterable[int]):
    _require(is_hr(actor))
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
    _require(is_hr(actor))
    record(actor, "interviews.finding_deleted", "interview_finding", finding.id)
    db.session.delete(finding)
    db.session.commit()


def release(actor: User, interview: InterviewRound, today: date) -> None:
    _require(is_hr(actor))
    if interview.released_on is None:
        interview.released_on = today
        record(actor, "interviews.released", "interview_round", interview.id)
        db.session.commit()


def add_reflection(actor: User, interview: InterviewRound, kind: str, text: str) -> Reflection:
    _require(is_hr(actor))
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
    _require(is_hr(actor))
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
