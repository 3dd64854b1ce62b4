"""Early support: the organisation's model (stages, roles, contacts) and the log of talks and network meetings.

Who may do what (``permissions``): every logged-in role reads the model as a quick guide; HR and admin edit it.
Managers log talks and meetings for the units in their scope, occupational health for the units it is invited to,
HR and admin anywhere. An entry is deleted by whoever logged it, or by HR and admin. A logged event holds the unit,
the kind, the date and the roles present — never a name, never a health detail. Every write is in the audit log.

``model`` holds the model's use cases, ``events`` the log's; every public name is importable from here.
"""

from survey_app.access import NotAllowedError  # the refusal these services raise
from survey_app.support.services.events import (
    KINDS,
    NETWORK_MEETING_MINIMUM,
    ROLES,
    YEARS_BACK,
    MonthCount,
    delete_event,
    event_counts,
    events_for,
    log_event,
    monthly_counts,
    units_for,
)
from survey_app.support.services.model import (
    CONTACT_LIMITS,
    CONTACTS_MAX,
    LINE_MAX,
    LINES_MAX,
    TITLE_MAX,
    check_contact,
    check_model,
    contacts_for,
    current_model,
    reachable_contacts,
    save_model,
    saved_model,
)
from survey_app.support.services.permissions import (
    ORGANISATION_WIDE,
    can_delete_event,
    can_edit_model,
    can_see_event,
)

__all__ = [
    "CONTACTS_MAX",
    "CONTACT_LIMITS",
    "KINDS",
    "LINES_MAX",
    "LINE_MAX",
    "NETWORK_MEETING_MINIMUM",
    "ORGANISATION_WIDE",
    "ROLES",
    "TITLE_MAX",
    "YEARS_BACK",
    "MonthCount",
    "NotAllowedError",
    "can_delete_event",
    "can_edit_model",
    "can_see_event",
    "check_contact",
    "check_model",
    "contacts_for",
    "current_model",
    "delete_event",
    "event_counts",
    "events_for",
    "log_event",
    "monthly_counts",
    "reachable_contacts",
    "save_model",
    "saved_model",
    "units_for",
]
