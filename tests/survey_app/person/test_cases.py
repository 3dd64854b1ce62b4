"""A person's talks, meetings and plans as services: opening each kind for a person the caller may see, the rules of
their days, consent for every participant but the manager and the employee, occupational health seeing only what it
is invited to, the unit's anonymous log following a held talk, closing, and the audit trail (ids, never names)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.access import NotAllowedError
from survey_app.clock import months_before
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import AuditEvent, Employee, PersonCase, SupportEvent
from survey_app.person import case_participants as participants
from survey_app.person import cases
from survey_app.person.case_access import can_see_plan, visible_case
from survey_app.person.cases import CaseInput
from tests.clock import TODAY

TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def world(make):
    care = make.unit("Vård och omsorg", code="VO")
    north = make.unit("Hemtjänst Norr", parent=care, code="HN")
    school = make.unit("Ängsskolan", code="AS")
    db.session.add(Employee(employee_id="E-1", name="Kerstin Testsson", unit_id=north.id))
    db.session.add(Employee(employee_id="E-2", name="Olle Skolsson", unit_id=school.id))
    db.session.commit()
    return {
        "north": north,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(care,)),
        "other_ohs": make.user("ohs", units=(school,)),
        "admin": make.user("admin"),
    }


def _talk(world, actor="manager", kind="early_support", **fields) -> PersonCase:
    return cases.open_case(world[actor], "E-1", kind, CaseInput(**{"planned_on": TODAY, **fields}), TODAY)


def _events() -> list[SupportEvent]:
    return list(db.session.scalars(select(SupportEvent)))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    "kind, fields",
    [
        ("early_support", {"planned_on": TODAY + timedelta(days=3), "signal_on": TODAY - timedelta(days=2)}),
        ("network_meeting", {"planned_on": TODAY + timedelta(days=10)}),
        ("return_to_work", {"starts_on": TODAY, "ends_on": TODAY + timedelta(days=60), "duties": "adjusted"}),
        ("work_trial", {"starts_on": TODAY, "ends_on": TODAY + timedelta(days=75), "duties": "replacement"}),
    ],
)
@pytest.mark.parametrize("actor", ["manager", "hr"])
def test_hr_and_the_own_manager_open_each_kind_with_the_manager_and_employee_taking_part(world, kind, fields, actor):
    case = cases.open_case(world[actor], "E-1", kind, CaseInput(**fields), TODAY)
    assert case.kind == kind and case.unit_id == world["north"].id and case.closed_on is None
    assert all(getattr(case, name) == value for name, value in fields.items())
    assert sorted(p.role for p in case.participants) == ["employee", "manager"]
    assert all(p.consent_on is None for p in case.participants)
    opened = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "person.case_opened")).one()
    assert opened.object_id == str(case.id) and "Kerstin" not in str(opened.details)


def test_a_kind_keeps_only_its_own_fields(world):
    case = _talk(world, starts_on=TODAY, duties="usual")
    assert case.starts_on is None and case.duties is None
    plan = cases.open_case(
        world["manager"], "E-1", "return_to_work", CaseInput(planned_on=TODAY, starts_on=TODAY, duties="usual"), TODAY
    )
    assert plan.planned_on is None and plan.starts_on == TODAY


@pytest.mark.parametrize("actor", ["other_manager", "ohs", "admin"])
def test_anyone_but_hr_and_the_own_manager_cannot_open_a_case(world, actor):
    with pytest.raises(NotAllowedError):
        _talk(world, actor)
    with pytest.raises(NotAllowedError):
        cases.open_case(world["hr"], "E-404", "early_support", CaseInput(planned_on=TODAY), TODAY)


@pytest.mark.parametrize(
    "kind, fields, field",
    [
        ("early_support", {"held_on": TOMORROW}, "held_on"),
        ("early_support", {"planned_on": None}, "planned_on"),
        ("early_support", {"signal_on": TOMORROW}, "signal_on"),
        ("return_to_work", {"duties": "usual"}, "starts_on"),
        ("return_to_work", {"starts_on": TODAY, "ends_on": TODAY - timedelta(days=1), "duties": "usual"}, "ends_on"),
        ("return_to_work", {"starts_on": TODAY, "duties": "whatever"}, "duties"),
        ("work_trial", {"starts_on": TODAY, "duties": "adjusted"}, "ends_on"),
        ("work_trial", {"starts_on": TODAY, "ends_on": months_before(TODAY, -6), "duties": "adjusted"}, "ends_on"),
        ("kind_of_its_own", {}, "kind"),
    ],
)
def test_days_and_duties_that_break_a_rule_are_refused_on_their_field(world, kind, fields, field):
    with pytest.raises(DomainError) as refused:
        cases.open_case(world["manager"], "E-1", kind, CaseInput(**{"planned_on": TODAY, **fields}), TODAY)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(PersonCase)) == 0


def test_a_work_trial_of_six_months_to_the_day_before_is_accepted(world):
    last = months_before(TODAY, -6) - timedelta(days=1)
    trial = cases.open_case(
        world["manager"], "E-1", "work_trial", CaseInput(starts_on=TODAY, ends_on=last, duties="adjusted"), TODAY
    )
    assert trial.ends_on == last


def test_a_second_open_case_of_a_kind_leads_to_the_first(world):
    first = _talk(world)
    with pytest.raises(cases.CaseAlreadyOpenError) as again:
        _talk(world, "hr")
    assert again.value.case_id == first.id
    cases.close_case(world["manager"], first.id, "steps_done", TODAY, None, TODAY)
    assert _talk(world).id != first.id


def test_a_held_talk_counts_in_the_units_log_and_follows_its_held_date(world):
    case = _talk(world, held_on=TODAY - timedelta(days=1))
    (event,) = _events()
    assert case.support_event_id == event.id
    assert (event.kind, event.held_on, event.unit_id) == ("early_support_talk", TODAY - timedelta(days=1), case.unit_id)
    assert event.roles_present == ["manager", "employee"]
    cases.edit_case(world["manager"], case.id, CaseInput(planned_on=TODAY, held_on=TODAY - timedelta(days=3)), TODAY)
    (event,) = _events()
    assert event.held_on == TODAY - timedelta(days=3)
    cases.edit_case(world["manager"], case.id, CaseInput(planned_on=TODAY), TODAY)
    assert _events() == [] and case.support_event_id is None


def test_a_talk_recorded_held_later_makes_one_log_entry_with_the_roles_present(world):
    case = _talk(world)
    assert _events() == []
    participants.add_participant(world["hr"], case.id, participants.ParticipantInput("hr", TODAY), TODAY)
    cases.record_held(world["manager"], case.id, TODAY, TODAY)
    participants.add_participant(
        world["manager"], case.id, participants.ParticipantInput("rehab", TODAY - timedelta(days=1)), TODAY
    )
    (event,) = _events()
    assert event.roles_present == ["manager", "employee", "hr"]  # the log has no rehabilitation role, nor a name
    with pytest.raises(DomainError):
        cases.record_held(world["manager"], case.id, TOMORROW, TODAY)


def test_a_network_meeting_is_held_with_the_employee_the_manager_and_occupational_health(world):
    meeting = _talk(world, kind="network_meeting")
    with pytest.raises(DomainError) as refused:
        cases.record_held(world["manager"], meeting.id, TODAY, TODAY)
    assert refused.value.field == "held_on" and _events() == []
    oh = participants.ParticipantInput("occupational_health", TODAY, world["ohs"].id)
    participants.add_participant(world["manager"], meeting.id, oh, TODAY)
    cases.record_held(world["manager"], meeting.id, TODAY, TODAY)
    (event,) = _events()
    assert event.kind == "network_meeting" and event.roles_present == ["manager", "employee", "ohs"]


def test_plans_make_no_log_entry(world):
    cases.open_case(world["manager"], "E-1", "return_to_work", CaseInput(starts_on=TODAY, duties="usual"), TODAY)
    assert _events() == []


def test_every_participant_but_the_manager_and_the_employee_needs_the_employees_consent(world):
    case = _talk(world)
    for role in ("hr", "rehab", "occupational_health", "safety_representative", "support_person"):
        with pytest.raises(DomainError) as refused:
            participants.add_participant(world["manager"], case.id, participants.ParticipantInput(role), TODAY)
        assert refused.value.field == "consent_on"
    with pytest.raises(DomainError):
        participants.add_participant(
            world["manager"], case.id, participants.ParticipantInput("support_person", TOMORROW), TODAY
        )
    added = participants.add_participant(
        world["manager"], case.id, participants.ParticipantInput("support_person", TODAY), TODAY
    )
    assert added.consent_on == TODAY
    assert len(case.participants) == 3


def test_only_an_occupational_health_account_serving_the_unit_is_invited(world):
    case = _talk(world)
    for data in (
        participants.ParticipantInput("hr", TODAY, world["ohs"].id),
        participants.ParticipantInput("occupational_health", TODAY, world["other_ohs"].id),
        participants.ParticipantInput("occupational_health", TODAY, world["manager"].id),
    ):
        with pytest.raises(DomainError) as refused:
            participants.add_participant(world["manager"], case.id, data, TODAY)
        assert refused.value.field == "user_id"
    assert [user.id for user in participants.oh_accounts(case)] == [world["ohs"].id]


def test_the_same_participant_added_twice_is_stored_once(world):
    case = _talk(world)
    data = participants.ParticipantInput("occupational_health", TODAY, world["ohs"].id)
    first = participants.add_participant(world["manager"], case.id, data, TODAY)
    assert participants.add_participant(world["manager"], case.id, data, TODAY).id == first.id
    assert len(case.participants) == 3


def test_occupational_health_sees_the_invited_case_only_and_its_plan_only_with_the_sharing_consent(world):
    invited, other = _talk(world), _talk(world, kind="network_meeting")
    ohs = world["ohs"]
    with pytest.raises(NotAllowedError):
        visible_case(ohs, invited.id)
    data = participants.ParticipantInput("occupational_health", TODAY, ohs.id)
    participant = participants.add_participant(world["manager"], invited.id, data, TODAY)
    assert visible_case(ohs, invited.id) is invited and not can_see_plan(ohs, invited)
    with pytest.raises(NotAllowedError):
        visible_case(ohs, other.id)
    assert [case.id for case in cases.cases_for(ohs)] == [invited.id]
    participants.set_oh_consent(world["manager"], invited.id, TODAY, TODAY)
    assert can_see_plan(ohs, invited)
    participants.set_oh_consent(world["manager"], invited.id, None, TODAY)
    assert not can_see_plan(ohs, invited)
    participants.remove_participant(world["manager"], invited.id, participant.id)
    with pytest.raises(NotAllowedError):
        visible_case(ohs, invited.id)
    with pytest.raises(NotAllowedError):
        participants.add_participant(ohs, invited.id, participants.ParticipantInput("manager"), TODAY)


def test_the_sharing_consent_is_not_dated_in_the_future(world):
    case = _talk(world)
    with pytest.raises(DomainError) as refused:
        participants.set_oh_consent(world["manager"], case.id, TOMORROW, TODAY)
    assert refused.value.field == "oh_consent_on"


def test_the_list_holds_the_callers_cases_open_first(world):
    closed = _talk(world)
    cases.close_case(world["manager"], closed.id, "no_further_action", TODAY, None, TODAY)
    open_one = _talk(world)
    other = cases.open_case(world["hr"], "E-2", "early_support", CaseInput(planned_on=TODAY), TODAY)
    assert [case.id for case in cases.cases_for(world["manager"])] == [open_one.id, closed.id]
    assert [case.id for case in cases.cases_for(world["hr"])] == [other.id, open_one.id, closed.id]
    assert cases.cases_for(world["other_manager"]) == [other]
    assert cases.cases_for(world["ohs"]) == []
    with pytest.raises(NotAllowedError):
        cases.cases_for(world["admin"])


def test_closing_a_plan_back_at_work_needs_the_day_back(world):
    plan = cases.open_case(
        world["manager"], "E-1", "return_to_work", CaseInput(starts_on=TODAY, duties="adjusted"), TODAY
    )
    for outcome, closed_on, returned_on, field in (
        ("back_at_work", TODAY, None, "returned_on"),
        ("back_at_work", TODAY, TOMORROW, "returned_on"),
        ("unknown", TODAY, TODAY, "outcome"),
        ("back_at_work", TOMORROW, TODAY, "closed_on"),
    ):
        with pytest.raises(DomainError) as refused:
            cases.close_case(world["manager"], plan.id, outcome, closed_on, returned_on, TODAY)
        assert refused.value.field == field
    cases.close_case(world["manager"], plan.id, "back_at_work", TODAY, TODAY - timedelta(days=1), TODAY)
    assert (plan.outcome, plan.closed_on, plan.returned_on) == ("back_at_work", TODAY, TODAY - timedelta(days=1))
    again = cases.close_case(world["manager"], plan.id, "referred", TODAY, None, TODAY)
    assert again.outcome == "back_at_work"
    with pytest.raises(DomainError):
        cases.edit_case(world["manager"], plan.id, CaseInput(starts_on=TODAY, duties="usual"), TODAY)


def test_every_write_is_audited_by_id_never_by_name(world):
    case = _talk(world)
    data = participants.ParticipantInput("occupational_health", TODAY, world["ohs"].id)
    participant = participants.add_participant(world["manager"], case.id, data, TODAY)
    participants.set_oh_consent(world["manager"], case.id, TODAY, TODAY)
    cases.record_held(world["manager"], case.id, TODAY, TODAY)
    participants.remove_participant(world["manager"], case.id, participant.id)
    participants.set_oh_consent(world["manager"], case.id, None, TODAY)
    cases.close_case(world["manager"], case.id, "steps_done", TODAY, None, TODAY)
    assert _actions() == [
        "person.case_opened",
        "person.participant_added",
        "person.oh_consent_recorded",
        "person.case_event_logged",
        "person.case_held",
        "person.case_event_changed",
        "person.participant_removed",
        "person.oh_consent_withdrawn",
        "person.case_closed",
    ]
    logged = " ".join(str(event.details) for event in db.session.scalars(select(AuditEvent)))
    assert "Kerstin" not in logged and "Testsson" not in logged
