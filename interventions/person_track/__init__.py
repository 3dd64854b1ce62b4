"""The person track's rules (issue 23): which tasks a manager has about an employee's sickness absence, and by when.

PLACEHOLDER interface, fixed by the lead; the rules helper replaces the body of ``person_tasks`` and may add modules.
Plain Python: no Flask, no database, no configuration reading; ``today`` and the days off are parameters.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from interventions.absence.signals import PersonSignal
from interventions.absence.spells import Episode

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


@dataclass(frozen=True)
class TaskRules:
    """Which country's tasks apply, and their day counts (configurable: ``from_mapping``)."""

    country: str = "se"  # "se" or "fi"


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


def person_tasks(
    episodes: Iterable[Episode],
    expected_days: Mapping[tuple[str, date], int],
    signals: Iterable[PersonSignal],
    rules: TaskRules,
    today: date,
    days_off: Container[date],
) -> list[Task]:
    """Every task that has arisen by ``today`` (``episodes``: sick periods with the continuation rule applied;
    ``expected_days``: (employee, first day) → the length a sick report expected; ``signals``: the person signals of
    ``interventions.absence``; ``days_off``: weekends are known, these are the public holidays)."""
    return []
