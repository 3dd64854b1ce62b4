"""The person track's rules (issue 23): which tasks a manager has about an employee's sickness absence, and by when.

Sweden: the call on day 2, contact until day 8 when health care takes over, the notification to Försäkringskassan
by day 21 when the sick period passes the employer's 14 days of sick pay, the return-to-work plan by day 30 when 60
days or more are expected, SKR's warning at 3 spells in 12 months and Botkyrka's omtankesamtal at the 4th. Finland:
the 30-60-90 rule's duties and the early-support talk. The rules, their day counts and their sources are written
down in ``docs/person-track.md``; every count is a field of ``TaskRules``.

``kinds`` (the task kinds, which are deadlines, ``Task``), ``rules`` (``TaskRules``), ``days_off`` (weekends and
public holidays), ``sweden`` and ``finland`` (each country's tasks as its law gives them) and ``tasks``
(``person_tasks``: moved off days off, listed around their due date, sorted).

Plain Python: no Flask, no database, no configuration reading, no calendar of its own; ``today`` and the public
holidays are parameters. Only the days of pseudonymous employees' sick periods are used, never a diagnosis.
"""

from __future__ import annotations

from interventions.person_track.days_off import is_day_off, next_working_day, working_day_before
from interventions.person_track.kinds import DEADLINE_KINDS, SIGNAL_KINDS, TASK_KINDS, Task
from interventions.person_track.rules import COUNTRIES, TaskRules
from interventions.person_track.tasks import due_on_working_day, person_tasks

__all__ = [
    "COUNTRIES", "DEADLINE_KINDS",
    "SIGNAL_KINDS", "TASK_KINDS", "Task", "TaskRules", "due_on_working_day", "is_day_off",
    "next_working_day", "person_tasks", "working_day_before",
]  # fmt: skip
