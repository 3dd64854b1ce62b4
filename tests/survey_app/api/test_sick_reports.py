"""POST /api/v1/sick-reports, over real HTTP with bearer tokens: the scope it needs, exactly the fields it accepts,
one report and one spell however often it is sent, the unit scope of the token's owner, and an absence import of the
same spell that completes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from survey_app.absence.commands import absence_cli
from survey_app.absence.services import person_signals_for
from survey_app.api.commands import api_token_cli
from survey_app.db import db
from survey_app.models import AbsenceSpell, AuditEvent, SickReport, Unit, User
from tests.clock import TODAY

WRITE = "sick-reports:write"


@pytest.fixture
def token(app, world):
    """``token(email, *scopes)``: a bearer token made with ``omtanke api-token create --scope …``."""

    def create(email: str, *scopes: str) -> str:
        options = [part for scope in scopes for part in ("--scope", scope)]
        result = app.test_cli_runner().invoke(api_token_cli, ["create", "--user", email, "--name", "HR", *options])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return create


def _post(client, token: str, body):
    return client.post("/api/v1/sick-reports", json=body, headers={"Authorization": f"Bearer {token}"})


def _report(employee: str = "E-100", unit: str = "HT-1", days_ago: int = 0, **more) -> dict:
    return {"employee_id": employee, "unit_code": unit, "first_day": (TODAY - timedelta(days=days_ago)).isoformat(),
            **more}  # fmt: skip


def _stored(employee: str = "E-100") -> tuple[list[SickReport], list[AbsenceSpell]]:
    db.session.expire_all()
    reports = db.session.scalars(select(SickReport).where(SickReport.employee_id == employee)).all()
    spells = db.session.scalars(select(AbsenceSpell).where(AbsenceSpell.employee_id == employee)).all()
    return list(reports), list(spells)


def _nothing_stored() -> bool:
    db.session.expire_all()
    return not db.session.scalar(select(func.count(SickReport.id))) and not db.session.scalar(
        select(func.count(AbsenceSpell.id))
    )


def test_a_read_token_is_refused_naming_the_scope_and_still_reads(client, token):
    reader = token("hr@example.org")
    response = _post(client, reader, _report())
    assert response.status_code == 403
    assert response.get_json()["missing_scope"] == WRITE and WRITE in response.get_json()["error"]
    assert _nothing_stored()
    assert client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {reader}"}).status_code == 200


def test_a_write_only_token_may_not_read(client, token):
    writer = token("hr@example.org", WRITE)
    response = client.get("/api/v1/rounds", headers={"Authorization": f"Bearer {writer}"})
    assert response.status_code == 403 and response.get_json()["missing_scope"] == "read"


def test_no_token_is_401_and_nothing_is_stored(client, world):
    response = client.post("/api/v1/sick-reports", json=_report())
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _nothing_stored()


def test_hr_reports_sickness_and_the_spell_starts_at_once(client, token):
    response = _post(client, token("hr@example.org", WRITE), _report(expected_days=14, extent=50))
    assert response.status_code == 201
    body = response.get_json()
    assert {key: body[key] for key in ("employee_id", "unit_code", "first_day", "expected_days", "extent")} == {
        "employee_id": "E-100", "unit_code": "HT-1", "first_day": TODAY.isoformat(), "expected_days": 14, "extent": 50
    }  # fmt: skip
    reports, spells = _stored()
    assert [r.id for r in reports] == [body["id"]] and reports[0].source == "api"
    assert reports[0].reported_by.email == "hr@example.org"
    assert [(s.unit.code, s.first_day, s.last_day, s.extent, s.import_id) for s in spells] == [
        ("HT-1", TODAY, None, 50, None)
    ]


def test_the_same_report_twice_is_one_report_and_one_spell(client, token):
    writer = token("hr@example.org", WRITE)
    first = _post(client, writer, _report(days_ago=2, expected_days=5))
    again = _post(client, writer, _report(days_ago=2, expected_days=70, extent=75))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"] and again.get_json()["expected_days"] == 70
    reports, spells = _stored()
    assert len(reports) == 1 and reports[0].expected_days == 70 and reports[0].extent == 75
    assert len(spells) == 1 and spells[0].extent == 75 and spells[0].last_day is None


@pytest.mark.parametrize("extra", [{"diagnosis": "J06.9"}, {"reason": "flu"}, {"note": "called in", "extent": 100}])
def test_a_field_it_does_not_know_refuses_the_whole_report(client, token, extra):
    response = _post(client, token("hr@example.org", WRITE), _report(**extra))
    assert response.status_code == 422
    unknown = sorted(set(extra) - {"extent"})
    assert response.get_json()["unknown_fields"] == unknown and unknown[0] in response.get_json()["error"]
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_day": "2026-13-01"}, "first_day"),
        ({"first_day": "yesterday"}, "first_day"),
        ({"first_day": (TODAY + timedelta(days=8)).isoformat()}, "first_day"),
        ({"first_day": (TODAY - timedelta(days=61)).isoformat()}, "first_day"),
        ({"extent": 30}, "extent"),
        ({"extent": "100"}, "extent"),
        ({"expected_days": 0}, "expected_days"),
        ({"expected_days": 731}, "expected_days"),
        ({"expected_days": 2.5}, "expected_days"),
        ({"unit_code": "NO-SUCH"}, "unit_code"),
        ({"employee_id": "Anna Andersson"}, "employee_id"),
        ({"employee_id": "19121212-1212"}, "employee_id"),  # a personal identity number, not a pseudonymous id
        ({"employee_id": None}, "employee_id"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(client, token, change, field):
    response = _post(client, token("hr@example.org", WRITE), {**_report(), **change})
    assert 400 <= response.status_code < 500
    assert response.get_json()["field"] == field and response.get_json()["error"]
    assert _nothing_stored()


def test_a_body_that_is_not_an_object_is_400(client, token):
    writer = token("hr@example.org", WRITE)
    for body in ([_report()], "E-100"):
        assert _post(client, writer, body).status_code == 400
    response = client.post("/api/v1/sick-reports", data="{", headers={"Authorization": f"Bearer {writer}"})
    assert response.status_code == 400 and response.is_json
    assert _nothing_stored()


def test_a_managers_token_reports_for_their_units_only(client, token):
    writer = token("chef@example.org", WRITE)
    refused = _post(client, writer, _report(unit="BUF-1"))
    assert refused.status_code == 403 and refused.get_json()["field"] == "unit_code"
    assert _nothing_stored()
    assert _post(client, writer, _report(unit="HT-2")).status_code == 201  # below their Hemtjänst


def test_an_administrators_token_may_not_report_sickness(client, make, token):
    make.user("admin", email="admin@example.org")
    response = _post(client, token("admin@example.org", WRITE), _report())
    assert response.status_code == 403 and _nothing_stored()


def test_the_report_is_audited_with_the_pseudonymous_id_only(client, token):
    _post(client, token("hr@example.org", WRITE), _report())
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.sick_report"))
    assert event is not None and event.actor_id == db.session.scalar(
        select(User.id).where(User.email == "hr@example.org")
    )
    assert "E-100" in str(event.details) and "HT-1" in str(event.details)


def _import(app, tmp_path, rows: list[tuple]) -> None:
    lines = ["employee_id;unit_code;start_date;end_date;extent"]
    lines += [";".join(str(value) for value in row) for row in rows]
    path = tmp_path / f"spells-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(absence_cli, ["import", str(path)])
    assert result.exit_code == 0, result.output


def test_an_import_of_the_same_spell_completes_it(app, client, token, tmp_path):
    _post(client, token("hr@example.org", WRITE), _report(days_ago=10, expected_days=30))
    first, last = TODAY - timedelta(days=10), TODAY - timedelta(days=3)
    _import(app, tmp_path, [("E-100", "HT-1", first, last, 100), ("E-200", "HT-1", first, last, 100)])
    reports, spells = _stored()
    assert [(s.unit.code, s.first_day, s.last_day) for s in spells] == [("HT-1", first, last)]
    assert spells[0].import_id is not None
    assert len(reports) == 1 and reports[0].expected_days == 30  # what only the report knew stays


def test_an_import_that_places_the_spell_in_another_unit_does_not_double_it(app, client, token, tmp_path):
    _post(client, token("hr@example.org", WRITE), _report(days_ago=10, unit="HT-1"))
    _post(client, token("hr@example.org", WRITE), _report("E-300", days_ago=10, unit="HT-1"))
    first, last = TODAY - timedelta(days=10), TODAY - timedelta(days=4)
    _import(app, tmp_path, [("E-100", "BUF-1", first, last, 100)])  # moved; the file names only the new unit
    _, spells = _stored()
    assert [(s.unit.code, s.last_day) for s in spells] == [("BUF-1", last)]
    _, others = _stored("E-300")  # a reported spell the file does not bring stays open where it was
    assert [(s.unit.code, s.last_day) for s in others] == [("HT-1", None)]


def test_a_report_after_the_import_adds_no_spell(app, client, token, tmp_path):
    first, last = TODAY - timedelta(days=10), TODAY - timedelta(days=3)
    _import(app, tmp_path, [("E-100", "HT-1", first, last, 100)])
    response = _post(client, token("hr@example.org", WRITE), _report(days_ago=10, expected_days=7, extent=50))
    assert response.status_code == 201
    reports, spells = _stored()
    assert len(reports) == 1
    assert [(s.first_day, s.last_day, s.extent) for s in spells] == [(first, last, 100)]  # the HR system's word


def test_a_fourth_spell_reported_gives_the_signal_at_once(app, client, token, tmp_path):
    earlier = [
        ("E-100", "HT-1", TODAY - timedelta(days=d), TODAY - timedelta(days=d - 2), 100) for d in (300, 200, 100)
    ]
    _import(app, tmp_path, earlier)
    hr = db.session.scalar(select(User).where(User.email == "hr@example.org"))
    rules_before = {s.rule for s, _ in person_signals_for(hr, TODAY) if s.employee == "E-100"}
    assert "spells_in_window" not in rules_before
    assert _post(client, token("hr@example.org", WRITE), _report(days_ago=1)).status_code == 201
    db.session.expire_all()
    rules_after = {s.rule for s, _ in person_signals_for(hr, TODAY) if s.employee == "E-100"}
    assert "spells_in_window" in rules_after


def test_unit_codes_are_matched_like_the_import_does_and_inactive_units_refused(client, token):
    writer = token("hr@example.org", WRITE)
    assert _post(client, writer, _report(unit="ht-1")).get_json()["unit_code"] == "HT-1"
    db.session.scalar(select(Unit).where(Unit.code == "BUF-1")).active = False
    db.session.commit()
    assert _post(client, writer, _report("E-2", unit="BUF-1")).get_json()["field"] == "unit_code"
