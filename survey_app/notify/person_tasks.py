"""Managers' daily reminder of overdue tasks about their staff (issue 23): a count and a link, nothing else.

Once a day, every active manager with at least one overdue task (not done, due before today) about an employee of
their units (``person.tasks``: the same tasks and scope as their task list) gets one ``person_tasks`` message keyed
by the day, so a second run the same day records nothing and a day cron missed is not made up twice. The message
says how many tasks are overdue and links to the task list: never a name, an employee id, a date of a spell or the
kind of task, which could tell a reader of the mailbox something about a person's health.

HR is not reminded here: HR sees every employee's tasks in the app and has the weekly digest; a daily count over
the whole organisation would be noise.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey_app.db import db
from survey_app.mail import links
from survey_app.mail.outbox import queue_mail
from survey_app.models import Role, User
from survey_app.person.tasks import all_tasks, units_in_scope, with_completions, within

KIND = "person_tasks"


def day_key(today: date) -> str:
    """The message's key: one a day per manager."""
    return f"person-tasks:{today.isoformat()}"


def queue_due(today: date) -> int:
    """Record the reminders of overdue person tasks due on ``today``; how many were recorded."""
    overdue = [view.task for view in with_completions(all_tasks(today), today) if view.overdue]
    if not overdue:
        return 0
    link = links.path_for("person.task_list")
    recorded = 0
    for manager in db.session.scalars(select(User).where(User.role == Role.MANAGER.value, User.active.is_(True))):
        count = len(within(overdue, units_in_scope(manager)))
        if count:
            recorded += queue_mail(KIND, day_key(today), manager, params={"count": count}, link=link) is not None
    return recorded
