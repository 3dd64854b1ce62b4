"""Typed SQLAlchemy tables, one module per domain. Import every model here so Alembic sees the whole schema."""

from survey_app.models.absence import AbsenceImport, AbsenceSpell, SignalTalk, Staffing, StaffingGroup
from survey_app.models.accounts import ROLES, TWO_STEP_ROLES, RecoveryCode, Role, UnitAssignment, User
from survey_app.models.api import ApiToken
from survey_app.models.audit import AuditEvent
from survey_app.models.indicators import IndicatorTarget, IndicatorValue
from survey_app.models.interviews import (
    ActionProposal,
    Finding,
    FindingNote,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    Reflection,
)
from survey_app.models.jobs import JOB_STATUSES, Job
from survey_app.models.known_names import KnownName, KnownNameList
from survey_app.models.mail import MAIL_STATUSES, NotificationChoice, OutgoingMail, PasswordReset
from survey_app.models.org import UNIT_KINDS, RoundTree, Unit, UnitTree
from survey_app.models.person import REPORT_SOURCES, TASK_OUTCOMES, Employee, PersonTaskDone, SickReport
from survey_app.models.person_cases import (
    CASE_OUTCOMES,
    DUTIES,
    PARTICIPANT_ROLES,
    PERSON_CASE_KINDS,
    PersonCase,
    PersonCaseParticipant,
    PersonFollowUp,
    PersonStep,
)
from survey_app.models.plan_voices import PlanComment, PlanSignature
from survey_app.models.plans import (
    CaseComparison,
    CaseStage,
    FollowUp,
    InterventionCase,
    PlanGoal,
    PlanStep,
    StepChange,
)
from survey_app.models.support import EarlySupportModel, SupportEvent
from survey_app.models.surveys import (
    AccessCode,
    Answer,
    ResponseDraft,
    RoundUnit,
    SurveyResponse,
    SurveyRound,
)

__all__ = [
    "ROLES",
    "UNIT_KINDS",
    "AbsenceImport",
    "AbsenceSpell",
    "SignalTalk",
    "Staffing",
    "StaffingGroup",
    "AccessCode",
    "ActionProposal",
    "Finding",
    "FindingNote",
    "InterviewNote",
    "InterviewRound",
    "InterviewSession",
    "Reflection",
    "ApiToken",
    "Answer",
    "AuditEvent",
    "CaseComparison",
    "CaseStage",
    "EarlySupportModel",
    "FollowUp",
    "IndicatorTarget",
    "IndicatorValue",
    "InterventionCase",
    "JOB_STATUSES",
    "Job",
    "KnownName",
    "KnownNameList",
    "MAIL_STATUSES",
    "NotificationChoice",
    "OutgoingMail",
    "PasswordReset",
    "REPORT_SOURCES",
    "TASK_OUTCOMES",
    "Employee",
    "PersonTaskDone",
    "SickReport",
    "CASE_OUTCOMES",
    "DUTIES",
    "PARTICIPANT_ROLES",
    "PERSON_CASE_KINDS",
    "PersonCase",
    "PersonCaseParticipant",
    "PersonFollowUp",
    "PersonStep",
    "PlanComment",
    "PlanSignature",
    "PlanGoal",
    "PlanStep",
    "RecoveryCode",
    "StepChange",
    "SupportEvent",
    "ResponseDraft",
    "Role",
    "RoundTree",
    "RoundUnit",
    "SurveyResponse",
    "SurveyRound",
    "TWO_STEP_ROLES",
    "Unit",
    "UnitAssignment",
    "UnitTree",
    "User",
]
