"""Demo talks, meetings and plans about people (issue 23), so that a new user sees the whole person track.

Six more invented people of Hemtjänst (Eva Karlsson's area, demo account manager5), in the employee register with
their spells and sick reports, each at one stage after the tasks of ``demo.person_track``, all relative to ``today``:

* a fourth short spell in 12 months a week ago: the omtankesamtal is booked in four days, anchored on the
  ``se_care_talk`` task's day (the first day of the fourth spell), the task itself still open;
* an early-support talk (omtankesamtal) held 20 days ago, ten days after its signal, with two agreed steps: one
  followed up and done, one whose follow-up is due in two days; the talk's task done on the day it was held;
* a network meeting held ten days ago, on day 31 of a sick period expected to last eight weeks, with occupational
  health invited (the demo's OHS account) with the employee's consent, and the plan shared with occupational health;
* a return-to-work plan drawn up before day 30 of a sick period expected to last 90 days: adjusted duties, three steps;
* a work trial of twelve weeks begun a month ago, its hours stepped up 25 → 50 → 75 → 100 % (``PersonStep
  .hours_percent``), the sick leave's extent falling as the hours rise;
* a return-to-work plan closed six weeks ago: back at usual work (``returned_on``).

Each talk or meeting held is also counted as the unit's anonymous ``SupportEvent`` (date and roles, no person) and
linked by ``support_event_id``, as the app does when one is held. Steps are short and about work, never about health.
Every task the people's sick periods list up to today is done on its due day (the held talk's on the day it was
held, the return-to-work plan's on the day it was drawn up), except the booked talk's, which is due after the talk.
``DEMO_REGISTER_NAMES`` lists the names.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import (
    AbsenceSpell,
    Employee,
    PersonCase,
    PersonCaseParticipant,
    PersonFollowUp,
    PersonStep,
    PersonTaskDone,
    SickReport,
    SupportEvent,
    Unit,
    User,
)
from survey_app.person.tasks import all_tasks, outcomes_for

#: (employee id, name, unit name) of the people with a talk, a meeting or a plan.
PEOPLE = (
    ("HTP-106", "Sofia Bergkvist", "Hemtjänst Norr"),
    ("HTP-107", "Tiina Salminen", "Hemtjänst Söder"),
    ("HTP-108", "Robert Lindahl", "Hemtjänst Centrum"),
    ("HTP-109", "Amina Osman", "Hemtjänst Norr"),
    ("HTP-110", "Kerstin Åberg", "Nattpatrullen"),
    ("HTP-111", "Daniel Öhman", "Hemtjänst Söder"),
)
DEMO_REGISTER_NAMES = tuple(name for _, name, _ in PEOPLE)
#: Each person's spells: (days before today of the first day, length in days or None while it goes on, the days
#: its sick report expected or None when an import stored it, extent in per cent).
SPELLS = {
    "HTP-106": ((270, 2, None, 100), (180, 3, None, 100), (90, 1, None, 100), (6, 2, 3, 100)),
    "HTP-107": ((300, 3, None, 100), (200, 2, None, 100), (120, 1, None, 100), (30, 3, 3, 100)),
    "HTP-108": ((40, None, 56, 100),),
    "HTP-109": ((40, None, 90, 100),),
    "HTP-110": ((110, 80, 120, 100), (30, 21, None, 75), (9, None, None, 50)),
    "HTP-111": ((170, 90, 90, 100),),
}
#: The demo accounts the cases name (``services._demo_accounts``): Hemtjänst's manager, HR, occupational health.
MANAGER_EMAIL = "manager5@example.org"
HR_EMAIL = "hr@example.org"
OHS_EMAIL = "ohs@example.org"
#: A participant's role as the unit's count of talks and meetings names it (``support.services.events.ROLES``).
EVENT_ROLES = {
    "manager": "manager",
    "employee": "employee",
    "hr": "hr",
    "occupational_health": "ohs",
    "safety_representative": "safety_representative",
    "support_person": "support_person",
}
#: A work trial's schedule: (weeks after its start, share of the usual hours).
WORK_TRIAL_HOURS = ((0, 25), (3, 50), (6, 75), (9, 100))
WORK_TRIAL_WEEKS = 12
#: The return-to-work plan was drawn up this many days ago, on day 27 of the sick period.
PLAN_DRAWN_UP_DAYS_AGO = 14


def seed_person_cases_demo(today: date) -> int:
    """Create the demo people with their spells, cases and done tasks when they are not there; how many people were
    created (0 when they exist, or the organisation is not the demo's)."""
    if db.session.scalar(select(Employee.id).where(Employee.employee_id == PEOPLE[0][0])):
        return 0
    names = {unit_name for _, _, unit_name in PEOPLE}
    units = {unit.name: unit for unit in db.session.scalars(select(Unit).where(Unit.name.in_(names)))}
    if len(units) < len(names):
        return 0
    unit_of = {employee_id: units[unit_name] for employee_id, _, unit_name in PEOPLE}
    for employee_id, name, _ in PEOPLE:
        db.session.add(Employee(employee_id=employee_id, name=name, unit_id=unit_of[employee_id].id))
    for employee_id, spells in SPELLS.items():
        for back, length, expected, extent in spells:
            _spell(employee_id, unit_of[employee_id], today - timedelta(days=back), length, expected, extent)
    db.session.flush()
    people = _Accounts()
    booked = _booked_talk(today, unit_of["HTP-106"], people)
    talk = _held_talk(today, unit_of["HTP-107"], people)
    cases = [booked, talk, _network_meeting(today, unit_of["HTP-108"], people)]
    cases += [_return_plan(today, unit_of["HTP-109"], people), _work_trial(today, unit_of["HTP-110"], people)]
    cases.append(_closed_plan(today, unit_of["HTP-111"], people))
    db.session.add_all(cases)
    db.session.flush()
    for case in cases:
        if case.held_on is not None:
            _count_as_support_event(case, people.manager)
    done_on = {
        ("HTP-107", "se_care_talk"): talk.held_on,
        ("HTP-109", "se_return_plan"): today - timedelta(days=PLAN_DRAWN_UP_DAYS_AGO),
    }
    _tasks_done(today, open_kinds={("HTP-106", "se_care_talk")}, done_on=done_on)
    db.session.commit()
    return len(PEOPLE)


class _Accounts:
    """The demo accounts a case names, each None when the account is missing."""

    def __init__(self) -> None:
        emails = (MANAGER_EMAIL, HR_EMAIL, OHS_EMAIL)
        found = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
        self.manager, self.hr, self.ohs = (found.get(email) for email in emails)
        self.manager_id = self.manager.id if self.manager is not None else None


def _spell(
    employee_id: str, unit: Unit, first_day: date, length: int | None, expected: int | None, extent: int
) -> None:
    """A spell (``length`` None: still going), with its sick report when one expected a length."""
    last_day = None if length is None else first_day + timedelta(days=length - 1)
    spell = {"employee_id": employee_id, "unit_id": unit.id, "first_day": first_day, "extent": extent}
    db.session.add(AbsenceSpell(**spell, last_day=last_day))
    if expected is not None:
        db.session.add(SickReport(**spell, expected_days=expected, source="form"))


def _case(employee_id: str, unit: Unit, kind: str, people: _Accounts, **fields: object) -> PersonCase:
    """A case about ``employee_id`` of ``unit``, opened by Hemtjänst's manager, with the manager and the employee."""
    case = PersonCase(employee_id=employee_id, unit_id=unit.id, kind=kind, opened_by_id=people.manager_id)
    for field, value in fields.items():
        setattr(case, field, value)
    case.participants = [PersonCaseParticipant(role="manager"), PersonCaseParticipant(role="employee")]
    return case


def _invite(case: PersonCase, role: str, user: User | None, consent_on: date) -> None:
    """Another participant (their account, when the demo has it), with the day the employee consented to them."""
    user_id = user.id if user is not None else None
    case.participants.append(PersonCaseParticipant(role=role, user_id=user_id, consent_on=consent_on))


def _step(
    today: date,
    what: str,
    responsible: str,
    due: int,
    status: str,
    follow_up: int | None,
    created: int,
    hours: int | None = None,
) -> PersonStep:
    """A step: due, next follow-up and agreed this many days from ``today`` (negative: before it)."""
    return PersonStep(
        what=what,
        responsible_role=responsible,
        due_on=today + timedelta(days=due),
        status=status,
        next_follow_up_on=None if follow_up is None else today + timedelta(days=follow_up),
        hours_percent=hours,
        created_on=today + timedelta(days=created),
    )


def _followed_up(step: PersonStep, held_on: date, status: str, effect: str, note: str, people: _Accounts) -> None:
    """A follow-up of ``step`` held on ``held_on`` that set its status (a done step has no next follow-up)."""
    next_on = step.next_follow_up_on if status not in ("done", "dropped") else None
    step.follow_ups.append(
        PersonFollowUp(
            held_on=held_on,
            status=status,
            effect=effect,
            note=note,
            next_follow_up_on=next_on,
            recorded_by_id=people.manager_id,
        )
    )


def _booked_talk(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """The omtankesamtal after a fourth spell in 12 months, booked in four days (the task is due in eight)."""
    anchor = today - timedelta(days=SPELLS["HTP-106"][-1][0])
    return _case("HTP-106", unit, "early_support", people, signal_on=anchor, planned_on=today + timedelta(days=4))


def _held_talk(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """An omtankesamtal held 20 days ago, ten days after its signal: two steps agreed, one followed up and done."""
    signal = today - timedelta(days=SPELLS["HTP-107"][-1][0])
    held = signal + timedelta(days=10)
    case = _case("HTP-107", unit, "early_support", people, signal_on=signal, planned_on=held, held_on=held)
    schedule = _step(today, "Inga delade turer under två månader", "manager", -13, "done", None, -20)
    _followed_up(schedule, today - timedelta(days=6), "done", "clear", "Schemat ändrat från nästa period.", people)
    check_in = _step(today, "Uppföljning med chef varannan vecka", "manager", 40, "in_progress", 2, -20)
    case.steps = [schedule, check_in]
    return case


def _network_meeting(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """A network meeting ten days ago with occupational health and HR invited, the plan shared with occupational
    health: the employee consented a week before the meeting."""
    held = today - timedelta(days=10)
    consent = held - timedelta(days=7)
    signal = today - timedelta(days=SPELLS["HTP-108"][0][0])
    fields = {"signal_on": signal, "planned_on": held, "held_on": held, "oh_consent_on": consent}
    case = _case("HTP-108", unit, "network_meeting", people, **fields)
    _invite(case, "occupational_health", people.ohs, consent)
    _invite(case, "hr", people.hr, consent)
    case.steps = [
        _step(today, "Avlastning från tunga lyft vid återgång", "manager", 4, "planned", 4, -10),
        _step(today, "Nytt nätverksmöte om fyra veckor", "occupational_health", 18, "planned", 18, -10),
    ]
    return case


def _return_plan(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """The return-to-work plan of a sick period expected to last 90 days, drawn up on day 27 (14 days ago): adjusted
    duties from the return in a week, three steps."""
    first_day = today - timedelta(days=SPELLS["HTP-109"][0][0])
    agreed = -PLAN_DRAWN_UP_DAYS_AGO
    fields = {"signal_on": first_day, "starts_on": today + timedelta(days=7), "ends_on": today + timedelta(days=56)}
    case = _case("HTP-109", unit, "return_to_work", people, duties="adjusted", **fields)
    _invite(case, "hr", people.hr, today + timedelta(days=agreed - 3))
    case.steps = [
        _step(today, "Anpassade arbetstider: dagpass utan helger", "manager", 7, "planned", 7, agreed),
        _step(today, "Avlastning från tunga lyft", "manager", 7, "planned", 7, agreed),
        _step(today, "Uppföljning med chef varannan vecka", "manager", 56, "in_progress", 5, agreed),
    ]
    return case


def _work_trial(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """A twelve-week work trial begun a month ago, its hours stepped up every three weeks: 25 % done, 50 % going on,
    75 % and 100 % ahead."""
    start = today - timedelta(days=SPELLS["HTP-110"][1][0])
    first_day = today - timedelta(days=SPELLS["HTP-110"][0][0])
    fields = {"signal_on": first_day, "starts_on": start, "ends_on": start + timedelta(weeks=WORK_TRIAL_WEEKS)}
    case = _case("HTP-110", unit, "work_trial", people, duties="usual", **fields)
    _invite(case, "hr", people.hr, start - timedelta(days=10))
    agreed = (start - today).days - 7
    for weeks, percent in WORK_TRIAL_HOURS:
        due = (start - today).days + 7 * weeks
        status = "done" if due + 21 <= 0 else "in_progress" if due <= 0 else "planned"
        follow_up = None if status == "done" else max(due, 5)
        step = _step(today, f"Arbetstid {percent} % av ordinarie", "manager", due, status, follow_up, agreed, percent)
        if status == "done":
            note = "Passen fungerar, höjs enligt planen."
            _followed_up(step, today + timedelta(days=due + 14), "done", "some", note, people)
        case.steps.append(step)
    return case


def _closed_plan(today: date, unit: Unit, people: _Accounts) -> PersonCase:
    """A return-to-work plan of a 90-day sick period: adjusted duties for four weeks after the return, then back at
    usual work 52 days ago; closed a week later."""
    first_day = today - timedelta(days=SPELLS["HTP-111"][0][0])
    returned = today - timedelta(days=52)
    fields = {"signal_on": first_day, "starts_on": today - timedelta(days=80), "ends_on": returned}
    case = _case("HTP-111", unit, "return_to_work", people, duties="adjusted", **fields)
    case.returned_on, case.closed_on, case.outcome = returned, today - timedelta(days=45), "back_at_work"
    for what, due in (("Anpassade arbetsuppgifter: inga tunga brukare", -80), ("Halvtid de två första veckorna", -80)):
        step = _step(today, what, "manager", due, "done", None, -150)
        _followed_up(step, today - timedelta(days=60), "done", "clear", "Klart, tillbaka i ordinarie schema.", people)
        case.steps.append(step)
    return case


def _count_as_support_event(case: PersonCase, manager: User | None) -> None:
    """The unit's anonymous count of a talk or meeting held (date and roles, no person), linked to the case."""
    kind = "early_support_talk" if case.kind == "early_support" else "network_meeting"
    roles = [EVENT_ROLES[p.role] for p in case.participants if p.role in EVENT_ROLES]
    recorded_by = manager.id if manager is not None else None
    event = SupportEvent(
        unit_id=case.unit_id, kind=kind, held_on=case.held_on, roles_present=roles, recorded_by_id=recorded_by
    )
    db.session.add(event)
    db.session.flush()
    case.support_event_id = event.id


def _tasks_done(today: date, open_kinds: set[tuple[str, str]], done_on: dict[tuple[str, str], date]) -> None:
    """Every task about these people listed up to today done on its due day, or on the day ``done_on`` gives; those
    of ``open_kinds`` left open."""
    ours = {employee_id for employee_id, _, _ in PEOPLE}
    for task in all_tasks(today):
        key = (task.employee, task.kind)
        if task.employee not in ours or key in open_kinds or (task.due_on > today and key not in done_on):
            continue
        day = done_on.get(key, min(task.due_on, today))
        outcome = outcomes_for(task.kind)[0]
        completion = {"employee_id": task.employee, "kind": task.kind, "anchor": task.anchor, "outcome": outcome}
        db.session.add(PersonTaskDone(**completion, done_on=day))
