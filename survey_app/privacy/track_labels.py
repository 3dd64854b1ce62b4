"""The words the data-subject page and workbook use for the person track's stored values, in the reader's language.

Each comes from its one home: the tasks' labels and outcomes from ``person.tasks``, a case's kind, duties, roles and
outcome from ``person.case_labels``, a step's status and a follow-up's effect from ``interventions.plans`` (the unit
plans' words, which person steps share). Only a sick report's source is named here: no page of the track shows it.
A value no label knows is shown as stored, never hidden.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from interventions.plans import EFFECT_LABELS, STATUS_LABELS
from survey_app.person.case_labels import case_outcome_label, duty_label, kind_label, role_label
from survey_app.person.tasks import OUTCOME_LABELS, task_label

#: Where a sick report came from (``models.person.REPORT_SOURCES``).
SOURCE_LABELS = {
    "api": _l("The HR system or the nurse line (API)"),
    "form": _l("A form in Omtanke"),
}


def source_label(source: str) -> str:
    """Where a sick report came from."""
    return str(SOURCE_LABELS.get(source, source))


def outcome_label(outcome: str) -> str:
    """How a task ended."""
    return str(OUTCOME_LABELS.get(outcome, outcome))


def status_label(status: str) -> str:
    """A step's status."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def effect_label(effect: str) -> str:
    """A follow-up's effect."""
    return _(EFFECT_LABELS[effect]) if effect in EFFECT_LABELS else effect


def track_labels() -> dict:
    """The labels above by the names the privacy templates use (a context processor)."""
    return {
        "task_label": task_label,
        "task_outcome_label": outcome_label,
        "report_source_label": source_label,
        "case_kind_label": kind_label,
        "duty_label": duty_label,
        "participant_role_label": role_label,
        "case_outcome_label": case_outcome_label,
        "step_status_label": status_label,
        "effect_label": effect_label,
    }
