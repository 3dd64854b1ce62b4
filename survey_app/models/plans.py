"""Intervention cases and their action plans: from the first signal to the evaluated result.

A case belongs to one unit and moves through the method's stages (``interventions.plans.STAGES``); every stage it
reaches is kept with its date, who recorded it and a note. Its action plan has measurable goals and concrete steps;
every step that is not closed has a next follow-up date, and each follow-up is kept. Every change to a step is kept
too (``StepChange``), so the plan's history can be read back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User
from survey_app.models.org import Unit


class InterventionCase(Base):
    """Support for one unit, opened on a trigger and followed until it is evaluated and closed."""

    __tablename__ = "intervention_cases"
    __table_args__ = (
        CheckConstraint(
            "trigger IN ('absence_signal', 'survey_result', 'manager_request', 'other')", name="known_trigger"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(20))
    #: What the trigger was, in a sentence ("short-term absence 7.9 % against 4.1 % in the organisation").
    trigger_note: Mapped[str] = mapped_column(Text, default="")
    #: The HR specialist who runs the case.
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: The latest stage reached (the history is in ``stages``).
    stage: Mapped[str] = mapped_column(String(30), default="identified")
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    #: The periods the evaluation compares: before the intervention, and after it.
    reference_start: Mapped[date | None]
    reference_end: Mapped[date | None]
    follow_up_start: Mapped[date | None]
    follow_up_end: Mapped[date | None]
    #: Absence figures of the two periods, entered by HR where Omtanke holds no absence data for them.
    reference_employees: Mapped[float | None]
    reference_sick_days: Mapped[float | None]
    reference_short_term_days: Mapped[float | None]
    follow_up_employees: Mapped[float | None]
    follow_up_sick_days: Mapped[float | None]
    follow_up_short_term_days: Mapped[float | None]
    #: The cost of one sick day, for the estimated value of the change (the organisation's default when null).
    daily_cost: Mapped[float | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    responsible: Mapped[User | None] = relationship(foreign_keys=[responsible_id])
    stages: Mapped[list[CaseStage]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="(CaseStage.reached_on, CaseStage.id)"
    )
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PlanGoal.id"
    )
    steps: Mapped[list[PlanStep]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PlanStep.id", foreign_keys="PlanStep.case_id"
    )
    #: Steps that were still open when this case closed and now continue in another case of the unit.
    moved_steps: Mapped[list[PlanStep]] = relationship(
        foreign_keys="PlanStep.moved_from_case_id", order_by="PlanStep.id", viewonly=True
    )


class CaseComparison(Base):
    """A unit the case's effect is compared with (issue 24): chosen automatically (``chosen_by`` "auto") from units of
    the same kind, size and absence level and trend without an intervention in the period, or by HR ("hr"); HR may
    also leave an automatically chosen one out (``excluded``), which is kept so that the choice can be explained."""

    __tablename__ = "case_comparisons"
    __table_args__ = (
        UniqueConstraint("case_id", "unit_id", name="one_comparison_per_unit"),
        CheckConstraint("chosen_by IN ('auto', 'hr')", name="known_chooser"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    chosen_by: Mapped[str] = mapped_column(String(4))
    excluded: Mapped[bool] = mapped_column(default=False)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()


class CaseStage(Base):
    """A stage the case reached: when, who recorded it, and what happened."""

    __tablename__ = "case_stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(30))
    reached_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[InterventionCase] = relationship(back_populates="stages")
    recorded_by: Mapped[User | None] = relationship()


class PlanGoal(Base):
    """A measurable goal: an indicator, where it stands, where it should be, and by when."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    #: A key of ``interventions.indicators.INDICATORS``.
    indicator: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[float | None]
    target: Mapped[float]
    target_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[InterventionCase] = relationship(back_populates="goals")


class PlanStep(Base):
    """A concrete step of the plan. Until it is done or dropped it always has a next follow-up date."""

    __tablename__ = "plan_steps"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="known_status"),
        CheckConstraint(
            "status IN ('done', 'dropped') OR next_follow_up_on IS NOT NULL", name="open_steps_are_followed_up"
        ),
        CheckConstraint(
            "responsible_role IS NULL OR responsible_role IN "
            "('unit_manager', 'hr', 'occupational_health', 'safety_representative', 'work_group')",
            name="known_responsible_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    #: Why: the finding or theme the step answers, in words.
    why: Mapped[str] = mapped_column(Text, default="")
    #: The interview theme it answers (a guide key), if any.
    theme: Mapped[str | None] = mapped_column(String(40))
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("interview_findings.id", ondelete="SET NULL"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("action_proposals.id", ondelete="SET NULL"))
    #: Who does it: an account that may work on the unit (a manager of it, HR), so reminders reach them ...
    responsible_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: ... or a named role (``interventions.plans.RESPONSIBLE_ROLES``: the unit manager, HR, the work group, ...).
    responsible_role: Mapped[str | None] = mapped_column(String(30))
    #: Who was responsible in words, from before responsibility named an account or a role (migration 0017): kept
    #: where the old text named neither; emptied once an account or a role is chosen.
    responsible_note: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    next_follow_up_on: Mapped[date | None] = mapped_column(index=True)
    created_on: Mapped[date]
    #: Why the step was dropped, when its case closed with the step still open and it was cancelled.
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    #: The case this step was moved from: that case closed while the step was open, and the step continues here
    #: with its follow-ups and history (the case it was moved from last, if it moved more than once).
    moved_from_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervention_cases.id", ondelete="SET NULL"), index=True
    )

    case: Mapped[InterventionCase] = relationship(back_populates="steps", foreign_keys=[case_id])
    moved_from: Mapped[InterventionCase | None] = relationship(foreign_keys=[moved_from_case_id], viewonly=True)
    #: Loaded with the steps (one query for all of them): every page listing steps names who is responsible.
    responsible_user: Mapped[User | None] = relationship(foreign_keys=[responsible_user_id], lazy="selectin")
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="step", cascade="all, delete-orphan", order_by="(FollowUp.held_on, FollowUp.id)"
    )
    changes: Mapped[list[StepChange]] = relationship(
        back_populates="step", cascade="all, delete-orphan", order_by="StepChange.id"
    )


class FollowUp(Base):
    """A follow-up of a step: when, what was done, the new status, the effect people perceive, and the next date."""

    __tablename__ = "plan_follow_ups"
    __table_args__ = (CheckConstraint("effect IN ('worse', 'none', 'some', 'clear')", name="known_effect"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("plan_steps.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    done: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    effect: Mapped[str] = mapped_column(String(8))
    next_follow_up_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    step: Mapped[PlanStep] = relationship(back_populates="follow_ups")
    recorded_by: Mapped[User | None] = relationship()


class StepChange(Base):
    """One change to a step: which fields went from what to what, who changed them, when."""

    __tablename__ = "plan_step_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("plan_steps.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: "created", "changed", "followed_up" or "moved" (to another case of the unit, as its case closed).
    kind: Mapped[str] = mapped_column(String(12))
    #: {field: [before, after]} for every field that changed.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    step: Mapped[PlanStep] = relationship(back_populates="changes")
    by: Mapped[User | None] = relationship()
