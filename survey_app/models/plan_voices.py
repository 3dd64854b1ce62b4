"""The safety representative's part in a unit's plan (issue 23): comments, and a co-signature with its date.

Systematic work-environment management (Sweden's AFS 2001:1, SAM; Finland's työsuojelun yhteistoiminta) expects the
safety representative (skyddsombud / työsuojeluvaltuutettu) to take part in drawing up and following the plan. A
``PlanComment`` is what anyone working on the plan wrote about it; a ``PlanSignature`` is a co-signature of the plan
as it stood on that day (the steps' state is in their history, ``StepChange``, so "changed since it was signed" can be
told).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.accounts import User

#: The most characters of a comment.
COMMENT_MAX = 2000


class PlanComment(Base):
    """A comment on a unit's plan: who, in which role then, when, and what."""

    __tablename__ = "plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The author's role when they wrote it (accounts change roles).
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class PlanSignature(Base):
    """A co-signature of a unit's plan: who, in which role, on which day."""

    __tablename__ = "plan_signatures"
    __table_args__ = (UniqueConstraint("case_id", "user_id", name="one_signature_per_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("intervention_cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20))
    signed_on: Mapped[date]
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()
