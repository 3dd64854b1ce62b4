"""The pages of a person's talks, meetings and plans: opened from the track or a task, shown with participants and
consents, changed, closed; another manager gets the 404 of an unknown id, occupational health reads only the case it
is invited to (its plan only with the sharing consent, the person only by id), and a double-clicked submit makes one
case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, Employee, PersonCase, SupportEvent
from tests.clock import TODAY
from tests.helpers import form_token, page_text


@pytest.fixture
def world(make):
    care = make.unit("Vård och omsorg", code="VO")
    north = make.unit("Hemtjänst Norr", parent=care, code="HN")
    school = make.unit("Ängsskolan", code="AS")
    db.session.add(Employee(employee_id="E-1", name="Kerstin Testsson", unit_id=north.id))
    db.session.commit()
    return {
        "north": north,
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other_manager": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(care,)),
        "admin": make.user("admin"),
    }


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PersonCase))


def _new(kind: str, **query) -> str:
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    return f"/people/E-1/cases/new?kind={kind}{extra}"


@pytest.mark.parametrize(
    "kind, data, shown",
    [
        ("early_support", {"planned_on": TODAY.isoformat()}, "Early-support talk"),
        ("network_meeting", {"planned_on": TODAY.isoformat()}, "Network meeting"),
        ("return_to_work", {"starts_on": TODAY.isoformat(), "duties": "adjusted"}, "Adjusted duties"),
        (
            "work_trial",
            {"starts_on": TODAY.isoformat(), "ends_on": (TODAY + timedelta(days=70)).isoformat(), "duties": "usual"},
            "Usual duties",
        ),
    ],
)
def test_the_manager_opens_each_kind_and_reads_it_on_its_page(app, login, world, kind, data, shown):
    client = login(app.test_client(), world["manager"])
    response = client.post(_new(kind), data={**data, "csrf_token": form_token(client, _new(kind))})
    assert response.status_code == 302
    page = page_text(client.get(response.location))
    assert shown in page and "Kerstin Testsson" in page and TODAY.isoformat() in page
    assert "Manager" in page and "Employee" in page and "not needed" in page


def test_the_form_shows_a_broken_rule_next_to_its_field_and_stores_nothing(app, login, world):
    client = login(app.test_client(), world["manager"])
    ends = (TODAY + timedelta(days=250)).isoformat()
    page = client.get(_new("work_trial")).get_data(as_text=True)
    assert "2–3 months" in page
    data = {"starts_on": TODAY.isoformat(), "ends_on": ends, "duties": "adjusted"}
    response = client.post(_new("work_trial"), data={**data, "csrf_token": form_token(client, _new("work_trial"))})
    assert response.status_code == 200
    assert "A work trial lasts at most six months" in page_text(response)
    assert 'id="ends_on-error"' in response.get_data(as_text=True)
    held = {"held_on": (TODAY + timedelta(days=1)).isoformat()}
    response = client.post(
        _new("early_support"), data={**held, "csrf_token": form_token(client, _new("early_support"))}
    )
    assert "cannot be in the future" in page_text(response)
    assert _count() == 0


def test_a_double_clicked_submit_makes_one_case(app, login, world):
    client = login(app.test_client(), world["manager"])
    data = {"planned_on": TODAY.isoformat(), "csrf_token": form_token(client, _new("early_support"))}
    first = client.post(_new("early_support"), data=data)
    second = client.post(_new("early_support"), data=data)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert _count() == 1


def test_the_task_page_books_the_talk_with_the_signal_day(app, login, world, make):
    for back in (200, 150, 100, 20):  # the fourth spell in 12 months: an omtankesamtal is due
        make.spell("E-1", world["north"], TODAY - timedelta(days=back), TODAY - timedelta(days=back - 2))
    client = login(app.test_client(), world["manager"])
    anchor = (TODAY - timedelta(days=20)).isoformat()
    page = client.get(f"/people/tasks/E-1/se_care_talk/{anchor}").get_data(as_text=True)
    link = f"/people/E-1/cases/new?kind=early_support&amp;signal_on={anchor}"
    assert link in page and "Book the talk" in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(rf'name="signal_on"[^>]*value="{anchor}"', form)


def test_the_track_lists_the_persons_cases_and_opens_each_kind(app, login, world, make):
    make.person_case("E-1", world["north"], kind="return_to_work", starts_on=TODAY, duties="adjusted")
    page = page_text(login(app.test_client(), world["manager"]).get("/people/E-1"))
    assert "Talks, meetings and plans" in page and "Return-to-work plan" in page
    for label in ("New early-support talk", "New network meeting", "New return-to-work plan", "New work trial"):
        assert label in page


@pytest.mark.parametrize("reader", ["other_manager", "admin"])
def test_anyone_else_gets_the_404_of_an_unknown_case(app, login, world, make, reader):
    case = make.person_case("E-1", world["north"])
    client = login(app.test_client(), world[reader])
    for path in ("", "/edit", "/participants", "/close"):
        known, unknown = client.get(f"/people/cases/{case.id}{path}"), client.get(f"/people/cases/99999{path}")
        assert known.status_code == unknown.status_code
        assert known.status_code in (403, 404)
        assert "Kerstin" not in known.get_data(as_text=True)
    assert client.get(_new("early_support")).status_code in (403, 404)
    if reader == "other_manager":
        assert client.get(f"/people/cases/{case.id}").status_code == 404
        assert page_text(client.get("/people/cases")).count("Hemtjänst Norr") == 0


def test_occupational_health_reads_the_invited_case_by_id_and_its_plan_only_with_the_sharing_consent(
    app, login, world, make
):
    ohs = world["ohs"]
    invited = make.person_case(
        "E-1",
        world["north"],
        participants=[{"role": "manager"}, {"role": "employee"}, {"role": "occupational_health", "user_id": ohs.id,
                                                                   "consent_on": TODAY}],
        steps=[{"what": "Kortare arbetspass"}],
    )  # fmt: skip
    other = make.person_case("E-1", world["north"], kind="network_meeting")
    client = login(app.test_client(), ohs)
    page = page_text(client.get(f"/people/cases/{invited.id}"))
    assert "E-1" in page and "Kerstin" not in page
    assert "Kortare arbetspass" not in page and "only with the employee’s consent" in page
    assert client.get(f"/people/cases/{other.id}").status_code == 404
    assert client.get(f"/people/cases/{invited.id}/edit").status_code == 403
    listed = page_text(client.get("/people/cases"))
    assert "1 case" in listed and "Early-support talk" in listed and "Network meeting" not in listed
    invited.oh_consent_on = TODAY
    db.session.commit()
    page = page_text(client.get(f"/people/cases/{invited.id}"))
    assert "Kortare arbetspass" in page and "only with the employee’s consent" not in page


def test_participants_need_consent_and_the_sharing_consent_is_recorded_and_withdrawn(app, login, world, make):
    case = make.person_case("E-1", world["north"])
    client = login(app.test_client(), world["manager"])
    path = f"/people/cases/{case.id}/participants"
    refused = client.post(path, data={"action": "add", "role": "hr", "csrf_token": form_token(client, path)})
    assert "Give the day the employee consented" in page_text(refused)
    added = {
        "action": "add",
        "role": "occupational_health",
        "consent_on": TODAY.isoformat(),
        "user_id": world["ohs"].id,
    }
    assert client.post(path, data={**added, "csrf_token": form_token(client, path)}).status_code == 302
    page = page_text(client.get(path))
    assert "Occupational health" in page and world["ohs"].name in page
    shared = {"action": "share", "oh_consent_on": TODAY.isoformat(), "csrf_token": form_token(client, path)}
    assert client.post(path, data=shared).status_code == 302
    assert db.session.get(PersonCase, case.id).oh_consent_on == TODAY
    client.post(path, data={"action": "withdraw", "csrf_token": form_token(client, path)})
    assert db.session.get(PersonCase, case.id).oh_consent_on is None
    participant = next(p for p in db.session.get(PersonCase, case.id).participants if p.user_id == world["ohs"].id)
    removed = client.post(f"{path}/{participant.id}/remove", data={"csrf_token": form_token(client, path)})
    assert removed.status_code == 302
    assert len(db.session.get(PersonCase, case.id).participants) == 2


def test_recording_a_talk_held_counts_it_in_the_units_log_and_closing_ends_the_case(app, login, world, make):
    case = make.person_case("E-1", world["north"], planned_on=TODAY - timedelta(days=2))
    client = login(app.test_client(), world["manager"])
    edit = f"/people/cases/{case.id}/edit"
    held = (TODAY - timedelta(days=1)).isoformat()
    data = {"planned_on": (TODAY - timedelta(days=2)).isoformat(), "held_on": held}
    assert client.post(edit, data={**data, "csrf_token": form_token(client, edit)}).status_code == 302
    event = db.session.scalars(select(SupportEvent)).one()
    assert event.held_on.isoformat() == held and event.kind == "early_support_talk"
    close = f"/people/cases/{case.id}/close"
    closing = {"outcome": "steps_done", "closed_on": TODAY.isoformat(), "csrf_token": form_token(client, close)}
    assert client.post(close, data=closing).status_code == 302
    assert client.post(close, data=closing).status_code == 302  # a second click: closed once
    page = page_text(client.get(f"/people/cases/{case.id}"))
    assert "Closed" in page and "The agreed steps are done" in page and "Close the case" not in page
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "person_case")))
    assert actions.count("person.case_closed") == 1 and "person.case_changed" in actions
    assert "person.case_read" in actions


def test_opening_a_kind_that_is_open_already_leads_to_the_open_case(app, login, world, make):
    case = make.person_case("E-1", world["north"])
    response = login(app.test_client(), world["manager"]).get(_new("early_support"), follow_redirects=True)
    assert response.request.path == f"/people/cases/{case.id}"
    assert "An open case of this kind exists already" in page_text(response)
