"""Managers' daily reminder of overdue tasks about their staff (issue 23): counts and a link, nothing else.

Once a day, every active manager with at least one overdue task (not done, due before today) about an employee of
their units (``person.tasks``: the same tasks and scope as their task list), or at least one step of a person's plan
in their units whose follow-up was missed or is due today (``person.step_due``: open steps of open cases), gets one
``person_tasks`` message keyed by the day, so a second run the same day records nothing and a day cron missed is not
made up twice. The message says how many tasks are overdue (``count``) and how many follow-ups are due (``steps``,
only when there are any) and links to the task list, or to the list of talks and plans when only follow-ups are due:
never a name, an employee id, a date of a spell, the kind of task or a step's text, which could tell a reader of the
mailbox something about a person's health.

HR is not reminded here: HR sees every employee's tasks in the app and has the weekly digest; a daily count over
the whole organisation would be noise.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from survey_app.access import unit_scope
from survey_app.db import db
from survey_app.mail import links
from survey_app.mail.outbox import queue_mail
from survey_app.models import Role, User
from survey_app.person.step_due import person_steps_due
from survey_app.person.tasks import all_tasks, units_in_scope, with_completions, within

KIND = "person_tasks"


def day_key(today: date) -> str:
    """The message's key: one a day per manager."""
    return f"person-tasks:{today.isoformat()}"


def follow_ups_due(today: date) -> list[int]:
    """The unit id of every open step of an open person case whose follow-up was missed or is due ``today``."""
    return [due.step.case.unit_id for due in person_steps_due(today, None, within_days=0) if due.follow_up_due]


def _cases_link(tasks_link: str) -> str:
    """The list of talks and plans, or the task list where that page does not exist (yet)."""
    return links.path_for("person.case_list") if "person.case_list" in current_app.view_functions else tasks_link


def queue_due(today: date) -> int:
    """Record the reminders of overdue person tasks and person follow-ups due on ``today``; how many were recorded."""
    overdue = [view.task for view in with_completions(all_tasks(today), today) if view.overdue]
    steps = follow_ups_due(today)
    if not overdue and not steps:
        return 0
    tasks_link = links.path_for("person.task_list")
    recorded = 0
    for manager in db.session.scalars(select(User).where(User.role == Role.MANAGER.value, User.active.is_(True))):
        count = len(within(overdue, units_in_scope(manager)))
        scope = unit_scope(manager) or frozenset()
        due = sum(unit_id in scope for unit_id in steps)
        if not count and not due:
            continue
        params = {"count": count} | ({"steps": due} if due else {})
        link = tasks_link if count else _cases_link(tasks_link)
        recorded += queue_mail(KIND, day_key(today), manager, params=params, link=link) is not None
    return recorded
