"""Reminders of plan steps' follow-ups: each reaches the people responsible (and, once missed, their managers) once
per follow-up date, in their language, naming the unit, the date and the step's text redacted, and nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.db import db, utcnow
from survey_app.mail.delivery import deliver_due
from survey_app.mail.render import render
from survey_app.models import NotificationChoice, PlanStep
from survey_app.notify.follow_ups import queue_due
from survey_app.plans import services
from tests.clock import TODAY
from tests.survey_app.notify.recorded import mails


@pytest.fixture
def world(make):
    """Hemtjänst Centrum under the area Vård och omsorg, each with its own manager; Förskolan Solrosen elsewhere with
    its manager; HR runs Hemtjänst Centrum's case; occupational health is invited to the area."""
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    people = {
        "hr": make.user("hr", email="hr@example.org"),
        "other_hr": make.user("hr", email="hr2@example.org"),
        "manager": make.user("manager", units=(unit,), email="chef@example.org"),
        "area_manager": make.user("manager", units=(area,), email="omradeschef@example.org"),
        "other_manager": make.user("manager", units=(other,), email="solrosen@example.org"),
        "ohs": make.user("ohs", units=(area,), email="ohs@example.org"),
    }
    people["manager"].name = "Eva Karlsson"
    db.session.commit()
    return {"area": area, "unit": unit, "other": other, **people}


def _case(make, world, *steps, unit=None):
    """A case of ``unit`` (Hemtjänst Centrum) run by HR, with a step for each mapping of fields; created 40 days ago."""
    created = TODAY - timedelta(days=40)
    return make.case(
        unit or world["unit"], [{"created_on": created, **step} for step in steps], responsible=world["hr"]
    )


def _in(days: int):
    return TODAY + timedelta(days=days)


def _to(kind: str | None = None) -> set[str]:
    return {mail.to_address for mail in mails(kind)}


def test_a_follow_up_in_three_days_reminds_the_responsible_and_nobody_else(make, world):
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(3)})
    assert queue_due(TODAY) == 1
    [mail] = mails()
    assert mail.kind == "step_due_soon" and mail.to_address == "chef@example.org"
    assert "Hemtjänst Centrum" in mail.subject and "3 days" in mail.subject


@pytest.mark.parametrize("days", [1, 2])
def test_a_follow_up_one_or_two_days_away_is_announced_too_if_cron_missed_a_day(make, world, days):
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(days)})
    queue_due(TODAY)
    assert _to("step_due_soon") == {"chef@example.org"}


def test_nothing_is_announced_four_days_ahead(make, world):
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(4)})
    assert queue_due(TODAY) == 0 and mails() == []


def test_the_day_of_the_follow_up_gets_its_own_reminder_once(make, world):
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(2)})
    assert queue_due(TODAY - timedelta(days=1)) == 1  # three days ahead
    assert queue_due(TODAY) == 0  # two days ahead: the same date, announced already
    assert queue_due(TODAY + timedelta(days=2)) == 1
    assert [mail.kind for mail in mails()] == ["step_due_soon", "step_due_today"]
    assert "due today" in mails("step_due_today")[0].subject


def test_a_missed_follow_up_reaches_the_responsible_and_the_units_manager_only(make, world):
    _case(make, world, {"responsible_role": "hr", "next_follow_up_on": _in(-3)})
    assert queue_due(TODAY) == 2
    assert _to("step_missed") == {"hr@example.org", "chef@example.org"}  # not the other unit's, not the area's


def test_a_manager_who_missed_their_own_follow_up_is_reported_one_level_up(make, world):
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(-1)})
    queue_due(TODAY)
    assert _to("step_missed") == {"chef@example.org", "omradeschef@example.org"}
    told = next(mail for mail in mails() if mail.to_address == "omradeschef@example.org")
    assert "Eva Karlsson" in render(told).text  # who was responsible


def test_without_a_manager_above_the_cases_hr_person_is_told(make, world):
    world["area_manager"].active = False
    db.session.commit()
    _case(make, world, {"responsible_role": "unit_manager", "next_follow_up_on": _in(-1)})
    queue_due(TODAY)
    assert _to("step_missed") == {"chef@example.org", "hr@example.org"}
    told = next(mail for mail in mails() if mail.to_address == "hr@example.org")
    assert "The unit manager" in render(told).text


def test_running_twice_records_nothing_more(make, world):
    _case(
        make,
        world,
        {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(3)},
        {"responsible_user_id": world["manager"].id, "next_follow_up_on": TODAY},
        {"responsible_role": "unit_manager", "next_follow_up_on": _in(-5)},
    )
    first = queue_due(TODAY)
    db.session.commit()
    assert first == 4 and queue_due(TODAY) == 0 and len(mails()) == 4


def test_a_follow_up_recorded_with_a_new_date_gets_reminders_of_its_own(make, world):
    case = _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(-2)})
    queue_due(TODAY)
    step = case.steps[0]
    data = services.FollowUpInput(TODAY, "Rutinen prövas", "in_progress", "some", _in(3))
    services.record_follow_up(world["hr"], step, data, TODAY)
    assert queue_due(TODAY) == 1
    assert [mail.kind for mail in mails()] == ["step_missed", "step_missed", "step_due_soon"]


def test_closed_steps_and_long_forgotten_ones_get_nothing(make, world):
    manager = world["manager"].id
    _case(
        make,
        world,
        {"responsible_user_id": manager, "status": "done", "next_follow_up_on": None},
        {"responsible_user_id": manager, "status": "dropped", "next_follow_up_on": None},
        {"responsible_user_id": manager, "next_follow_up_on": _in(-31)},
    )
    assert queue_due(TODAY) == 0 and mails() == []


def test_a_step_left_open_in_a_closed_case_is_still_reminded(make, world):
    case = _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": TODAY})
    case.stage, case.closed_on = "closed", TODAY - timedelta(days=5)
    db.session.commit()
    queue_due(TODAY)
    assert _to("step_due_today") == {"chef@example.org"}


def test_a_person_who_turned_the_kind_off_gets_nothing(make, world):
    db.session.add(NotificationChoice(user_id=world["manager"].id, kind="step_due_soon", enabled=False))
    db.session.commit()
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(3)})
    assert queue_due(TODAY) == 0 and mails() == []


def test_an_inactive_account_gets_nothing_and_the_units_managers_step_in(make, world):
    world["manager"].active = False
    db.session.commit()
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": TODAY})
    queue_due(TODAY)
    assert _to() == {"omradeschef@example.org"}


def test_an_account_no_longer_working_on_the_unit_is_not_reminded(make, world):
    _case(make, world, {"responsible_user_id": world["other_manager"].id, "next_follow_up_on": TODAY})
    queue_due(TODAY)
    assert _to() == {"chef@example.org"}


@pytest.mark.parametrize(
    ("role", "reached"),
    [
        ("unit_manager", {"chef@example.org"}),
        ("work_group", {"chef@example.org"}),
        ("safety_representative", {"chef@example.org"}),
        (None, {"chef@example.org"}),
        ("hr", {"hr@example.org"}),
        ("occupational_health", {"ohs@example.org"}),
    ],
)
def test_a_role_responsible_for_a_step_reaches_the_right_people(make, world, role, reached):
    fields = {"responsible_role": role, "next_follow_up_on": _in(2)}
    if role is None:
        fields["responsible_note"] = "Enhetschefen"
    _case(make, world, fields)
    queue_due(TODAY)
    assert _to("step_due_soon") == reached


def test_a_step_of_the_safety_representative_reaches_their_account_where_the_unit_has_one(make, world):
    case = _case(make, world, {"responsible_role": "safety_representative", "next_follow_up_on": _in(2)})
    make.user("safety", units=(case.unit,), email="skyddsombud@example.org")
    queue_due(TODAY)
    assert _to("step_due_soon") == {"skyddsombud@example.org"}


def test_hr_responsible_without_a_case_hr_person_reaches_every_hr_specialist(make, world):
    case = _case(make, world, {"responsible_role": "hr", "next_follow_up_on": _in(1)})
    case.responsible_id = None
    db.session.commit()
    queue_due(TODAY)
    assert _to("step_due_soon") == {"hr@example.org", "hr2@example.org"}


def test_the_message_is_in_the_recipients_language_with_the_unit_and_the_date(make, world):
    world["manager"].locale = "fi"
    db.session.commit()
    _case(make, world, {"responsible_user_id": world["manager"].id, "next_follow_up_on": _in(3)})
    queue_due(TODAY)
    [mail] = mails()
    assert mail.locale == "fi" and mail.subject and "Hemtjänst Centrum" in mail.subject
    message = render(mail)
    assert "Hemtjänst Centrum" in message.text and str(_in(3).year) in message.text
    assert "/plans/steps/" in message.text and "/plans/steps/" in message.html


def test_only_the_steps_redacted_and_shortened_text_reaches_a_message(make, world):
    what = "Ask Kalle Andersson (070-123 45 67) about new lifting aids in the kitchen, and " + "then more " * 20
    case = _case(make, world, {"responsible_user_id": world["manager"].id, "what": what, "next_follow_up_on": _in(-2)})
    step = db.session.get(PlanStep, case.steps[0].id)
    step.why = "Kalle Andersson has a bad back"
    db.session.commit()
    queue_due(TODAY)
    assert len(mails()) == 2
    for mail in mails():
        message = render(mail)
        for text in (mail.subject, str(mail.params), message.text, message.html):
            assert "Kalle" not in text and "070" not in text and "bad back" not in text
        assert "about new lifting aids" in message.text and len(mail.params["step"]) <= 80


@pytest.mark.commits
def test_the_reminders_arrive_through_the_mail_server(make, world, smtp_server):
    _case(
        make,
        world,
        {"responsible_user_id": world["manager"].id, "what": "New lifting aids", "next_follow_up_on": TODAY},
    )
    queue_due(TODAY)
    db.session.commit()
    deliver_due(utcnow())  # the moment the message was recorded has come
    [received] = smtp_server.wait_for(1)
    assert received.recipients == ["chef@example.org"]
    assert "due today" in received.subject and "New lifting aids" in received.text
    assert "Hemtjänst Centrum" in received.html and "https://omtanke.example.org/plans/steps/" in received.text
