"""Demo people on the person track, so that a new user meets each stage of a manager's tasks (issue 23).

Five invented people of Hemtjänst (Eva Karlsson's area, demo account manager5), each in the employee register and at
one stage, all relative to ``today``:

* reported sick today: the day-2 call is due on the next working day;
* on day 3 or so of a spell (the day-2 call was due on the last working day) with the call not made: overdue;
* on day 20 of a spell: the employer's sick-pay period is over, Försäkringskassan is to be notified by day 21;
* on day 29 of a spell whose sick report expected 90 days: the return-to-work plan is due by day 30 (the call, the
  day-8 contact and the notification done);
* a fourth short spell in 12 months that began two weeks ago: the omtankesamtal is overdue (the call done);
* the random demo staff's tasks (``demo.absence``) all done on their due day, so these five stand out.

Names are made up; ``DEMO_REGISTER_NAMES`` lists them, so that a test can show they appear only where the register's
names belong: the person pages and the start page's tasks, for HR and the people's own manager.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from interventions.person_track import working_day_before
from survey_app.db import db
from survey_app.models import AbsenceSpell, Employee, PersonTaskDone, SickReport, Unit
from survey_app.person.tasks import all_tasks, days_off, outcomes_for, task_rules

#: (employee id, name, unit name) of the demo's register.
PEOPLE = (
    ("HTP-101", "Ingrid Vallmo", "Hemtjänst Norr"),
    ("HTP-102", "Aino Kettunen", "Hemtjänst Centrum"),
    ("HTP-103", "Jonas Fjällström", "Hemtjänst Centrum"),
    ("HTP-104", "Petra Ljungdahl", "Hemtjänst Söder"),
    ("HTP-105", "Mikael Hagström", "Nattpatrullen"),
)
#: The day of the sick period a demo manager did a task on.
DONE_ON_DAY = {"se_call": 2, "se_health_care": 8, "se_notify_fk": 16}
#: Every name the demo's register holds, as written.
DEMO_REGISTER_NAMES = tuple(name for _, name, _ in PEOPLE)


def seed_person_track_demo(today: date) -> int:
    """Create the demo people, their spells, sick reports and done tasks when they are not there; how many people
    were created."""
    if db.session.scalar(select(Employee.id).where(Employee.employee_id == PEOPLE[0][0])):
        return 0
    units = {unit.name: unit for unit in db.session.scalars(select(Unit).where(Unit.name.in_({p[2] for p in PEOPLE})))}
    if len(units) < len({p[2] for p in PEOPLE}):
        return 0  # not the demo organisation
    _mark_earlier_tasks_done(today)
    for employee_id, name, unit_name in PEOPLE:
        db.session.add(Employee(employee_id=employee_id, name=name, unit_id=units[unit_name].id))
    _spells(today, {employee_id: units[unit_name] for employee_id, _, unit_name in PEOPLE})
    db.session.commit()
    return len(PEOPLE)


def _spells(today: date, unit_of: dict[str, Unit]) -> None:
    """Each person's spells and sick reports, and the tasks done before the one their stage shows."""
    rules = task_rules()
    overdue_on = working_day_before(today - timedelta(days=1), days_off(rules.country, today))  # a working day
    stages = {
        "HTP-101": (today, 3, ()),
        "HTP-102": (overdue_on - timedelta(days=rules.se_call_day - 1), 7, ()),
        "HTP-103": (today - timedelta(days=19), 30, ("se_call", "se_health_care")),
        "HTP-104": (today - timedelta(days=28), 90, ("se_call", "se_health_care", "se_notify_fk")),
    }
    for employee_id, (first_day, expected, done) in stages.items():
        _spell(employee_id, unit_of[employee_id], first_day, None, expected)
        for kind in done:
            _done(employee_id, kind, first_day, today)
    for back, length in ((250, 2), (160, 3), (75, 1)):
        first = today - timedelta(days=back)
        _spell("HTP-105", unit_of["HTP-105"], first, first + timedelta(days=length - 1), None)
    fourth = overdue_on - timedelta(days=rules.talk_within_days)
    _spell("HTP-105", unit_of["HTP-105"], fourth, fourth + timedelta(days=2), 3)
    _done("HTP-105", "se_call", fourth, today)


def _spell(employee_id: str, unit: Unit, first_day: date, last_day: date | None, expected: int | None) -> None:
    """A spell as a sick report starts it (with the report, when it expected a length) or an import stores it."""
    db.session.add(AbsenceSpell(employee_id=employee_id, unit_id=unit.id, first_day=first_day, last_day=last_day))
    if expected is not None:
        report = {"employee_id": employee_id, "unit_id": unit.id, "first_day": first_day, "expected_days": expected}
        db.session.add(SickReport(**report, source="form"))


def _done(employee_id: str, kind: str, anchor: date, today: date) -> None:
    """A task the manager did on time (a call reached the person): on this day of the sick period."""
    day = DONE_ON_DAY[kind]
    db.session.add(_completion(employee_id, kind, anchor, min(anchor + timedelta(days=day - 1), today)))


def _mark_earlier_tasks_done(today: date) -> None:
    """Every task of the random demo staff done on its due day (today at the latest): the managers have kept up, and
    the five people above are the ones a new user meets."""
    for task in all_tasks(today):
        db.session.add(_completion(task.employee, task.kind, task.anchor, min(task.due_on, today)))
    db.session.flush()


def _completion(employee_id: str, kind: str, anchor: date, done_on: date) -> PersonTaskDone:
    """The task done on ``done_on``, with its kind's first outcome (a call: the person was reached)."""
    outcome = outcomes_for(kind)[0]
    return PersonTaskDone(employee_id=employee_id, kind=kind, anchor=anchor, done_on=done_on, outcome=outcome)
