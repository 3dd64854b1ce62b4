"""Early support as managers, HR and occupational health meet it: the quick guide, the model, talks and meetings."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from survey_app.db import db
from survey_app.models import AuditEvent, EarlySupportModel, SupportEvent
from survey_app.support import services
from survey_app.support.defaults import MODEL_ROLES, default_model
from tests.clock import TODAY
from tests.helpers import post_form


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(make):
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C")
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    return {
        "unit": unit,
        "other": other,
        "hr": make.user("hr"),
        "admin": make.user("admin"),
        "manager": make.user("manager", units=(unit,)),
        "deputy": make.user("manager", units=(unit,)),
        "other_manager": make.user("manager", units=(other,)),
        "ohs": make.user("ohs", units=(area,)),
    }


def _model_form(content: dict) -> dict:
    """The model as the edit form sends it: one textarea a list, contacts as "Role | Name | Phone | E-mail"."""
    data = {}
    for stage in content["stages"]:
        data[f"{stage['key']}_title"] = stage["title"]
        for name in ("when", "manager_does", "contacts"):
            data[f"{stage['key']}_{name}"] = "\n".join(stage[name])
    for role in MODEL_ROLES:
        data[f"roles_{role}"] = "\n".join(content["roles"][role])
    parts = ("role", "name", "phone", "email")
    data["contacts"] = "\n".join(" | ".join(contact[part] for part in parts) for contact in content["contacts"])
    return data


def _log(client, unit, kind="early_support_talk", held_on=TODAY, roles=("manager", "employee")):
    data = {"unit_id": str(unit.id), "kind": kind, "held_on": held_on.isoformat(), "roles_present": list(roles)}
    return post_form(client, "/support/events", data)


# --- the quick guide and the model -----------------------------------------------------------------------------------


def test_the_quick_guide_shows_the_default_model_in_the_users_language(world, client, login, make):
    login(client, make.user("manager", units=(world["unit"],), locale="sv"))
    page = _text(client.get("/support/"))
    assert "Tidigt stöd – i den egna enheten" in page
    assert "Tre korta sjukfrånvaroperioder på fyra månader." in page and "Företagshälsovården" in page


def test_the_quick_guide_follows_the_browser_language(world, client, login):
    login(client, world["ohs"])
    page = _text(client.get("/support/", headers={"Accept-Language": "fi"}))
    assert "Varhainen tuki – omassa työyksikössä" in page and "työterveysneuvottelu" in page


def test_hr_edits_the_model_and_every_role_reads_it_in_the_quick_guide(world, client, login, app):
    login(client, world["hr"])
    form = client.get("/support/model").get_data(as_text=True)
    assert "Early support – within the unit" in form and "Safety representative" in form
    content = default_model("en")
    content["stages"][0]["title"] = "Tidigt stöd hos oss"
    content["stages"][0]["manager_does"] = ["Ring medarbetaren dag 2", "Boka ett omtankesamtal"]
    content["contacts"][0] = {"role": "HR", "name": "Anna Lindqvist", "phone": "+46 8 123 45", "email": "anna@x.se"}
    response = post_form(client, "/support/model", _model_form(content))
    assert response.status_code == 302
    saved = db.session.scalar(select(EarlySupportModel))
    assert saved.content["stages"][0]["manager_does"] == ["Ring medarbetaren dag 2", "Boka ett omtankesamtal"]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "support.model_saved"))

    reader = app.test_client()
    login(reader, world["manager"])
    response = reader.get("/support/", headers={"Accept-Language": "sv"})
    page, source = _text(response), response.get_data(as_text=True)
    assert "Tidigt stöd hos oss" in page and "Ring medarbetaren dag 2" in page
    assert 'href="tel:+46812345"' in source
    assert 'href="mailto:anna@x.se"' in source and "Anna Lindqvist" in page
    assert "Edit the model" not in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["stages"][1].update(title=""), "Enhanced support: title: Every stage needs a title."),
        (
            lambda c: c["stages"][2].update(manager_does=[]),
            "Return-to-work support: what the manager does: Every stage needs at least one action for the manager.",
        ),
        (lambda c: c["stages"][0].update(when=["x" * 301]), "Line 1 is longer than 300 characters."),
        (
            lambda c: c["contacts"].append({"role": "OH", "name": "Ida", "phone": "", "email": "ida(at)x"}),
            "Contacts: Line 4: the e-mail address does not look right.",
        ),
        (
            lambda c: c["contacts"].append({"role": "", "name": "Ida", "phone": "", "email": ""}),
            "Line 4: write the role first, e.g. HR.",
        ),
        (
            lambda c: c["contacts"].extend({"role": f"R{i}", "name": "", "phone": "", "email": ""} for i in range(18)),
            "List at most 20 contacts.",
        ),
    ],
)
def test_bad_model_input_is_explained_and_nothing_is_saved(world, client, login, change, message):
    login(client, world["admin"])
    content = default_model("en")
    change(content)
    response = post_form(client, "/support/model", _model_form(content))
    assert response.status_code == 200 and message in _text(response)
    assert _count(EarlySupportModel) == 0


def test_a_contact_line_with_too_many_parts_names_the_line(world, client, login):
    login(client, world["hr"])
    data = _model_form(default_model("en")) | {"contacts": "HR | Anna\n\nOH | Ida | 0401 | ida@x.fi | extra"}
    response = post_form(client, "/support/model", data)
    assert "Line 3: use at most four parts separated by |." in _text(response)
    assert _count(EarlySupportModel) == 0


@pytest.mark.parametrize("role", ["ohs", "manager"])
def test_occupational_health_and_managers_cannot_edit_the_model(world, client, login, role):
    login(client, world[role])
    assert client.get("/support/model").status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/support/").get_data(as_text=True)).group(1)
    data = _model_form(default_model("en")) | {"csrf_token": token}
    assert client.post("/support/model", data=data).status_code == 403
    assert _count(EarlySupportModel) == 0
    with pytest.raises(services.NotAllowedError):
        services.save_model(world[role], default_model("en"))


# --- talks and network meetings --------------------------------------------------------------------------------------


def test_a_manager_logs_a_talk_for_their_unit_and_it_is_counted(world, client, login):
    login(client, world["manager"])
    page = _text(client.get("/support/events"))
    assert "Record no names and no health details." in page
    response = _log(client, world["unit"], roles=("employee", "manager"))
    assert response.status_code == 302
    event = db.session.scalar(select(SupportEvent))
    assert (event.unit_id, event.kind, event.held_on) == (world["unit"].id, "early_support_talk", TODAY)
    assert event.roles_present == ["manager", "employee"] and event.recorded_by_id == world["manager"].id
    assert db.session.scalar(select(AuditEvent.details).where(AuditEvent.action == "support.event_logged")) == {
        "unit": "HT-C",
        "kind": "early_support_talk",
    }
    page = _text(client.get("/support/events"))
    assert f"Hemtjänst Centrum {TODAY:%Y-%m} 1 0" in page


def test_a_manager_cannot_log_for_another_unit(world, client, login):
    login(client, world["manager"])
    assert "Förskolan Solrosen" not in client.get("/support/events").get_data(as_text=True)
    assert _log(client, world["other"]).status_code == 404
    assert _log(client, SimpleNamespace(id=999_999)).status_code == 404
    assert _count(SupportEvent) == 0


def test_occupational_health_logs_for_the_units_it_is_invited_to(world, client, login):
    login(client, world["ohs"])
    roles = ("employee", "manager", "ohs", "hr")
    assert _log(client, world["unit"], kind="network_meeting", roles=roles).status_code == 302
    assert _log(client, world["other"], kind="network_meeting", roles=roles).status_code == 404
    assert db.session.scalar(select(SupportEvent.roles_present)) == ["manager", "employee", "hr", "ohs"]


def test_a_network_meeting_without_occupational_health_is_refused(world, client, login):
    login(client, world["manager"])
    response = _log(client, world["unit"], kind="network_meeting", roles=("employee", "manager", "hr"))
    assert response.status_code == 200
    assert "needs at least the employee, the manager and occupational health" in _text(response)
    assert _count(SupportEvent) == 0


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (TODAY + timedelta(days=1), "The date cannot be in the future."),
        (TODAY - timedelta(days=800), "The date cannot be more than 2 years back."),
    ],
)
def test_dates_in_the_future_or_long_ago_are_refused(world, client, login, held_on, message):
    login(client, world["manager"])
    response = _log(client, world["unit"], held_on=held_on)
    assert response.status_code == 200 and message in _text(response)
    assert _count(SupportEvent) == 0


def test_a_talk_needs_a_date_and_the_roles_present(world, client, login):
    login(client, world["manager"])
    data = {"unit_id": str(world["unit"].id), "kind": "early_support_talk", "held_on": ""}
    page = _text(post_form(client, "/support/events", data))
    assert "Enter the date it was held." in page
    page = _text(_log(client, world["unit"], roles=("manager", "boss")))
    assert "Choose the roles from the list." in page
    assert _count(SupportEvent) == 0


def test_event_counts_group_by_unit_kind_and_month_in_one_query(world, count_queries):
    unit, other, hr = world["unit"], world["other"], world["hr"]
    today = date(2025, 3, 10)
    for unit_, kind, held_on in [
        (unit, "early_support_talk", date(2025, 1, 2)),
        (unit, "early_support_talk", date(2025, 1, 31)),
        (unit, "network_meeting", date(2025, 1, 20)),
        (unit, "early_support_talk", date(2025, 2, 1)),
        (other, "early_support_talk", date(2025, 2, 28)),
        (other, "early_support_talk", date(2024, 12, 31)),
    ]:
        roles = ("employee", "manager", "ohs")
        services.log_event(hr, unit_.id, kind, held_on, roles, today)
    assert _count(SupportEvent) == 6  # also opens the transaction, so that BEGIN is not counted below
    with count_queries() as counter:
        counts = services.event_counts(None, date(2025, 1, 1), date(2025, 2, 28))
    assert counter.count == 1
    assert counts == {
        (unit.id, "early_support_talk", "2025-01"): 2,
        (unit.id, "network_meeting", "2025-01"): 1,
        (unit.id, "early_support_talk", "2025-02"): 1,
        (other.id, "early_support_talk", "2025-02"): 1,
    }
    assert services.event_counts([other.id], date(2024, 1, 1), date(2025, 12, 31)) == {
        (other.id, "early_support_talk", "2024-12"): 1,
        (other.id, "early_support_talk", "2025-02"): 1,
    }
    with count_queries() as counter:
        assert services.event_counts([], date(2024, 1, 1), date(2025, 12, 31)) == {}
    assert counter.count == 0


def test_managers_see_only_their_units_events(world, client, login):
    services.log_event(world["hr"], world["other"].id, "early_support_talk", TODAY, ["manager", "employee"], TODAY)
    services.log_event(world["hr"], world["unit"].id, "early_support_talk", TODAY, ["manager", "employee"], TODAY)
    visible = services.events_for(world["manager"], 50)
    assert [event.unit_id for event in visible] == [world["unit"].id]
    assert len(services.events_for(world["admin"], 50)) == 2


def test_deleting_someone_elses_entry_is_refused(world, client, login, app):
    login(client, world["manager"])
    _log(client, world["unit"])
    event = db.session.scalar(select(SupportEvent))
    deputy = login(app.test_client(), world["deputy"])
    page = deputy.get("/support/events").get_data(as_text=True)
    assert "Hemtjänst Centrum" in page and f"/support/events/{event.id}/delete" not in page
    assert post_form(deputy, "/support/events", {}, action=f"/support/events/{event.id}/delete").status_code == 404
    outsider = login(app.test_client(), world["other_manager"])
    assert post_form(outsider, "/support/events", {}, action=f"/support/events/{event.id}/delete").status_code == 404
    assert _count(SupportEvent) == 1

    assert f"/support/events/{event.id}/delete" in client.get("/support/events").get_data(as_text=True)
    assert post_form(client, "/support/events", {}, action=f"/support/events/{event.id}/delete").status_code == 302
    assert _count(SupportEvent) == 0
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "support.event_deleted"))


def test_hr_may_delete_any_entry(world, client, login):
    event = services.log_event(world["manager"], world["unit"].id, "early_support_talk", TODAY, ["manager"], TODAY)
    login(client, world["hr"])
    assert post_form(client, "/support/events", {}, action=f"/support/events/{event.id}/delete").status_code == 302
    assert _count(SupportEvent) == 0
