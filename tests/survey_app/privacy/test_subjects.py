"""One pseudonymous employee as a data subject: HR sees and downloads everything held about the id, and erases it
with the id typed twice; the log keeps a keyed hash, never the id; statistics stop counting the erased spells."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import String, cast, func, select

from survey_app.absence import imports
from survey_app.absence import services as absence
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.models import AbsenceSpell, AuditEvent, Employee, PersonTaskDone, SickReport, SignalTalk, Unit
from survey_app.privacy import subjects
from survey_app.privacy.commands import privacy_cli
from tests.clock import TODAY
from tests.helpers import form_token

LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
PERSON, OTHER = "Q-1042", "Q-2077"
HOSTILE_FILE = '=HYPERLINK("http://evil.example","click").csv'


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def _in_last_month(first: int, last: int) -> tuple[str, str]:
    return (LAST_MONTH + timedelta(days=first)).isoformat(), (LAST_MONTH + timedelta(days=last)).isoformat()


def _csv(rows) -> bytes:
    lines = ["employee_id;unit_code;start_date;end_date;extent"] + [";".join(map(str, row)) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _staffing() -> bytes:
    months = {(TODAY.replace(day=1) - timedelta(days=31 * back)).strftime("%Y-%m") for back in range(1, 14)}
    return ("unit_code,month,employees\n" + "".join(f"HT-C,{month},20\n" for month in sorted(months))).encode()


@pytest.fixture
def world(app, make):
    """Q-1042: four spells in a year (a signal, and a talk held), three days of them last month; Q-2077: two days
    last month. The spell file's name starts like a formula."""
    make.unit("Hemtjänst Centrum", code="HT-C", headcount=20)
    hr = make.user("hr")
    person = [(PERSON, "HT-C", _day(d), _day(d - 2), 100) for d in (300, 200, 120)]
    rows = [*person, (PERSON, "HT-C", *_in_last_month(1, 3), 100), (OTHER, "HT-C", *_in_last_month(10, 11), 50)]
    imports.import_absence(hr, _csv(rows), HOSTILE_FILE, _staffing(), "staffing.csv", TODAY)
    absence.record_talk(hr, PERSON, "spells_in_window", TODAY - timedelta(days=2), TODAY)
    return {"hr": hr, "manager": make.user("manager"), "ohs": make.user("ohs"), "admin": make.user("admin")}


def _look_up(client, employee_id: str):
    return client.post(
        "/privacy/subject", data={"employee_id": employee_id, "csrf_token": form_token(client, "/privacy/subject")}
    )


def _label(app, employee_id: str) -> str:
    key = app.config["SECRET_KEY"].encode()
    return "hmac:" + hmac.new(key, b"omtanke.privacy.subject\0" + employee_id.encode(), hashlib.sha256).hexdigest()


def _audit_text() -> str:
    rows = db.session.execute(select(AuditEvent.object_id, cast(AuditEvent.details, String))).all()
    return json.dumps([list(row) for row in rows])


def test_hr_sees_everything_held_about_one_id_and_nothing_about_another(app, world, login):
    client = login(app.test_client(), world["hr"])
    page = _look_up(client, PERSON).get_data(as_text=True)
    assert page.count("<td>HT-C Hemtjänst Centrum</td>") == 4
    assert _day(300) in page and _in_last_month(1, 3)[0] in page and "=HYPERLINK" in page
    assert "talk held on " + (TODAY - timedelta(days=2)).isoformat() in page
    assert "absence.talk_recorded" in page
    assert _in_last_month(10, 11)[0] not in page  # the other person's spell
    read = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_read"))
    assert read.object_id == _label(app, PERSON) and read.details["spells"] == 4 and read.details["talks"] == 1
    assert read.actor_id == world["hr"].id


@pytest.mark.parametrize("role", ["manager", "ohs"])
def test_only_hr_and_admin_may_see_download_or_erase(app, world, login, role):
    client = login(app.test_client(), world[role])
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get("/privacy/subject").status_code == 403
    assert client.post("/privacy/subject", data={"employee_id": PERSON}).status_code == 403
    assert client.post("/privacy/subject/export.xlsx", data={"employee_id": PERSON}).status_code == 403
    erase = {"employee_id": PERSON, "confirmation": PERSON}
    assert client.post("/privacy/subject/erase", data=erase).status_code == 403
    assert db.session.scalar(select(func.count()).where(AbsenceSpell.employee_id == PERSON)) == 4
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "privacy.subject_read")) == 0
    with pytest.raises(NotAllowedError):
        subjects.subject_data(world[role], PERSON, "page")


def _download(client, employee_id: str):
    token = form_token(client, "/privacy/subject")
    return client.post("/privacy/subject/export.xlsx", data={"employee_id": employee_id, "csrf_token": token})


def test_the_download_holds_the_spells_and_a_value_that_looks_like_a_formula_stays_text(app, world, login):
    db.session.add(
        AbsenceSpell(
            employee_id="=1+2",
            unit_id=db.session.scalar(select(AbsenceSpell.unit_id)),
            first_day=TODAY - timedelta(days=9),
            last_day=TODAY - timedelta(days=8),
            extent=100,
        )
    )
    db.session.commit()  # fmt: skip
    client = login(app.test_client(), world["admin"])
    response = _download(client, PERSON)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book["Absence spells"].iter_rows(values_only=True))
    spells = [row for row in rows if row and row[0] == PERSON]
    assert len(spells) == 4 and {row[1] for row in spells} == {"HT-C"}
    assert {row[3].date().isoformat() for row in spells} >= {_day(300), _in_last_month(1, 3)[0]}
    imported = [cell for row in book["Absence spells"].iter_rows() for cell in row if cell.value == HOSTILE_FILE]
    assert len(imported) == 4 and all(cell.data_type == "s" and cell.quotePrefix for cell in imported)
    talks = [row for row in book["Signal talks"].iter_rows(values_only=True) if row and row[0] == PERSON]
    assert len(talks) == 1
    hostile = load_workbook(io.BytesIO(_download(client, "=1+2").data))["Absence spells"]
    ids = [cell for row in hostile.iter_rows() for cell in row if cell.value == "=1+2"]
    assert len(ids) == 1 and ids[0].data_type == "s" and ids[0].quotePrefix
    reads = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "privacy.subject_read")).all()
    assert [entry["channel"] for entry in reads] == ["xlsx", "xlsx"]


def _erase(client, employee_id: str, confirmation: str):
    token = form_token(client, "/privacy/subject")
    data = {"employee_id": employee_id, "confirmation": confirmation, "csrf_token": token}
    return client.post("/privacy/subject/erase", data=data)


def _spells(employee_id: str) -> int:
    return db.session.scalar(select(func.count()).where(AbsenceSpell.employee_id == employee_id))


def test_erasure_needs_the_id_typed_again(app, world, login):
    client = login(app.test_client(), world["hr"])
    refused = _erase(client, PERSON, "Q-104")
    assert refused.status_code == 200 and "Type the employee id exactly as shown" in refused.get_data(as_text=True)
    no_token = client.post("/privacy/subject/erase", data={"employee_id": PERSON, "confirmation": PERSON})
    assert no_token.status_code in (200, 400)
    assert _spells(PERSON) == 4
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "privacy.subject_erased")) == 0


def test_erasure_deletes_only_that_id_and_the_log_keeps_only_a_keyed_hash(app, world, login):
    assert PERSON in _audit_text()  # the recorded talk named the person
    client = login(app.test_client(), world["hr"])
    done = _erase(client, PERSON, f" {PERSON} ")
    assert done.status_code == 302
    assert _spells(PERSON) == 0 and _spells(OTHER) == 1
    assert db.session.scalar(select(func.count()).select_from(SignalTalk)) == 0
    assert PERSON not in _audit_text()
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_erased"))
    assert erased.object_id == _label(app, PERSON) and erased.actor_id == world["hr"].id
    assert erased.details == {"spells": 4, "talks": 1, "track_records": 0, "audit_entries": 1}
    assert [event.id for event in subjects.erasures(PERSON)] == [erased.id]
    assert subjects.erasures(OTHER) == []
    again = _look_up(client, PERSON).get_data(as_text=True)
    erased_on = erased.at.replace(tzinfo=UTC).astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    assert f"Data of this id was erased on {erased_on.isoformat()}" in again  # the day in the organisation's zone
    assert "No absence spells." in again


def _sick_days_last_month(hr) -> float:
    found = absence.statistics(hr, TODAY)
    return next(m.sick_days for m in found.months if m.unit == "HT-C" and m.month == found.month)


def test_after_erasure_the_absence_figures_no_longer_count_the_spells(app, world, login):
    assert _sick_days_last_month(world["hr"]) == pytest.approx(3 + 2 * 0.5)
    client = login(app.test_client(), world["hr"])
    before = client.get("/absence/").get_data(as_text=True)
    assert PERSON in client.get("/absence/signals").get_data(as_text=True)
    assert _erase(client, PERSON, PERSON).status_code == 302
    assert _sick_days_last_month(world["hr"]) == pytest.approx(1)
    after = client.get("/absence/").get_data(as_text=True)
    assert after != before
    assert PERSON not in client.get("/absence/signals").get_data(as_text=True)


def test_the_command_line_shows_writes_and_erases(app, world, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "subject.xlsx"
    shown = runner.invoke(privacy_cli, ["subject", PERSON, "--output", str(target), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output[: shown.output.rindex("}") + 1])
    assert len(data["spells"]) == 4 and data["spells"][0]["import_file"] == HOSTILE_FILE
    assert len([r for r in load_workbook(target)["Absence spells"].iter_rows(values_only=True) if r[0] == PERSON]) == 4
    refused = runner.invoke(privacy_cli, ["erase", PERSON])
    assert refused.exit_code == 2 and _spells(PERSON) == 4
    erased = runner.invoke(privacy_cli, ["erase", PERSON, "--yes"])
    assert erased.exit_code == 0 and "Erased 4 spells and 1 signal talks" in erased.output
    assert _spells(PERSON) == 0 and _spells(OTHER) == 1
    channels = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "privacy.subject_read"))
    assert [entry["channel"] for entry in channels] == ["cli"]
    assert PERSON not in _audit_text()


def test_erasure_also_deletes_the_person_track_and_the_name_in_the_register(app, world, login):
    unit = db.session.scalar(select(Unit).where(Unit.code == "HT-C"))
    db.session.add_all([
        Employee(employee_id=PERSON, name="Kerttu Virtanen", unit_id=unit.id),
        Employee(employee_id=OTHER, name="Sven Berg", unit_id=unit.id),
        SickReport(employee_id=PERSON, unit_id=unit.id, first_day=TODAY, expected_days=3, source="form"),
        PersonTaskDone(employee_id=PERSON, kind="se_call", anchor=TODAY, done_on=TODAY, outcome="reached"),
    ])  # fmt: skip
    db.session.commit()
    client = login(app.test_client(), world["hr"])
    assert _erase(client, PERSON, PERSON).status_code == 302
    for model in (Employee, SickReport, PersonTaskDone):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.employee_id == PERSON)) == 0
    assert db.session.scalar(select(Employee.name).where(Employee.employee_id == OTHER)) == "Sven Berg"
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_erased"))
    assert erased.details["track_records"] == 3
