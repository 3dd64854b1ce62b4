"""Typed SQLAlchemy tables, one module per domain. Import every model here so Alembic sees the whole schema."""

from survey_app.models.accounts import ROLES, Role, UnitAssignment, User
from survey_app.models.audit import AuditEvent
from survey_app.models.org import Unit

__all__ = ["ROLES", "AuditEvent", "Role", "Unit", "UnitAssignment", "User"]
