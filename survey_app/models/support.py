"""The organisation's early-support model ("tidigt stöd / varhainen tuki") and the talks and meetings it leads to.

The model is the organisation's own text: stages, triggers, who does what, whom to contact. Early-support talks and
network meetings are logged per unit with the date and the roles present only — never the employee, never any
health detail — so that they can be counted as indicators.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.org import Unit

SUPPORT_EVENT_KINDS = ("early_support_talk", "network_meeting")


class EarlySupportModel(Base):
    """The organisation's early-support model: one row, edited by HR (content described in support.services.model)."""

    __tablename__ = "early_support_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: {"stages": [{"key", "title", "when", "manager_does", "contacts"}], "roles": {...}, "contacts": [...]}.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupportEvent(Base):
    """An early-support talk or a network meeting held in a unit: the date and the roles present, nothing else."""

    __tablename__ = "support_events"
    __table_args__ = (CheckConstraint("kind IN ('early_support_talk', 'network_meeting')", name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(index=True)
    #: Roles present, e.g. ["manager", "employee", "ohs"]: never names.
    roles_present: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
