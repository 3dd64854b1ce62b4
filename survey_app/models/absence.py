"""Sickness absence: spells as HR systems export them, staffing per unit and month, and the talks held on signals.

Special-category health data (GDPR art. 9; Finland's act 759/2004): only pseudonymous employee ids, dates and extent
are stored — never a name, never a diagnosis. Access is for HR and, for signals, the employee's manager; every read is
audit-logged; spells older than the retention period are deleted (``omtanke absence purge`` and every import).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.org import Unit


class AbsenceSpell(Base):
    """One sick-leave spell of one (pseudonymous) employee."""

    __tablename__ = "absence_spells"
    __table_args__ = (
        CheckConstraint("extent IN (25, 50, 75, 100)", name="known_extent"),
        CheckConstraint("last_day IS NULL OR last_day >= first_day", name="days_in_order"),
    )
    # No secondary index: every query reads the table by date range over all units (statistics, signals, the
    # period an import replaces), and each index would slow a million-row import by several seconds.

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The HR system's pseudonymous id: never a name or a personal identity number.
    employee_id: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    first_day: Mapped[date]
    #: None while the spell is still open.
    last_day: Mapped[date | None]
    #: Per cent of working time: 100, 75, 50 or 25.
    extent: Mapped[int] = mapped_column(default=100)
    #: Optional, for the mandatory Swedish ratios: "F", "M" or None; age band "0-29", "30-49", "50+" or None.
    sex: Mapped[str | None] = mapped_column(String(1))
    age_band: Mapped[str | None] = mapped_column(String(5))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("absence_imports.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship()


class Staffing(Base):
    """How many people a unit had in a month: headcount or FTE (and, if known, scheduled hours)."""

    __tablename__ = "absence_staffing"
    __table_args__ = (UniqueConstraint("unit_id", "month", name="one_figure_per_unit_and_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    #: The first day of the month.
    month: Mapped[date]
    employees: Mapped[float]
    scheduled_hours: Mapped[float | None]

    unit: Mapped[Unit] = relationship()


class StaffingGroup(Base):
    """How many people of one sex and/or age band a unit had in a month, for the Swedish ratios by sex and age band.
    "" stands for "all": ("F", "") counts the unit's women, ("F", "0-29") its women aged 29 or under."""

    __tablename__ = "absence_staffing_groups"
    __table_args__ = (
        UniqueConstraint("unit_id", "month", "sex", "age_band", name="one_figure_per_group"),
        CheckConstraint("sex <> '' OR age_band <> ''", name="is_a_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    #: The first day of the month.
    month: Mapped[date]
    sex: Mapped[str] = mapped_column(String(1), default="")
    age_band: Mapped[str] = mapped_column(String(5), default="")
    employees: Mapped[float]


class AbsenceImport(Base):
    """One import of a spell file: which period it replaced, how many rows, who imported it."""

    __tablename__ = "absence_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    period_start: Mapped[date]
    period_end: Mapped[date]
    rows: Mapped[int]
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignalTalk(Base):
    """That the talk a person signal called for was held: the date only, nothing about the talk."""

    __tablename__ = "absence_signal_talks"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[str] = mapped_column(String(64), index=True)
    rule: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
