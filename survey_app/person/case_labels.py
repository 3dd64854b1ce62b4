"""What the pages call a person case's kinds, duties, participant roles and outcomes, in the reader's language.

The stored values are the model's constants (``models.person_cases``); a value the labels do not know is shown as
it is, never hidden.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "early_support": _l("Early-support talk"),
    "network_meeting": _l("Network meeting"),
    "return_to_work": _l("Return-to-work plan"),
    "work_trial": _l("Work trial"),
}
#: The link that opens a case of each kind ("New …").
NEW_KIND_LABELS = {
    "early_support": _l("New early-support talk"),
    "network_meeting": _l("New network meeting"),
    "return_to_work": _l("New return-to-work plan"),
    "work_trial": _l("New work trial"),
}
DUTY_LABELS = {
    "usual": _l("Usual duties"),
    "adjusted": _l("Adjusted duties"),
    "replacement": _l("Replacement duties"),
}
ROLE_LABELS = {
    "manager": _l("Manager"),
    "employee": _l("Employee"),
    "hr": _l("HR"),
    "rehab": _l("Rehabilitation coordinator"),
    "occupational_health": _l("Occupational health"),
    "safety_representative": _l("Safety representative"),
    "support_person": _l("Support person"),
}
CASE_OUTCOME_LABELS = {
    "back_at_work": _l("Back at work"),
    "steps_done": _l("The agreed steps are done"),
    "referred": _l("Referred on (occupational health, rehabilitation)"),
    "no_further_action": _l("No further action"),
}


def kind_label(kind: str) -> str:
    """A case kind in the reader's language."""
    return str(KIND_LABELS.get(kind, kind))


def new_kind_label(kind: str) -> str:
    """The "New …" link of a case kind."""
    return str(NEW_KIND_LABELS.get(kind, kind))


def duty_label(duties: str | None) -> str:
    """Which duties, or a dash when none were given."""
    return str(DUTY_LABELS.get(duties, duties)) if duties else "–"


def role_label(role: str) -> str:
    """A participant role in the reader's language."""
    return str(ROLE_LABELS.get(role, role))


def case_outcome_label(outcome: str | None) -> str:
    """How a case ended, or a dash for an open one."""
    return str(CASE_OUTCOME_LABELS.get(outcome, outcome)) if outcome else "–"


def template_helpers() -> dict:
    """The labels for the person case pages (a context processor)."""
    return {
        "case_kind_label": kind_label,
        "new_case_label": new_kind_label,
        "duty_label": duty_label,
        "participant_role_label": role_label,
        "case_outcome_label": case_outcome_label,
    }
