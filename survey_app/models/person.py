"""The person track (issue 23): sick reports, the employee register, and what a manager did about each task.

Sickness absence is special-category health data (GDPR art. 9; Finland's act 759/2004): these tables hold dates,
extent, an expected length and structured outcomes, never a diagnosis, a reason or free text about health.

* ``SickReport``: a sick report as it reached Omtanke (the HR system or a nurse line through the API, or a manager's
  or HR's form). It starts an open spell at once; a later absence import of the same spell (same employee and first
  day) replaces that spell and completes it, while the report keeps what only a report knows: the expected length.
* ``Employee``: the register that lets the employee's own manager and HR know whom to call. The one place Omtanke
  holds staff names; everywhere else the pseudonymous employee id is shown (docs/security.md).
* ``PersonTaskDone``: a manager's task (call on day 2, notify occupational health at 30 days …) is computed from the
  spells and reports by ``interventions.person_track``; only its completion is stored, keyed by the employee, the
  task's kind and the day it is anchored on (the sick period's first day, or the signal's day), so an import that
  rewrites the spells never duplicates or loses a task.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User
from survey_app.models.org import Unit

#: Where a sick report came from.
REPORT_SOURCES = ("api", "form")
#: How a task ended: the call reached the person or not, a talk was booked, or (tasks that are not calls) done.
TASK_OUTCOMES = ("reached", "not_reached", "talk_booked", "done")


class SickReport(Base):
    """A sick report: who (pseudonymous id), where, from which day, for how long it is expected, at what extent."""

    __tablename__ = "sick_reports"
    __table_args__ = (
        UniqueConstraint("employee_id", "first_day", name="one_report_per_spell"),
        CheckConstraint("extent IN (25, 50, 75, 100)", name="known_extent"),
        CheckConstraint("source IN ('api', 'form')", name="known_source"),
        CheckConstraint("expected_days IS NULL OR expected_days > 0", name="expected_days_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    first_day: Mapped[date]
    #: Calendar days the absence is expected to last, as the nurse line or the employee said; None when unknown.
    expected_days: Mapped[int | None]
    extent: Mapped[int] = mapped_column(default=100)
    source: Mapped[str] = mapped_column(String(8))
    #: The account that reported it (a manager, HR, or an API token's owner).
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    reported_by: Mapped[User | None] = relationship()


class Employee(Base):
    """One person of the register: the HR system's pseudonymous id, the name the manager needs, and the unit."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()


class PersonTaskDone(Base):
    """A manager's task about one employee, done: when, how it ended, by whom."""

    __tablename__ = "person_tasks_done"
    __table_args__ = (
        UniqueConstraint("employee_id", "kind", "anchor", name="one_completion_per_task"),
        CheckConstraint("outcome IN ('reached', 'not_reached', 'talk_booked', 'done')", name="known_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), index=True)
    #: A kind of ``interventions.person_track.TASK_KINDS``.
    kind: Mapped[str] = mapped_column(String(40))
    #: The day the task is anchored on: the sick period's first day, or the day the signal was reached.
    anchor: Mapped[date]
    done_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(String(12))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    done_by: Mapped[User | None] = relationship()
