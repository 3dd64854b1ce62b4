"""Who may do what with early support: the checks every support service makes, for pages and CLI alike.

HR and admin edit the model; everyone who may see a unit may log a talk or meeting there; an entry is deleted by
whoever logged it (while the unit is still theirs), or by HR and admin.
"""

from __future__ import annotations

from survey_app.access import ORGANISATION_WIDE, NotAllowedError, can_see_unit
from survey_app.models import SupportEvent, User


def require(allowed: bool) -> None:
    """Refuse (``NotAllowedError``, a 404) unless ``allowed``."""
    if not allowed:
        raise NotAllowedError


def can_edit_model(actor: User) -> bool:
    """HR and admin edit the organisation's model."""
    return actor.role in ORGANISATION_WIDE


def can_see_event(actor: User, event: SupportEvent) -> bool:
    """Whether the event's unit is one the actor may see."""
    return can_see_unit(actor, event.unit_id)


def can_delete_event(actor: User, event: SupportEvent) -> bool:
    """Whoever logged it (while the unit is still theirs), or HR and admin."""
    own = event.recorded_by_id is not None and event.recorded_by_id == actor.id
    return actor.role in ORGANISATION_WIDE or (own and can_see_event(actor, event))
