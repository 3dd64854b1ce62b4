"""The demo's whole person track and its safety representative (issue 23): a fresh demo has a person at each stage
after the tasks (a talk booked and one held, a network meeting with occupational health, a return-to-work plan, a work
trial stepping up its hours, a case closed back at work), and a skyddsombud who commented on and co-signed a unit
plan; seeding again, or with ``--if-empty``, adds nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.demo.person_cases import PEOPLE
from survey_app.models import (
    Employee,
    InterventionCase,
    PersonCase,
    PersonTaskDone,
    PlanComment,
    PlanSignature,
    SupportEvent,
    User,
)
from survey_app.models.person_cases import PERSON_CASE_KINDS
from survey_app.person.case_access import can_see_plan
from survey_app.person.tasks import all_tasks
from tests.clock import TODAY

PASSWORD = "demo lösenord 2026"


def _seed(app) -> str:
    app.config["OMTANKE_DEMO_PASSWORD"] = PASSWORD
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    return result.output


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _cases() -> dict[str, PersonCase]:
    """The demo's cases by employee id."""
    return {case.employee_id: case for case in db.session.scalars(select(PersonCase))}


def _done(employee_id: str, kind: str) -> PersonTaskDone | None:
    query = select(PersonTaskDone).where(PersonTaskDone.employee_id == employee_id, PersonTaskDone.kind == kind)
    return db.session.scalar(query)


def test_a_fresh_demo_has_a_person_at_each_stage_of_talks_meetings_and_plans(app):
    _seed(app)
    cases = _cases()
    assert {case.kind for case in cases.values()} == set(PERSON_CASE_KINDS)
    registered = set(db.session.scalars(select(Employee.employee_id)))
    assert set(cases) <= registered and {employee_id for employee_id, _, _ in PEOPLE} <= registered
    open_steps = [step for case in cases.values() for step in case.steps if step.status not in ("done", "dropped")]
    assert open_steps and all(step.next_follow_up_on for step in open_steps)
    assert all(len(step.what) <= 60 for case in cases.values() for step in case.steps), "short texts"

    talks = [case for case in cases.values() if case.kind == "early_support"]
    booked = next(case for case in talks if case.held_on is None)
    assert booked.planned_on > TODAY and booked.support_event_id is None
    coming = next(  # the omtankesamtal task appears when it is nearly due: anchored where the booking says
        task
        for day in range(1, 21)
        for task in all_tasks(TODAY + timedelta(days=day))
        if task.employee == booked.employee_id and task.kind == "se_care_talk"
    )
    assert coming.anchor == booked.signal_on and _done(booked.employee_id, "se_care_talk") is None
    held = next(case for case in talks if case.held_on is not None)
    assert len(held.steps) == 2 and held.held_on - held.signal_on <= timedelta(days=14)
    assert [len(step.follow_ups) for step in held.steps] == [1, 0]
    assert held.steps[1].next_follow_up_on == TODAY + timedelta(days=2)
    assert _done(held.employee_id, "se_care_talk").done_on == held.held_on

    for case in (held, next(case for case in cases.values() if case.kind == "network_meeting")):
        event = db.session.get(SupportEvent, case.support_event_id)
        assert (event.unit_id, event.held_on) == (case.unit_id, case.held_on)
        assert {"manager", "employee"} <= set(event.roles_present)
        assert event.kind == {"early_support": "early_support_talk", "network_meeting": "network_meeting"}[case.kind]

    closed = [case for case in cases.values() if case.closed_on]
    assert len(closed) == 1 and closed[0].outcome == "back_at_work" and closed[0].returned_on <= closed[0].closed_on
    plan = next(case for case in cases.values() if case.kind == "return_to_work" and not case.closed_on)
    assert plan.duties == "adjusted" and len(plan.steps) == 3


def test_occupational_health_is_invited_to_the_network_meeting_with_consent_and_sees_its_plan(app):
    _seed(app)
    meeting = next(case for case in _cases().values() if case.kind == "network_meeting")
    ohs = _user("ohs@example.org")
    invited = [p for p in meeting.participants if p.role == "occupational_health"]
    assert [p.user_id for p in invited] == [ohs.id] and invited[0].consent_on <= meeting.held_on
    assert meeting.oh_consent_on is not None and meeting.steps
    assert "ohs" in db.session.get(SupportEvent, meeting.support_event_id).roles_present
    assert can_see_plan(ohs, meeting)
    others = [case for case in _cases().values() if case is not meeting]
    assert not any(can_see_plan(ohs, case) for case in others), "only the case they were invited to"


def test_the_work_trial_steps_its_hours_up_to_full_time_within_about_three_months(app):
    _seed(app)
    trial = next(case for case in _cases().values() if case.kind == "work_trial")
    assert timedelta(days=60) <= trial.ends_on - trial.starts_on <= timedelta(days=100)
    schedule = sorted((step.due_on, step.hours_percent) for step in trial.steps)
    assert [percent for _, percent in schedule] == [25, 50, 75, 100]
    assert schedule[0][0] == trial.starts_on <= TODAY and all(day <= trial.ends_on for day, _ in schedule)
    assert schedule[1][0] <= TODAY < schedule[2][0], "the trial is under way: half time now, more to come"


def test_the_demo_safety_representative_is_printed_and_has_commented_on_and_co_signed_a_plan(app):
    output = _seed(app)
    login = next(line for line in output.splitlines() if "skyddsombud@example.org" in line)
    assert "safety" in login
    safety = _user("skyddsombud@example.org")
    assert safety.role == "safety"
    signature = db.session.scalar(select(PlanSignature).where(PlanSignature.user_id == safety.id))
    assert signature.role == "safety" and TODAY - timedelta(days=14) <= signature.signed_on < TODAY
    plan = db.session.get(InterventionCase, signature.case_id)
    assert plan.unit.id in {unit.id for area in safety.assigned_units for unit in [area, *area.children]}
    comment = db.session.scalar(select(PlanComment).where(PlanComment.author_id == safety.id))
    assert comment.case_id == plan.id and comment.text


def test_seeding_the_demo_again_adds_no_cases_events_or_signatures(app):
    output = _seed(app)
    counted = (Employee, PersonCase, SupportEvent, PersonTaskDone, PlanComment, PlanSignature)

    def counts() -> list[int]:
        return [db.session.scalar(select(func.count()).select_from(model)) for model in counted]

    before = counts()
    assert _seed(app) and counts() == before
    again = app.test_cli_runner().invoke(demo_command, ["--if-empty"])
    assert "was not seeded" in again.output and "skyddsombud@example.org" in again.output
    assert "safety" in next(line for line in again.output.splitlines() if "skyddsombud" in line)
    assert counts() == before and "skyddsombud@example.org" in output
