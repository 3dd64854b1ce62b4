"""How long each kind of personal data is kept, and which rows are past it on a given day.

Settings are months (``OMTANKE_RETAIN_*``, read in ``survey_app.config``); 0 keeps a kind for ever. A row is past
retention when the day that starts its clock lies before the cutoff, the same calendar day that many months ago: a
spell that ended exactly on the cutoff is kept one more day. Kinds are listed in the order the purge deletes them
(spells before the import records they point to). What is deliberately *not* purged here, and why, is in
docs/security.md ("Data protection").

The person track (issue 23) has a clock of its own, ``OMTANKE_RETAIN_PERSON_TRACK_MONTHS`` (24):

* a **person case** (talk, meeting, plan) goes that long after it closed, whole: participants, steps and follow-ups
  with it, in one transaction (``delete_person_cases``); an open case is never deleted, however old;
* a person's **sick reports** (from their first day) and **tasks done** (from the day done) go after the same time,
  but only once nothing about the person is live (``_quiet``): no case open or closed within the limit, and no
  absence spell open or ended within the limit or within the tasks' look-back (``PERSON_LOOKBACK_DAYS``, two years),
  whichever reaches further back. Tasks are computed from those spells on every read: a completion deleted while its
  task can still be computed would bring the task back as overdue, and a report deleted while its spell is live
  would lose the expected length a return-to-work plan is due on. The spells themselves are the HR system's data
  and keep their own, longer clock (``OMTANKE_RETAIN_ABSENCE_MONTHS``, 36): unit statistics need them, the track
  does not, so a report may go before the spell it announced;
* the **register entry** (id, name, unit) is not on a clock: it lists current staff and is kept current by HR
  (import, removal); it goes with an erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, delete, exists, func, select

from survey_app.absence.services import PERSON_LOOKBACK_DAYS
from survey_app.clock import months_before
from survey_app.db import Base, db
from survey_app.importing import upload_folder
from survey_app.models import (
    AbsenceImport,
    AbsenceSpell,
    AccessCode,
    AuditEvent,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    OutgoingMail,
    PasswordReset,
    PersonCase,
    PersonCaseParticipant,
    PersonFollowUp,
    PersonStep,
    PersonTaskDone,
    ResponseDraft,
    RoundUnit,
    SickReport,
    SignalTalk,
    SurveyResponse,
    SurveyRound,
)

#: Audit entries kept whatever the audit retention: the proof that a person's data was erased (an HMAC, no id).
KEPT_AUDIT_ACTIONS = ("privacy.subject_erased",)
#: An uploaded absence file waits this long between its preview and its import before it is deleted unused.
UPLOAD_HOURS = 24


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


@dataclass(frozen=True)
class Kind:
    """One kind of data the purge deletes. ``setting`` names the months setting (None: a fixed rule, ``rule``);
    ``past`` gives the criterion on ``model`` for a cutoff day and today; ``remove``, for rows that others hang on,
    deletes the rows a select of ids picks together with what belongs to them (returns how many rows of ``model``)."""

    name: str
    label: object
    model: type[Base]
    setting: str | None
    rule: object
    past: Callable[[date, date], ColumnElement[bool]]
    remove: Callable[[Select], int] | None = None

    def months(self) -> int | None:
        """The retention in months from its setting (0: kept for ever); None for a fixed rule."""
        return None if self.setting is None else int(current_app.config[self.setting])

    def criterion(self, today: date) -> ColumnElement[bool] | None:
        """Rows past retention today, or None when the kind is kept for ever."""
        months = self.months()
        if months == 0:
            return None
        return self.past(today if months is None else months_before(today, months), today)

    def count(self, today: date) -> int:
        """How many rows are past retention today (0 when the kind is kept for ever)."""
        criterion = self.criterion(today)
        if criterion is None:
            return 0
        return db.session.scalar(select(func.count()).select_from(self.model).where(criterion)) or 0

    def delete(self, today: date) -> int:
        """Delete the rows past retention in the caller's transaction; returns how many."""
        criterion = self.criterion(today)
        if criterion is None:
            return 0
        if self.remove is not None:
            return self.remove(select(self.model.id).where(criterion))
        statement = delete(self.model).where(criterion).execution_options(synchronize_session=False)
        return db.session.execute(statement).rowcount


def _closed_before(day: date):
    return select(SurveyRound.id).where(SurveyRound.closed_by(day))


def _units_of_rounds_closed_before(day: date):
    return select(RoundUnit.id).where(RoundUnit.round_id.in_(_closed_before(day)))


def _sessions_finished_before(day: date):
    """Sessions of rounds whose compilation was released before ``day``, or, never released, that were started
    before it: an abandoned round's notes do not stay for ever."""
    never = InterviewRound.released_on.is_(None) & (InterviewRound.created_at < _midnight(day))
    finished = select(InterviewRound.id).where((InterviewRound.released_on < day) | never)
    return select(InterviewSession.id).where(InterviewSession.round_id.in_(finished))


def _gone(statement) -> int:
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


def delete_person_cases(doomed: Select) -> int:
    """Delete the person cases whose ids ``doomed`` selects with their follow-ups, steps and participants, in the
    caller's transaction (the purge, an erasure); returns how many cases. Deleted here, children first, rather than
    left to the foreign keys' ON DELETE CASCADE: the result is the same whether or not the database enforces them."""
    steps = select(PersonStep.id).where(PersonStep.case_id.in_(doomed))
    _gone(delete(PersonFollowUp).where(PersonFollowUp.step_id.in_(steps)))
    _gone(delete(PersonStep).where(PersonStep.case_id.in_(doomed)))
    _gone(delete(PersonCaseParticipant).where(PersonCaseParticipant.case_id.in_(doomed)))
    return _gone(delete(PersonCase).where(PersonCase.id.in_(doomed)))


def _quiet(employee_id: ColumnElement[str], cutoff: date, today: date) -> ColumnElement[bool]:
    """Nothing about the person is live: no case open or closed on or after ``cutoff``, no spell open or ended on or
    after ``cutoff`` or the start of the tasks' look-back, whichever is earlier (no task about them can be computed)."""
    since = min(cutoff, today - timedelta(days=PERSON_LOOKBACK_DAYS))
    live_case = exists().where(
        PersonCase.employee_id == employee_id, PersonCase.closed_on.is_(None) | (PersonCase.closed_on >= cutoff)
    )
    live_spell = exists().where(
        AbsenceSpell.employee_id == employee_id, AbsenceSpell.last_day.is_(None) | (AbsenceSpell.last_day >= since)
    )
    return ~live_case & ~live_spell


ABSENCE = "OMTANKE_RETAIN_ABSENCE_MONTHS"
PERSON_TRACK = "OMTANKE_RETAIN_PERSON_TRACK_MONTHS"
KINDS: tuple[Kind, ...] = (
    Kind("absence_spells", _l("Absence spells"), AbsenceSpell, ABSENCE, _l("after the spell ended"),
         lambda cutoff, _: AbsenceSpell.last_day < cutoff),
    Kind("signal_talks", _l("Signal talks held"), SignalTalk, ABSENCE, _l("after the talk was held"),
         lambda cutoff, _: SignalTalk.held_on < cutoff),
    Kind("absence_imports", _l("Absence import records"), AbsenceImport, ABSENCE,
         _l("after the import, once none of its spells is left"),
         lambda cutoff, _: (AbsenceImport.imported_at < _midnight(cutoff))
         & ~exists().where(AbsenceSpell.import_id == AbsenceImport.id)),
    Kind("person_cases", _l("A person's talks, meetings and plans, with their participants, steps and follow-ups"),
         PersonCase, PERSON_TRACK, _l("after the case closed (open cases are kept)"),
         lambda cutoff, _: PersonCase.closed_on < cutoff, remove=delete_person_cases),
    Kind("person_tasks_done", _l("A manager's tasks done about a person"), PersonTaskDone, PERSON_TRACK,
         _l("after the task was done, once the person has no case and no absence that recent"),
         lambda cutoff, today: (PersonTaskDone.done_on < cutoff) & _quiet(PersonTaskDone.employee_id, cutoff, today)),
    Kind("sick_reports", _l("Sick reports"), SickReport, PERSON_TRACK,
         _l("after the first day reported, once the person has no case and no absence that recent"),
         lambda cutoff, today: (SickReport.first_day < cutoff) & _quiet(SickReport.employee_id, cutoff, today)),
    Kind("survey_responses", _l("Survey responses and their answers"), SurveyResponse,
         "OMTANKE_RETAIN_RESPONSES_MONTHS", _l("after the round closed"),
         lambda cutoff, _: SurveyResponse.round_id.in_(_closed_before(cutoff))),
    Kind("survey_drafts", _l("Unfinished answers"), ResponseDraft, None, _l("deleted when the round closes"),
         lambda _, today: ResponseDraft.round_unit_id.in_(_units_of_rounds_closed_before(today))),
    Kind("access_codes", _l("Single-use answer codes"), AccessCode, None, _l("deleted when the round closes"),
         lambda _, today: AccessCode.round_unit_id.in_(_units_of_rounds_closed_before(today))),
    Kind("interview_notes", _l("Raw interview notes"), InterviewNote, "OMTANKE_RETAIN_NOTES_MONTHS",
         _l("after the compilation was released (never released: after the round was started)"),
         lambda cutoff, _: InterviewNote.session_id.in_(_sessions_finished_before(cutoff))),
    Kind("audit_events", _l("Audit log entries"), AuditEvent, "OMTANKE_RETAIN_AUDIT_MONTHS",
         _l("after the entry was written (erasure records are kept)"),
         lambda cutoff, _: (AuditEvent.at < _midnight(cutoff)) & AuditEvent.action.not_in(KEPT_AUDIT_ACTIONS)),
    Kind("outgoing_mail", _l("Records of e-mail sent"), OutgoingMail, "OMTANKE_RETAIN_MAIL_MONTHS",
         _l("after the message was recorded (messages still waiting to be sent are kept)"),
         lambda cutoff, _: (OutgoingMail.created_at < _midnight(cutoff))
         & OutgoingMail.status.not_in(("queued", "sending"))),
    Kind("password_resets", _l("Password-reset links (hashes)"), PasswordReset, None,
         _l("deleted the day after they expire"),
         lambda _, today: PasswordReset.expires_at < _midnight(today)),
)  # fmt: skip


def stale_uploads(now: datetime) -> list[Path]:
    """Uploaded files older than ``UPLOAD_HOURS`` at ``now`` (naive UTC): their import was never confirmed."""
    folder = upload_folder()
    if not folder.is_dir():
        return []
    limit = now.replace(tzinfo=UTC).timestamp() - UPLOAD_HOURS * 3600
    return sorted(path for path in folder.iterdir() if path.is_file() and path.stat().st_mtime < limit)
