"""A manager's tasks in the app: the rules of ``interventions.person_track`` applied to the spells, sick reports
and signals the caller may see, with what has been done.

Nothing about a task is stored but its completion (``PersonTaskDone``, keyed by employee, kind and anchor): the tasks
themselves are computed on every read from the sick periods of the last two years (``absence.services
.person_episodes``, the continuation rule applied), the lengths sick reports expected, the person signals and the
country's days off. An absence import that rewrites a spell therefore never loses or doubles a task, and a task done
stays done as long as its anchor (the sick period's first day, or the signal's day) is the same.

Who sees a task: HR every one; a manager, in their list, those about employees whose latest sick period belongs to
a unit of their scope (``access.unit_scope``), and one person's tasks where ``register.can_see_person`` lets them see
the person; nobody else. Every read by a person is audit-logged; the daily reminder
(``notify.person_tasks``) computes the same tasks without a reader, and records no read.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from interventions import person_track
from interventions.absence import person_signals
from interventions.person_track import Task, TaskRules
from survey_app.absence import services as absence
from survey_app.absence.allowance_days import finnish_holidays
from survey_app.access import NotAllowedError, unit_scope
from survey_app.audit import record, record_read
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import PersonTaskDone, Role, SickReport, Unit, User
from survey_app.person.register import can_see_person

#: Who has tasks about staff: HR (every employee) and managers (their units' staff).
TASK_ROLES = (Role.HR.value, Role.MANAGER.value)
#: How long a task done is still listed with the open ones, so a manager sees it went through.
RECENTLY_DONE_DAYS = 14

#: What each kind of task asks of the manager (``interventions.person_track.TASK_KINDS``).
TASK_LABELS = {
    "se_call": _l("Call (day 2): how are you, can anything make a return easier?"),
    "se_health_care": _l("Day 8: a doctor's certificate is needed from now on; keep in touch"),
    "se_notify_fk": _l("Notify Försäkringskassan by day 21"),
    "se_return_plan": _l("Plan for return to work by day 30: 60 days or more of absence expected"),
    "se_warning": _l("Three spells in 12 months: follow the absence"),
    "se_care_talk": _l("Omtankesamtal: the fourth spell in 12 months"),
    "fi_notify_oh": _l("Notify occupational health: 30 days of absence"),
    "fi_allowance": _l("Sickness allowance: the application is due within two months"),
    "fi_oh_statement": _l("Occupational health's statement on remaining work ability: 90 allowance days"),
    "fi_early_support": _l("Early-support talk"),
}
#: How a task ended, as the form offers it.
OUTCOME_LABELS = {
    "reached": _l("Reached"),
    "not_reached": _l("Not reached"),
    "talk_booked": _l("Talk booked"),
    "done": _l("Done"),
}
#: Tasks that are a contact with the employee: their outcome says whether they were reached.
CALL_KINDS = frozenset({"se_call", "se_health_care"})


@dataclass(frozen=True)
class TaskView:
    """A task as a page shows it: the rule's task, whether it is overdue on the day, and its completion if done."""

    task: Task
    overdue: bool
    done: PersonTaskDone | None


def task_label(kind: str) -> str:
    """What a kind of task asks, in the reader's language (the kind itself for one the labels do not know)."""
    return str(TASK_LABELS.get(kind, kind))


def outcomes_for(kind: str) -> tuple[str, ...]:
    """The outcomes a task of ``kind`` may end with: a call reached or not (or a talk booked), anything else done."""
    return ("reached", "not_reached", "talk_booked") if kind in CALL_KINDS else ("done",)


def task_rules() -> TaskRules:
    """The task rules in force: the defaults (Sweden) with the OMTANKE_TASK_RULES overrides."""
    return TaskRules(**(current_app.config.get("OMTANKE_TASK_RULES") or {}))


def days_off(country: str, today: date) -> frozenset[date]:
    """The public holidays a due date moves past (weekends are known to the rules): Finland's as the allowance days
    count them, else Sweden's; from the earliest spell read up to the end of next year, where a due date may fall."""
    if country == "fi":
        return finnish_holidays(date(today.year + 1, 12, 31))
    # Midsummer, Christmas and New Year's Eve are days off in practice ("de facto"), not by law; the plain calendar
    # also counts every Sunday as a holiday, which the rules know as a weekend already.
    import holidays  # loaded when a due date is first moved, not by every process

    years = range(today.year - 3, today.year + 2)
    return frozenset(holidays.Sweden(years=years, include_sundays=False, categories=("public", "de_facto")))


def all_tasks(today: date) -> list[Task]:
    """Every task that has arisen by ``today`` about every employee, without a reader (the reminder's view; no read
    is recorded here)."""
    rules = task_rules()
    episodes = absence.person_episodes(today)
    oldest = today - timedelta(days=absence.PERSON_LOOKBACK_DAYS)
    reports = db.session.execute(
        select(SickReport.employee_id, SickReport.first_day, SickReport.expected_days).where(
            SickReport.first_day >= oldest, SickReport.expected_days.is_not(None)
        )
    )
    expected = {(employee, first_day): days for employee, first_day, days in reports}
    signals = person_signals(episodes, absence.rules(), today, finnish_holidays(today))
    return person_track.person_tasks(episodes, expected, signals, rules, today, days_off(rules.country, today))


def with_completions(tasks: list[Task], today: date) -> list[TaskView]:
    """The tasks with their completions, overdue first, then by due date (and employee, kind)."""
    employees = {task.employee for task in tasks}
    done = {
        (row.employee_id, row.kind, row.anchor): row
        for row in db.session.scalars(select(PersonTaskDone).where(PersonTaskDone.employee_id.in_(employees)))
    }
    views = []
    for task in tasks:
        completion = done.get((task.employee, task.kind, task.anchor))
        views.append(TaskView(task, completion is None and task.due_on < today, completion))
    return sorted(views, key=lambda v: (not v.overdue, v.task.due_on, v.task.employee, v.task.kind, v.task.anchor))


def units_in_scope(actor: User) -> frozenset[str] | None:
    """The unit codes whose staff's tasks ``actor`` sees: None for HR (every unit); NotAllowedError for a role that
    has no tasks about staff."""
    if actor.role not in TASK_ROLES:
        raise NotAllowedError
    scope = unit_scope(actor)
    if scope is None:
        return None
    return frozenset(db.session.scalars(select(Unit.code).where(Unit.id.in_(scope))))


def within(tasks: list[Task], codes: Collection[str] | None) -> list[Task]:
    """The tasks about employees whose latest sick period belongs to one of ``codes`` (None: every unit)."""
    return [task for task in tasks if codes is None or task.unit in codes]


def tasks_for(actor: User, today: date) -> list[TaskView]:
    """The open and recently done tasks about the employees in the caller's scope (managers: their units'; HR: all),
    overdue first."""
    codes = units_in_scope(actor)
    views = with_completions(within(all_tasks(today), codes), today)
    recent = today - timedelta(days=RECENTLY_DONE_DAYS)
    shown = [view for view in views if view.done is None or view.done.done_on >= recent]
    record_read(actor, "person.tasks_read", "person_tasks", None, tasks=len(shown))
    return shown


def open_tasks(views: list[TaskView]) -> list[TaskView]:
    """The tasks not done yet, in the list's order (overdue first)."""
    return [view for view in views if view.done is None]


def tasks_for_employee(actor: User, employee_id: str, today: date) -> list[TaskView]:
    """Every task about one employee the caller may see (a NotAllowedError outside their scope)."""
    units_in_scope(actor)  # refuses the roles without tasks
    if not can_see_person(actor, employee_id):
        raise NotAllowedError
    tasks = [task for task in all_tasks(today) if task.employee == employee_id]
    record_read(actor, "person.tasks_read", "employee", employee_id, tasks=len(tasks))
    return with_completions(tasks, today)


def find_task(actor: User, employee_id: str, kind: str, anchor: date, today: date) -> TaskView:
    """One task about an employee the caller may see; NotAllowedError (404) for a task that is not there for them."""
    for view in tasks_for_employee(actor, employee_id, today):
        if view.task.kind == kind and view.task.anchor == anchor:
            return view
    raise NotAllowedError


def mark_done(
    actor: User, employee_id: str, kind: str, anchor: date, done_on: date | None, outcome: str, today: date
) -> PersonTaskDone:
    """Record that the task was done on ``done_on`` (not in the future) with ``outcome`` (``outcomes_for`` its kind);
    a task done already keeps its first record (a double-clicked submit stores one)."""
    view = find_task(actor, employee_id, kind, anchor, today)
    if view.done is not None:
        return view.done
    if done_on is None or done_on > today:
        raise DomainError(_l("Give the day the task was done (not in the future)."), "done_on")
    if outcome not in outcomes_for(kind):
        raise DomainError(_l("Choose how the task ended."), "outcome")
    row = PersonTaskDone(
        employee_id=employee_id, kind=kind, anchor=anchor, done_on=done_on, outcome=outcome, done_by_id=actor.id
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # the same task recorded a moment ago by another request
        return db.session.scalars(
            select(PersonTaskDone).filter_by(employee_id=employee_id, kind=kind, anchor=anchor)
        ).one()
    record(actor, "person.task_done", "employee", employee_id, kind=kind, anchor=anchor.isoformat(), outcome=outcome)
    db.session.commit()
    return row
