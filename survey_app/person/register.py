"""The employee register: whom a manager calls. PLACEHOLDER interface: the register helper fills it."""

from __future__ import annotations

from survey_app.models import User


def display_name(actor: User, employee_id: str) -> str:
    """How ``employee_id`` is shown to ``actor``: the registered name for HR and the employee's own manager, else
    the pseudonymous id (one home for this rule)."""
    return employee_id
