"""Accounts, roles and the units a person is responsible for."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.db import Base, utcnow
from survey_app.models.org import Unit


class Role(enum.StrEnum):
    """What a person may do. Managers and occupational health are limited to their assigned units."""

    ADMIN = "admin"  # manages units, users and reads the audit log
    HR = "hr"  # HR specialist: organisation-wide
    MANAGER = "manager"  # the units they manage and everything below them
    OHS = "ohs"  # occupational health: read access to what it is invited to
    SAFETY = "safety"  # safety representative: their units' results and plans, comments and co-signs; no person data


ROLES = tuple(role.value for role in Role)
#: Roles that see data across units or health data: they must log in with a second step (issue 11). Managers may.
TWO_STEP_ROLES = frozenset({Role.ADMIN.value, Role.HR.value, Role.OHS.value})


class User(UserMixin, Base):
    """A person who logs in: one role and, for a manager or occupational health, the units assigned to them."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'hr', 'manager', 'ohs', 'safety')", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, stored lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: argon2id hash; never the password.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    #: Preferred UI language (sv, fi, en); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(5))
    #: Bumped on logout, password change and deactivation so that every session of the account ends.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: Base32 TOTP key (RFC 6238). Set when enrolment starts; counts only once ``two_step_enrolled_at`` is set.
    #: Never logged or audited.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    two_step_enrolled_at: Mapped[datetime | None]
    #: The last 30-second time step whose code was accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None]
    #: Failed password or code attempts in a row; at LOCKOUT_AFTER the account is locked until an admin unlocks it.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_at: Mapped[datetime | None]

    assignments: Mapped[list[UnitAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        """Whether the account may log in at all: Flask-Login's name for ``active``."""
        return self.active

    def get_id(self) -> str:
        """The id a session keeps: the account's id and session version, so bumping the version ends every session."""
        return f"{self.id}:{self.session_version}"

    @property
    def two_step_enrolled(self) -> bool:
        """Whether the account has finished setting up its authenticator."""
        return self.two_step_enrolled_at is not None and self.totp_secret is not None

    @property
    def needs_two_step(self) -> bool:
        """Whether logging in takes a code: always for the roles that must, and for anyone who enrolled."""
        return self.role in TWO_STEP_ROLES or self.two_step_enrolled

    @property
    def assigned_units(self) -> list[Unit]:
        """The units assigned to the person: those a manager manages, or occupational health is invited to."""
        return [assignment.unit for assignment in self.assignments]

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class RecoveryCode(Base):
    """A one-time code that replaces the authenticator once, e.g. after losing the phone; deleted when used."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: argon2id hash, like a password; the code itself is shown once and never stored.
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UnitAssignment(Base):
    """A unit a manager manages, or a unit occupational health has been invited to."""

    __tablename__ = "unit_assignments"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)

    user: Mapped[User] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()
