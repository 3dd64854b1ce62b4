"""Indicator targets and values per unit (or the whole organisation) and period.

Indicators are defined in ``interventions.indicators``; values that Omtanke can compute (survey indices, counts of
early-support talks and network meetings, absence once imported) are computed, the others are entered here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.org import Unit


class IndicatorTarget(Base):
    """Where an indicator should be, for a unit (or the organisation when unit_id is null), by a date."""

    __tablename__ = "indicator_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    target: Mapped[float]
    target_on: Mapped[date]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()


class IndicatorValue(Base):
    """An entered value of an indicator for a unit (or the organisation) and a period (a month, quarter or year)."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        Index("ix_indicator_values_lookup", "indicator", "unit_id", "period_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    value: Mapped[float]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
