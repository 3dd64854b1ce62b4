"""Every task a manager has about employees' sickness absence on a day: the country's tasks, moved off weekends
and public holidays, listed from a little before they are due until a while after, in due order.

Pure: the caller passes the sick periods, the sick reports' expected lengths, the person signals, the rules, today
and the public holidays, and stores what has been done under each task's identity (employee, kind, anchor).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta

from interventions.absence.signals import PersonSignal
from interventions.absence.spells import Episode
from interventions.person_track import finland, sweden
from interventions.person_track.days_off import next_working_day, working_day_before
from interventions.person_track.kinds import DEADLINE_KINDS, SIGNAL_KINDS, TASK_KINDS, Task
from interventions.person_track.rules import TaskRules

__all__ = ["due_on_working_day", "person_tasks"]

_ORDER = {kind: index for index, kind in enumerate(TASK_KINDS)}


def person_tasks(
    episodes: Iterable[Episode],
    expected_days: Mapping[tuple[str, date], int],
    signals: Iterable[PersonSignal],
    rules: TaskRules,
    today: date,
    days_off: Container[date],
) -> list[Task]:
    """Every task that has arisen by ``today`` and is listed on it (``episodes``: sick periods with the
    continuation rule applied; ``expected_days``: (employee, first day of a reported spell) → the length its sick
    report expected; ``signals``: the person signals of ``interventions.absence``; ``days_off``: the public
    holidays, weekends are known).

    A task is listed from ``show_days_ahead`` days before its due date (a signal's talk from the signal's day) to
    ``keep_overdue_days`` after it, sorted
    by due date, employee and kind. Its identity (employee, kind, anchor) does not depend on today or on a sick
    period's last day, so a task once done stays done when a later import completes or extends the spell.
    """
    episodes, signals = list(episodes), list(signals)
    if rules.country == "se":
        found = [*sweden.episode_tasks(episodes, expected_days, rules, today), *sweden.signal_tasks(signals, rules)]
    else:
        found = list(finland.signal_tasks(signals, episodes, rules, today))
    tasks: dict[tuple[str, str, date], Task] = {}
    for task in found:
        task = replace(task, due_on=due_on_working_day(task.kind, task.due_on, days_off))
        if _listed(task, rules, today) and (task.identity not in tasks or task.due_on < tasks[task.identity].due_on):
            tasks[task.identity] = task
    return sorted(tasks.values(), key=lambda t: (t.due_on, t.employee, _ORDER[t.kind], t.anchor))


def due_on_working_day(kind: str, day: date, days_off: Container[date]) -> date:
    """The day a task of ``kind`` due on ``day`` is due when that is a day off: a legal deadline
    (``DEADLINE_KINDS``) on the working day before, a contact with the employee on the next working day."""
    if kind in DEADLINE_KINDS:
        return working_day_before(day, days_off)
    return next_working_day(day, days_off)


def _listed(task: Task, rules: TaskRules, today: date) -> bool:
    """Whether ``task`` is listed ``today``: from ``show_days_ahead`` before it is due (a signal's talk from the day
    the signal was reached, so that it can be booked at once) to ``keep_overdue_days`` after."""
    shown, dropped = timedelta(days=rules.show_days_ahead), timedelta(days=rules.keep_overdue_days)
    first = min(task.due_on - shown, task.anchor) if task.kind in SIGNAL_KINDS else task.due_on - shown
    return first <= today <= task.due_on + dropped
