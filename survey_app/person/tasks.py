"""A manager's tasks in the app: the rules of ``interventions.person_track`` applied to the spells, sick reports
and signals the caller may see, with what has been done. PLACEHOLDER interface: the tasks helper fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from interventions.person_track import Task
from survey_app.models import PersonTaskDone, User


@dataclass(frozen=True)
class TaskView:
    """A task as a page shows it: the rule's task, whether it is overdue on the day, and its completion if done."""

    task: Task
    overdue: bool
    done: PersonTaskDone | None


def tasks_for(actor: User, today: date) -> list[TaskView]:
    """The open and recently done tasks about the employees in the caller's scope (managers: their units'; HR: all),
    overdue first."""
    return []


def tasks_for_employee(actor: User, employee_id: str, today: date) -> list[TaskView]:
    """Every task about one employee the caller may see (a NotAllowedError outside their scope)."""
    return []
