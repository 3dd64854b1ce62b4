"""Plan facts in the reader's words: who is responsible, the status a step shows, and its history as sentences.

A step's history is stored as ``{field: [before, after]}`` (``StepChange``); this module writes each change as a
sentence in the reader's language ("Status changed from Planned to Done", "Next follow-up removed (was 18 Dec
2026)"), with dates in the reader's format and times in the organisation's time zone (``clock.local_time``), never
field names or UTC. It only formats: it never queries and never decides a rule (``due.shown_status`` decides
"Overdue").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from interventions.indicators import INDICATORS
from interventions.plans import (
    EFFECT_LABELS,
    RESPONSIBLE_ROLE_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    TRIGGER_LABELS,
)
from survey_app import clock
from survey_app.i18n import percent
from survey_app.models import PlanStep, StepChange
from survey_app.plans import due


def template_helpers() -> dict:
    """Plan labels in the reader's language, for every page (the staff's plan page lives in ``respond``)."""
    return {
        "stage_label": lambda key: _(STAGE_LABELS[key]) if key in STAGE_LABELS else key,
        "status_label": lambda key: _(STATUS_LABELS[key]) if key in STATUS_LABELS else key,
        "effect_label": lambda key: _(EFFECT_LABELS[key]) if key in EFFECT_LABELS else key,
        "trigger_label": lambda key: _(TRIGGER_LABELS[key]) if key in TRIGGER_LABELS else key,
        "indicator_label": lambda key: _(INDICATORS[key].label) if key in INDICATORS else key,
        "responsible_text": responsible_text,
        "step_status_label": status_text,
        "plan_progress": due.case_progress,
        "plan_day": day,
        "goal_number": goal_number,
        "month_label": lambda start: format_date(start, "LLL yyyy"),
    }


def goal_number(value: float | None, indicator: str) -> str:
    """A goal's figure in the reader's format, with its unit: "5,5 %" in Swedish, "5.5%" in English; "–" for none."""
    if value is None:
        return "–"
    unit = INDICATORS[indicator].unit if indicator in INDICATORS else ""
    if unit == "percent":
        return percent(value, 1)
    return format_decimal(value, format="#,##0" if unit in ("count", "currency") else "#,##0.#")


def role_label(role: str) -> str:
    """A named role responsible for steps, in the reader's language."""
    return _(RESPONSIBLE_ROLE_LABELS[role]) if role in RESPONSIBLE_ROLE_LABELS else role


def responsible_text(step: PlanStep) -> str:
    """Who is responsible for the step: the account's name, the role, or the words kept from before accounts."""
    if step.responsible_user is not None:
        return step.responsible_user.name
    if step.responsible_role:
        return role_label(step.responsible_role)
    return step.responsible_note or _("Not decided")


def status_text(step: PlanStep, today: date) -> str:
    """The status a page shows: "Overdue" for an open step past its due date, else the step's status."""
    shown = due.shown_status(step, today)
    return _("Overdue") if shown == "overdue" else _(STATUS_LABELS.get(shown, shown))


def day(value: date | str | None) -> str:
    """A date in the reader's format ("18 Dec 2026" as the locale writes it); a stored ISO string is read first."""
    if value is None:
        return "–"
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "medium")


def moment(value: datetime) -> str:
    """A stored UTC timestamp as the organisation's local date and time, in the reader's format."""
    local = clock.local_time(value)
    return f"{format_date(local.date(), 'medium')} {format_time(local, 'short', rebase=False)}"


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a step as the page shows it: when (local time), by whom, what happened, and each change."""

    at: str
    by: str
    what: str
    sentences: tuple[str, ...]


KIND_TEXTS = {
    "created": _l("Step created"),
    "followed_up": _l("Followed up"),
    "moved": _l("Moved to another case as its case closed"),
    "changed": _l("Step changed"),
}


def history(step: PlanStep) -> list[HistoryEntry]:
    """The step's history, the latest first, in sentences."""
    entries = []
    for change in reversed(step.changes):
        kind = str(KIND_TEXTS.get(change.kind, KIND_TEXTS["changed"]))
        sentences = () if change.kind in ("created", "moved") else tuple(_sentences(change))
        entries.append(HistoryEntry(moment(change.at), change.by.name if change.by else "–", kind, sentences))
    return entries


def _sentences(change: StepChange) -> list[str]:
    return [sentence for name, values in change.changes.items() if (sentence := _sentence(name, *values))]


def _who(value) -> str:
    """Who was responsible, as the history keeps it: an account (its name then), a role, a note, or old free text."""
    if isinstance(value, dict):
        if "role" in value:
            return role_label(value["role"])
        return value.get("name") or value.get("note") or "–"
    return value or "–"


def _sentence(name: str, before, after) -> str | None:  # noqa: PLR0911 - one sentence per kind of field
    if name == "status":
        new = _(STATUS_LABELS.get(after, after))
        if before is None:
            return _("Status set to %(new)s", new=new)
        return _("Status changed from %(old)s to %(new)s", old=_(STATUS_LABELS.get(before, before)), new=new)
    if name == "effect":
        return _("Effect recorded: %(effect)s", effect=_(EFFECT_LABELS.get(after, after))) if after else None
    if name in ("next_follow_up_on", "due_on"):
        return _date_sentence(name, before, after)
    if name == "responsible":
        if before is None:
            return _("Responsible set to %(new)s", new=_who(after))
        return _("Responsible changed from %(old)s to %(new)s", old=_who(before), new=_who(after))
    if name == "what":
        return _("Description changed to “%(new)s”", new=after or "")
    if name == "why":
        return _("Reason changed to “%(new)s”", new=after) if after else _("Reason removed")
    if name == "dropped_reason":
        return _("Cancelled because: %(reason)s", reason=after or "–")
    return None


def _date_sentence(name: str, before, after) -> str:
    if name == "due_on":
        if before is None:
            return _("Due date set to %(new)s", new=day(after))
        return _("Due date changed from %(old)s to %(new)s", old=day(before), new=day(after))
    if after is None:
        return _("Next follow-up removed (was %(old)s)", old=day(before))
    if before is None:
        return _("Next follow-up set to %(new)s", new=day(after))
    return _("Next follow-up moved from %(old)s to %(new)s", old=day(before), new=day(after))
