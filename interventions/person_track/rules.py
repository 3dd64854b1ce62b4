"""The person track's configurable day counts, in one frozen dataclass, and how an installation's settings become one.

The defaults and their sources are in ``docs/person-track.md``. Standard library only: this module never reads
configuration itself (the web shell passes the installation's values to :meth:`TaskRules.from_mapping`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, get_type_hints

from interventions.absence.rules import _checked  # one home for "a plain value as the field's type"

__all__ = ["COUNTRIES", "TaskRules"]

COUNTRIES: tuple[str, ...] = ("se", "fi")  # whose law and practice give the tasks


@dataclass(frozen=True)
class TaskRules:
    """Which country's tasks apply, and their day counts. Sweden's days are days of the sick period, counted in
    calendar days from its first day (day 1); the talks are due a number of days after the signal that calls for
    them; ``show_days_ahead`` and ``keep_overdue_days`` say for how long around its due date a task is listed."""

    country: str = "se"  # "se" or "fi"
    se_call_day: int = 2  # Botkyrka: the manager calls on day 2
    se_health_care_day: int = 8  # a doctor's certificate from day 8; health care takes over; keep in contact
    se_sick_pay_days: int = 14  # the employer's sick-pay period, days 1–14 (Sick Pay Act 1991:1047)
    se_notify_fk_day: int = 21  # notify Försäkringskassan within 7 calendar days after the sick-pay period
    se_plan_day: int = 30  # the return-to-work plan by day 30 (Social Insurance Code ch. 30 § 6) ...
    se_plan_expected_days: int = 60  # ... when reduced work ability is expected to last at least 60 days
    talk_within_days: int = 14  # an omtankesamtal or early-support talk is due this many days after its signal
    warning_within_days: int = 7  # the Swedish warning (3 spells in 12 months) is due this many days after it
    show_days_ahead: int = 1  # a task is listed this many days before it is due
    keep_overdue_days: int = 60  # an undone task is listed until this many days after it was due

    def __post_init__(self) -> None:
        if self.country not in COUNTRIES:
            raise ValueError(f"country: {self.country!r} is not one of {', '.join(COUNTRIES)}")
        for name in ("se_call_day", "se_health_care_day", "se_sick_pay_days", "se_plan_day"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name}: a day of the sick period is 1 or more")
        if self.se_notify_fk_day <= self.se_sick_pay_days:
            raise ValueError("se_notify_fk_day: must come after the sick-pay period (se_sick_pay_days)")
        for name in ("se_plan_expected_days", "talk_within_days", "warning_within_days", "show_days_ahead",
                     "keep_overdue_days"):  # fmt: skip
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: must be 0 or more")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> TaskRules:
        """Rules from plain values (a parsed JSON object): an unknown field, a value of the wrong type or one out of
        range raises ``ValueError`` naming the field."""
        hints = get_type_hints(cls)
        names = [f.name for f in fields(cls)]
        checked = {}
        for name, value in values.items():
            if name not in hints:
                raise ValueError(f"unknown field {name!r}; the fields are {', '.join(names)}")
            checked[name] = _checked(name, hints[name], value)
        return cls(**checked)
