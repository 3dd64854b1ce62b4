"""The kinds of task a manager gets about an employee's sickness absence, which of them are legal deadlines, and the
task itself: a plain frozen value, identified by the employee, the kind and the day it is anchored on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["DEADLINE_KINDS", "SIGNAL_KINDS", "TASK_KINDS", "Task"]

#: Every kind of task, in the order a sick period meets them.
TASK_KINDS: tuple[str, ...] = (
    "se_call",  # Sweden, day 2: call the employee
    "se_health_care",  # Sweden, day 8: a doctor's certificate from now; keep in touch
    "se_notify_fk",  # Sweden: the sick period passed day 14: notify Försäkringskassan by day 21
    "se_return_plan",  # Sweden, by day 30: a plan for return to work when 60 days or more are expected
    "se_warning",  # Sweden: 3 spells in 12 months, a warning signal: take note, follow
    "se_care_talk",  # Sweden: the 4th spell in 12 months: omtankesamtal
    "fi_notify_oh",  # Finland: absence reached 30 days: notify occupational health
    "fi_allowance",  # Finland: 60 days: the sickness-allowance application is due
    "fi_oh_statement",  # Finland: 90 paid allowance days: occupational health's statement on remaining work ability
    "fi_early_support",  # Finland: 3 short absences in 4 months or 30 days in 12 months: early-support talk
)

#: The kinds whose date is a legal deadline: on a day off it moves to the working day before, since a deadline is
#: not met by being late. Every other kind is a contact with the employee, which moves to the next working day.
DEADLINE_KINDS: frozenset[str] = frozenset(
    {"se_notify_fk", "se_return_plan", "fi_notify_oh", "fi_allowance", "fi_oh_statement"}
)

#: The kinds a repeated-spells signal gives: the talk is booked from the day the signal is reached, so they are listed
#: from that day (their anchor) rather than only the day before they are due.
SIGNAL_KINDS: frozenset[str] = frozenset({"se_warning", "se_care_talk", "fi_early_support"})


@dataclass(frozen=True)
class Task:
    """One task of a manager about one employee: its kind, the day it is anchored on (the sick period's first day,
    or the day a signal was reached: with the employee and kind, its identity), and the day it is due."""

    employee: str
    unit: str  # the unit code of the employee's latest spell
    kind: str
    anchor: date
    due_on: date
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def identity(self) -> tuple[str, str, date]:
        """(employee, kind, anchor): what a completion is stored under, the same for every later import."""
        return (self.employee, self.kind, self.anchor)
