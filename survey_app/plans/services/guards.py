"""What every plan use case checks before it writes: may the actor do it, and do the plan rules accept the input.

HR and admin run cases everywhere; a manager plans for the units in their scope; occupational health only reads. A
refusal is ``NotAllowedError`` (a 404 at the edge); the rules' own ``PlanError`` (``interventions.plans``) becomes the
user's ``DomainError`` through ``DomainError.from_rule``.
"""

from __future__ import annotations

from survey_app.access import NotAllowedError, unit_scope
from survey_app.models import InterventionCase, Role, User

PLANNERS = (Role.HR.value, Role.ADMIN.value, Role.MANAGER.value)


def can_see(actor: User, case: InterventionCase) -> bool:
    """Whether the case's unit is in the actor's scope."""
    scope = unit_scope(actor)
    return scope is None or case.unit_id in scope


def can_plan(actor: User, case: InterventionCase) -> bool:
    """HR and admin everywhere; a manager for the units in their scope; occupational health reads only."""
    return actor.role in PLANNERS and can_see(actor, case)


def require(allowed: bool) -> None:
    """Raise ``NotAllowedError`` unless ``allowed``."""
    if not allowed:
        raise NotAllowedError
