"""The person track's talks, meetings and plans (issue 23): what a manager and the employee agree, followed up.

A ``PersonCase`` is one of four things about one employee (``PERSON_CASE_KINDS``):

* an **early-support talk** (varhaisen tuen keskustelu; Botkyrka's omtankesamtal): manager and employee, HR or a
  rehab leader at the employee's wish, occupational health;
* a **network meeting** (työterveysneuvottelu): at least employee, manager and occupational health; HR, the safety
  representative and a support person at the employee's wish;
* a **return-to-work plan** (Sweden: due by day 30 when 60 days or more are expected, Social Insurance Code ch. 30
  §6) with adjusted or replacement duties;
* a **work trial** (työkokeilu: usually 2–3 months, at most 6), its hours stepped up on a schedule.

What was agreed is kept as steps (``PersonStep``) with due dates and follow-ups (``PersonFollowUp``), under the same
rules as a unit's plan (``interventions.plans``: every open step has a next follow-up date). They live in tables of
their own, apart from the unit plans: health-related data about a named person is stored separately (Finland's act
759/2004 §5), and nothing that lists a unit's plans can ever reach them.

Consent and minimum data: each participant other than the manager and the employee is recorded with the day the
employee consented (``PersonCaseParticipant.consent_on``), and sharing the plan with occupational health has its own
consent day (``PersonCase.oh_consent_on``). Notes are short and structured; there is no field for a diagnosis, a
reason or anything medical. The whole case is deleted a configurable time after it closes
(``OMTANKE_RETAIN_PERSON_TRACK_MONTHS``) and on an erasure request.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User
from survey_app.models.org import Unit

PERSON_CASE_KINDS = ("early_support", "network_meeting", "return_to_work", "work_trial")
#: Who takes part, by role. The manager and the employee always may; every other role needs the employee's consent.
PARTICIPANT_ROLES = (
    "manager",
    "employee",
    "hr",
    "rehab",
    "occupational_health",
    "safety_representative",
    "support_person",
)
#: The roles that take part without a consent of their own: the two the talk is between.
OWN_ROLES = ("manager", "employee")
#: Which duties the person returns to (return-to-work plans and work trials).
DUTIES = ("usual", "adjusted", "replacement")
#: How a case ended.
CASE_OUTCOMES = ("back_at_work", "steps_done", "referred", "no_further_action")
#: The most characters of a step's text or a follow-up's note: short, about work, never about health.
SHORT_TEXT = 300


class PersonCase(Base):
    """A talk, a meeting or a plan about one employee, from its booking to its close."""

    __tablename__ = "person_cases"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('early_support', 'network_meeting', 'return_to_work', 'work_trial')", name="known_kind"
        ),
        CheckConstraint("duties IS NULL OR duties IN ('usual', 'adjusted', 'replacement')", name="known_duties"),
        CheckConstraint(
            "outcome IS NULL OR outcome IN ('back_at_work', 'steps_done', 'referred', 'no_further_action')",
            name="known_outcome",
        ),
        CheckConstraint("closed_on IS NULL OR outcome IS NOT NULL", name="closed_cases_have_an_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), index=True)
    #: The employee's unit when the case was opened (scope: the manager of this unit works on it).
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: The day the signal or sick period that led to the case was reached (a task's anchor), if any: "talks held
    #: within N days of the signal" counts from it.
    signal_on: Mapped[date | None]
    #: The day the talk or meeting is booked for; the day it was held.
    planned_on: Mapped[date | None]
    held_on: Mapped[date | None]
    #: A return-to-work plan's or work trial's period.
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    duties: Mapped[str | None] = mapped_column(String(12))
    #: The day the employee consented to sharing the plan with occupational health; None: not shared.
    oh_consent_on: Mapped[date | None]
    #: The day the employee was back at their usual work (days to return count to it).
    returned_on: Mapped[date | None]
    closed_on: Mapped[date | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    #: The unit-level count of the talk or meeting (``SupportEvent``: unit, date, roles; no person), once held.
    support_event_id: Mapped[int | None] = mapped_column(ForeignKey("support_events.id", ondelete="SET NULL"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    opened_by: Mapped[User | None] = relationship()
    participants: Mapped[list[PersonCaseParticipant]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PersonCaseParticipant.id"
    )
    steps: Mapped[list[PersonStep]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="(PersonStep.due_on, PersonStep.id)"
    )


class PersonCaseParticipant(Base):
    """Who takes part, by role; an account where one is invited (occupational health then sees this case); the day
    the employee consented to them (None for the manager and the employee, who need none)."""

    __tablename__ = "person_case_participants"
    __table_args__ = (
        CheckConstraint(
            "role IN ('manager', 'employee', 'hr', 'rehab', 'occupational_health', 'safety_representative', "
            "'support_person')",
            name="known_role",
        ),
        CheckConstraint("role IN ('manager', 'employee') OR consent_on IS NOT NULL", name="others_need_consent"),
        UniqueConstraint("case_id", "role", "user_id", name="one_participation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("person_cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    consent_on: Mapped[date | None]

    case: Mapped[PersonCase] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()


class PersonStep(Base):
    """A step agreed for the person (adjusted duties, a work-trial period at N % of the hours, a check-in …): who
    does it by role, by when, and until it is done or dropped, the next follow-up date."""

    __tablename__ = "person_steps"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="known_status"),
        CheckConstraint(
            "status IN ('done', 'dropped') OR next_follow_up_on IS NOT NULL", name="open_steps_are_followed_up"
        ),
        CheckConstraint(
            "responsible_role IN ('manager', 'employee', 'hr', 'rehab', 'occupational_health', "
            "'safety_representative', 'support_person')",
            name="known_responsible_role",
        ),
        CheckConstraint("hours_percent IS NULL OR (hours_percent > 0 AND hours_percent <= 100)", name="hours_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("person_cases.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(SHORT_TEXT))
    responsible_role: Mapped[str] = mapped_column(String(24))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    next_follow_up_on: Mapped[date | None] = mapped_column(index=True)
    #: A work trial's schedule: from ``due_on`` the person works this share of their usual hours.
    hours_percent: Mapped[int | None]
    created_on: Mapped[date]

    case: Mapped[PersonCase] = relationship(back_populates="steps")
    follow_ups: Mapped[list[PersonFollowUp]] = relationship(
        back_populates="step", cascade="all, delete-orphan", order_by="(PersonFollowUp.held_on, PersonFollowUp.id)"
    )


class PersonFollowUp(Base):
    """A follow-up of a person's step: when, the new status, the effect, a short note and the next date."""

    __tablename__ = "person_follow_ups"
    __table_args__ = (CheckConstraint("effect IN ('worse', 'none', 'some', 'clear')", name="known_effect"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("person_steps.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(12))
    effect: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(String(SHORT_TEXT), default="")
    next_follow_up_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    step: Mapped[PersonStep] = relationship(back_populates="follow_ups")
    recorded_by: Mapped[User | None] = relationship()
