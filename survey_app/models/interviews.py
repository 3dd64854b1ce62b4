"""Staff interviews and focus groups ("chefsstöd"): a round per unit, its sessions, the notes taken in them, the HR
specialist's key findings, and the work group's reflections.

What is *not* held, by design: the names of the people interviewed (a session stores only how many took part) and
any link from a note to a person. Raw notes are readable by HR and the session's interviewer only; managers see the
compilation once HR releases it (see ``survey_app.interviews.services``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User
from survey_app.models.org import Unit

SESSION_KINDS = ("individual", "group")
FINDING_KINDS = ("strength", "risk")
REFLECTION_KINDS = ("reflection", "suggestion")


class InterviewRound(Base):
    """Interviews with all staff of one unit, run from the round's own copy of an interview guide."""

    __tablename__ = "interview_rounds"
    __table_args__ = (
        CheckConstraint("staff_count >= 0", name="staff_not_negative"),
        CheckConstraint("anonymity_threshold >= 3", name="threshold_at_least_3"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The language the interviews are held in, and the guide's language.
    language: Mapped[str] = mapped_column(String(5))
    #: The round's own guide: {"language": ..., "themes": [{"key", "title", "questions": [...]}]}.
    guide: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Staff in the unit when the round started: the denominator of coverage.
    staff_count: Mapped[int] = mapped_column(default=0)
    #: A theme reaches the work group only when raised in this many sessions, or by this many participants.
    anonymity_threshold: Mapped[int] = mapped_column(default=5)
    #: Set when HR releases the compilation to the unit's managers.
    released_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    sessions: Mapped[list[InterviewSession]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="InterviewSession.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Finding.id"
    )
    reflections: Mapped[list[Reflection]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Reflection.id"
    )


class InterviewSession(Base):
    """One interview (individual) or focus group: when, who interviewed, how many took part — never who."""

    __tablename__ = "interview_sessions"
    __table_args__ = (
        CheckConstraint("participants >= 1", name="someone_takes_part"),
        CheckConstraint("kind IN ('individual', 'group')", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("interview_rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    planned_on: Mapped[date]
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    participants: Mapped[int] = mapped_column(default=1)
    held: Mapped[bool] = mapped_column(default=False)

    round: Mapped[InterviewRound] = relationship(back_populates="sessions")
    interviewer: Mapped[User | None] = relationship()
    notes: Mapped[list[InterviewNote]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="InterviewNote.id"
    )


class InterviewNote(Base):
    """A short note filed under one of the guide's themes."""

    __tablename__ = "interview_notes"
    __table_args__ = (UniqueConstraint("session_id", "client_key", name="one_note_per_client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    #: The interviewee's own words: shown only redacted, and never next to the session it came from.
    quote: Mapped[bool] = mapped_column(default=False)
    suggestion: Mapped[bool] = mapped_column(default=False)
    #: The participant of an individual interview agreed that this may be shown to the manager: a theme only one
    #: person raised reaches the managers' presentation only then. Means nothing for a focus group's notes.
    shareable: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: A random key made when the note form is shown (or by the page's script): a resent note is stored once.
    client_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[InterviewSession] = relationship(back_populates="notes")


class FindingNote(Base):
    """Which notes support a key finding."""

    __tablename__ = "interview_finding_notes"

    finding_id: Mapped[int] = mapped_column(ForeignKey("interview_findings.id", ondelete="CASCADE"), primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("interview_notes.id", ondelete="CASCADE"), primary_key=True)


class Finding(Base):
    """A key finding the HR specialist draws from the notes: a strength or a risk, under a theme."""

    __tablename__ = "interview_findings"
    __table_args__ = (CheckConstraint("kind IN ('strength', 'risk')", name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("interview_rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    theme: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)

    round: Mapped[InterviewRound] = relationship(back_populates="findings")
    notes: Mapped[list[InterviewNote]] = relationship(secondary="interview_finding_notes", order_by="InterviewNote.id")


class Reflection(Base):
    """What the work group said when the compilation was presented to it."""

    __tablename__ = "interview_reflections"
    __table_args__ = (CheckConstraint("kind IN ('reflection', 'suggestion')", name="known_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("interview_rounds.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[InterviewRound] = relationship(back_populates="reflections")
    proposal: Mapped[ActionProposal | None] = relationship(back_populates="reflection")


class ActionProposal(Base):
    """A candidate step for the unit's action plan, waiting to be taken into the plan (or declined)."""

    __tablename__ = "action_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(String(40))
    reflection_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_reflections.id", ondelete="SET NULL"), unique=True
    )
    #: proposed → adopted (into a plan step) or declined.
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()
    reflection: Mapped[Reflection | None] = relationship(back_populates="proposal")
