"""How long each kind of personal data is kept, and which rows are past it on a given day.

Settings are months (``OMTANKE_RETAIN_*``, read in ``survey_app.config``); 0 keeps a kind for ever. A row is past
retention when the day that starts its clock lies before the cutoff, the same calendar day that many months ago: a
spell that ended exactly on the cutoff is kept one more day. Kinds are listed in the order the purge deletes them
(spells before the import records they point to). What is deliberately *not* purged here, and why, is in
docs/security.md ("Data protection").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, exists, func, select

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
    ResponseDraft,
    RoundUnit,
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
    ``past`` gives the criterion on ``model`` for a cutoff day and today."""

    name: str
    label: object
    model: type[Base]
    setting: str | None
    rule: object
    past: Callable[[date, date], ColumnElement[bool]]

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


ABSENCE = "OMTANKE_RETAIN_ABSENCE_MONTHS"
KINDS: tuple[Kind, ...] = (
    Kind("absence_spells", _l("Absence spells"), AbsenceSpell, ABSENCE, _l("after the spell ended"),
         lambda cutoff, _: AbsenceSpell.last_day < cutoff),
    Kind("signal_talks", _l("Signal talks held"), SignalTalk, ABSENCE, _l("after the talk was held"),
         lambda cutoff, _: SignalTalk.held_on < cutoff),
    Kind("absence_imports", _l("Absence import records"), AbsenceImport, ABSENCE,
         _l("after the import, once none of its spells is left"),
         lambda cutoff, _: (AbsenceImport.imported_at < _midnight(cutoff))
         & ~exists().where(AbsenceSpell.import_id == AbsenceImport.id)),
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
