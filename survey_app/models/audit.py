"""The audit log: who did what to which object, and when. Append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.db import Base, utcnow


class AuditEvent(Base):
    """One entry of the audit log: who did what to which object, and when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: None for the system (CLI, scheduled jobs) or a failed login by an unknown address.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: The actor's e-mail at the time, kept even if the account is later removed.
    actor_label: Mapped[str] = mapped_column(String(254))
    #: What happened, dotted: "unit.create", "user.password_change", "absence.read".
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    #: Small structured facts (changed fields, counts); never personal data beyond ids.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
