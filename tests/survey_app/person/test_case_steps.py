"""A person's steps and follow-ups: added, changed and followed up under a unit plan's rules (every open step has a
next follow-up, a closed one none), short texts only, no steps on a closed case, a work trial's hours that only step
up within the trial, one follow-up however often it is sent, and the steps that need attention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AuditEvent, Employee, PersonFollowUp, PersonStep
from survey_app.person.case_steps import (
    PersonFollowUpInput,
    PersonStepInput,
    add_person_step,
    change_person_step,
    follow_up_person_step,
    hours_schedule,
    workable_step,
)
from survey_app.person.cases import CaseInput, edit_case
from survey_app.person.step_due import case_progress, person_steps_due
from tests.clock import TODAY


def _in(days: int):
    return TODAY + timedelta(days=days)


@pytest.fixture
def world(make):
    north = make.unit("Hemtjänst Norr", code="HN")
    school = make.unit("Ängsskolan", code="AS")
    db.session.add(Employee(employee_id="E-1", name="Anna Andersson", unit_id=north.id))
    db.session.add(Employee(employee_id="E-2", name="Bo Berg", unit_id=school.id))
    db.session.commit()
    return {
        "north": north,
        "school": school,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(north,)),
        "case": make.person_case("E-1", north, kind="return_to_work"),
        "trial": make.person_case("E-1", north, kind="work_trial", starts_on=TODAY, ends_on=_in(90)),
    }


def _step(what="Anpassade arbetsuppgifter", role="manager", due=14, follow=7, status="planned", hours=None):
    return PersonStepInput(what, role, _in(due), _in(follow) if follow is not None else None, status, hours)


def _follow_up(note="Arbetsuppgifterna är anpassade", status="in_progress", effect="some", follow=14, held=0):
    return PersonFollowUpInput(_in(held), note, status, effect, _in(follow) if follow is not None else None)


def _refused(call, *args) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(*args)
    db.session.rollback()
    return refused.value


def test_hr_and_the_own_manager_add_change_and_follow_up_a_step(world):
    step = add_person_step(world["manager"], world["case"], _step(), TODAY)
    change_person_step(world["hr"], step, _step(what="Kortare pass", role="hr", due=21))
    assert (step.what, step.responsible_role, step.due_on) == ("Kortare pass", "hr", _in(21))
    follow_up_person_step(world["manager"], step, _follow_up(), TODAY)
    assert (step.status, step.next_follow_up_on) == ("in_progress", _in(14))
    assert [(f.status, f.effect, f.note) for f in step.follow_ups] == [
        ("in_progress", "some", "Arbetsuppgifterna är anpassade")
    ]
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("person.%")))
    assert set(actions) >= {"person.step_added", "person.step_changed", "person.follow_up_recorded"}


def test_nobody_else_reaches_a_step(world):
    step = add_person_step(world["manager"], world["case"], _step(), TODAY)
    for role in ("other_manager", "ohs"):
        with pytest.raises(NotAllowedError):
            workable_step(world[role], step.id)
        with pytest.raises(NotAllowedError):
            add_person_step(world[role], world["case"], _step(), TODAY)
        with pytest.raises(NotAllowedError):
            follow_up_person_step(world[role], step, _follow_up(), TODAY)


def test_an_open_step_needs_a_next_follow_up_and_a_closed_one_keeps_none(world):
    refused = _refused(add_person_step, world["manager"], world["case"], _step(follow=None), TODAY)
    assert refused.field == "next_follow_up_on"
    step = add_person_step(world["manager"], world["case"], _step(), TODAY)
    refused = _refused(follow_up_person_step, world["manager"], step, _follow_up(follow=None), TODAY)
    assert refused.field == "next_follow_up_on"
    follow_up_person_step(world["manager"], step, _follow_up(status="done", follow=30), TODAY)
    assert step.status == "done" and step.next_follow_up_on is None
    assert step.follow_ups[0].next_follow_up_on is None
    closed = add_person_step(world["manager"], world["case"], _step(status="dropped"), TODAY)
    assert closed.next_follow_up_on is None


def test_texts_are_short_and_the_responsible_is_a_participant_role(world):
    refused = _refused(add_person_step, world["manager"], world["case"], _step(what="x" * 301), TODAY)
    assert refused.field == "what" and "300" in str(refused.message)
    refused = _refused(add_person_step, world["manager"], world["case"], _step(role="Kalle"), TODAY)
    assert refused.field == "responsible_role"
    step = add_person_step(world["manager"], world["case"], _step(), TODAY)
    refused = _refused(follow_up_person_step, world["manager"], step, _follow_up(note="x" * 301), TODAY)
    assert refused.field == "done"
    refused = _refused(follow_up_person_step, world["manager"], step, _follow_up(held=1), TODAY)
    assert refused.field == "held_on"  # not in the future


def test_no_step_is_added_to_a_closed_case(world):
    case = world["case"]
    case.closed_on, case.outcome = TODAY, "back_at_work"
    db.session.commit()
    refused = _refused(add_person_step, world["manager"], case, _step(), TODAY)
    assert "closed" in str(refused.message)
    assert db.session.scalar(select(func.count()).select_from(PersonStep)) == 0


def test_a_work_trial_steps_its_hours_up_within_its_period(world):
    trial, manager = world["trial"], world["manager"]
    add_person_step(manager, trial, _step(what="25 %", due=0, hours=25), TODAY)
    add_person_step(manager, trial, _step(what="75 %", due=42, hours=75), TODAY)
    add_person_step(manager, trial, _step(what="50 %", due=21, hours=50), TODAY)
    assert [step.hours_percent for step in hours_schedule(trial)] == [25, 50, 75]
    refused = _refused(add_person_step, manager, trial, _step(what="40 %", due=63, hours=40), TODAY)
    assert refused.field == "hours_percent" and "only step up" in str(refused.message)
    assert _refused(add_person_step, manager, trial, _step(due=30, hours=40), TODAY).field == "hours_percent"
    assert "ends on" in str(_refused(add_person_step, manager, trial, _step(due=91, hours=100), TODAY).message)
    assert "starts on" in str(_refused(add_person_step, manager, trial, _step(due=-1, hours=10), TODAY).message)
    assert _refused(add_person_step, manager, trial, _step(due=60, hours=120), TODAY).field == "hours_percent"
    assert len(trial.steps) == 3


def test_a_changed_or_dropped_step_of_a_work_trial_is_checked_against_the_rest_of_the_schedule(world):
    trial, manager = world["trial"], world["manager"]
    first = add_person_step(manager, trial, _step(due=0, hours=25), TODAY)
    second = add_person_step(manager, trial, _step(due=21, hours=50), TODAY)
    assert _refused(change_person_step, manager, first, _step(due=0, hours=60)).field == "hours_percent"
    change_person_step(manager, second, _step(due=21, hours=20, status="dropped", follow=None))
    change_person_step(manager, first, _step(due=0, hours=60))  # the dropped step is no longer in the schedule
    assert [step.hours_percent for step in hours_schedule(trial)] == [60]


def test_a_work_trial_cannot_be_shortened_past_its_schedule_of_hours(world):
    trial, manager = world["trial"], world["manager"]
    add_person_step(manager, trial, _step(due=0, hours=50), TODAY)
    add_person_step(manager, trial, _step(due=60, hours=100), TODAY)
    shorter = CaseInput(starts_on=TODAY, ends_on=_in(45), duties="adjusted")
    refused = _refused(edit_case, manager, trial.id, shorter, TODAY)
    assert refused.field == "hours_percent" and "ends on" in str(refused.message)
    assert db.session.get(type(trial), trial.id).ends_on == _in(90)
    edit_case(manager, trial.id, CaseInput(starts_on=TODAY, ends_on=_in(75), duties="adjusted"), TODAY)
    assert trial.ends_on == _in(75)


def test_only_a_work_trial_has_hours(world):
    refused = _refused(add_person_step, world["manager"], world["case"], _step(hours=50), TODAY)
    assert refused.field == "hours_percent"


def test_a_follow_up_sent_twice_is_stored_once(world):
    step = add_person_step(world["manager"], world["case"], _step(), TODAY)
    first = follow_up_person_step(world["manager"], step, _follow_up(status="done"), TODAY)
    again = follow_up_person_step(world["manager"], step, _follow_up(status="done"), TODAY)
    assert again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(PersonFollowUp)) == 1
    refused = _refused(follow_up_person_step, world["manager"], step, _follow_up(note="Something else"), TODAY)
    assert "closed" in str(refused.message)


def test_steps_due_are_flagged_like_a_unit_plans(make, world, count_queries):
    north, school = world["north"], world["school"]
    steps = [
        {"what": "Overdue", "due_on": _in(-1), "next_follow_up_on": _in(20)},
        {"what": "Missed", "due_on": _in(30), "next_follow_up_on": _in(-2)},
        {"what": "Soon", "due_on": _in(30), "next_follow_up_on": _in(7)},
        {"what": "Later", "due_on": _in(30), "next_follow_up_on": _in(8)},
        {"what": "Done", "due_on": _in(-5), "next_follow_up_on": None, "status": "done"},
    ]
    make.person_case("E-1", north, steps=steps)
    make.person_case("E-2", school, steps=[{"what": "Other unit", "next_follow_up_on": _in(-1)}])
    make.person_case("E-1", north, steps=[{"what": "Closed case", "next_follow_up_on": _in(-1)}],
                     closed_on=TODAY, outcome="steps_done")  # fmt: skip
    north_id = north.id
    db.session.expire_all()
    with count_queries() as counter:
        found = person_steps_due(TODAY, [north_id])
        assert {due.step.case.unit_id for due in found} == {north_id}  # the cases come with the steps
    assert counter.count == 1
    flags = {due.step.what: (due.overdue, due.follow_up_missed, due.follow_up_due) for due in found}
    assert flags == {
        "Missed": (False, True, True),
        "Overdue": (True, False, False),
        "Soon": (False, False, True),
    }
    assert [due.step.what for due in found] == ["Missed", "Overdue", "Soon"]
    assert "Other unit" in {due.step.what for due in person_steps_due(TODAY, None)}
    assert [due.step.what for due in person_steps_due(TODAY, [north.id], within_days=8)][-1] == "Later"


def test_progress_counts_done_steps_and_missed_follow_ups(make, world):
    steps = [
        {"status": "done", "next_follow_up_on": None},
        {"status": "done", "next_follow_up_on": None},
        {"status": "dropped", "next_follow_up_on": None},
        {"status": "done", "next_follow_up_on": None},
        {"next_follow_up_on": _in(-1)},
    ]
    case = make.person_case("E-1", world["north"], steps=steps)
    progress = case_progress(case, TODAY)
    assert (progress.done, progress.total, progress.follow_up_missed) == (3, 4, 1)
