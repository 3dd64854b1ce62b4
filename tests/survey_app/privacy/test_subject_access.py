"""A data subject's access request (GDPR art. 15): HR sees and downloads everything held about one employee id, the
person track included, and nothing about anyone else; the read is logged by keyed hash; an erasure takes the
person's talks and plans with it."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import String, cast, func, select

from survey_app.db import db
from survey_app.models import (
    AuditEvent,
    Employee,
    PersonCase,
    PersonCaseParticipant,
    PersonFollowUp,
    PersonStep,
    PersonTaskDone,
    SickReport,
)
from survey_app.person.tasks import task_label
from survey_app.privacy import subjects
from survey_app.privacy.commands import privacy_cli
from tests.clock import TODAY
from tests.helpers import form_token

PERSON, OTHER = "Q-3001", "Q-3002"
HOSTILE_NAME = '=HYPERLINK("http://evil.example","Anna")'
PAGE, DOWNLOAD = "/privacy/subject/access", "/privacy/subject/access.xlsx"
DAY = timedelta(days=1)


def _person(make, unit, employee, name, day, what, note):
    """A registered person with a spell, a sick report, a task done and a work trial with a step followed up."""
    db.session.add(Employee(employee_id=employee, name=name, unit_id=unit.id))
    make.spell(employee, unit, day, day + 20 * DAY, extent=50)
    db.session.add(SickReport(employee_id=employee, unit_id=unit.id, first_day=day, expected_days=75, extent=50,
                              source="api"))  # fmt: skip
    db.session.add(PersonTaskDone(employee_id=employee, kind="se_notify_fk", anchor=day, done_on=day + 19 * DAY,
                                  outcome="done"))  # fmt: skip
    follow_up = PersonFollowUp(held_on=day + 30 * DAY, status="in_progress", effect="some", note=note)
    participants = [{"role": "manager"}, {"role": "employee"},
                    {"role": "occupational_health", "consent_on": day + 25 * DAY}]  # fmt: skip
    step = {"what": what, "hours_percent": 50, "status": "in_progress", "follow_ups": [follow_up]}
    return make.person_case(employee, unit, "work_trial", participants=participants, steps=[step],
                            starts_on=day + 28 * DAY, duties="adjusted")  # fmt: skip


@pytest.fixture
def world(app, make):
    unit = make.unit("Hemtjänst Öst", code="HT-Ö")
    other_unit = make.unit("Köket Ängen", code="K1")
    _person(make, unit, PERSON, HOSTILE_NAME, TODAY - 60 * DAY, "Arbetsprövning i köket", "Går bra, ökar snart")
    _person(make, other_unit, OTHER, "Bertil Berg", TODAY - 90 * DAY, "Kontorsuppgifter", "Trött efter lunch")
    db.session.commit()
    return {role: make.user(role) for role in ("hr", "admin", "manager", "ohs")}


def _look_up(client, employee_id: str):
    return client.post(PAGE, data={"employee_id": employee_id, "csrf_token": form_token(client, PAGE)})


def _audit_text() -> str:
    rows = db.session.execute(select(AuditEvent.object_id, cast(AuditEvent.details, String))).all()
    return json.dumps([list(row) for row in rows], ensure_ascii=False)


def test_hr_sees_each_kind_of_record_of_the_person_and_nothing_of_another(app, world, login):
    client = login(app.test_client(), world["hr"])
    assert client.get(PAGE).status_code == 200
    page = _look_up(client, PERSON).get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;Anna&#34;)" in page  # the register's name, escaped
    assert "HT-Ö Hemtjänst Öst" in page
    assert (TODAY - 60 * DAY).isoformat() in page  # the spell's first day (the absence part)
    assert "75 days" in page and "The HR system or the nurse line (API)" in page  # the sick report
    assert task_label("se_notify_fk") in page  # the task done, in the tasks' own words
    assert "Work trial" in page and "Adjusted duties" in page  # the case
    assert "Occupational health: the employee consented on" in page  # a participant with their consent day
    assert "Arbetsprövning i köket" in page and "Går bra, ökar snart" in page  # the step and its follow-up
    assert "Some effect" in page and "50% of the usual hours" in page
    for other in (OTHER, "Bertil Berg", "Kontorsuppgifter", "Trött efter lunch", "Köket Ängen"):
        assert other not in page


def test_the_read_is_logged_with_counts_and_the_keyed_hash_never_the_id_or_name(app, world, login):
    client = login(app.test_client(), world["hr"])
    _look_up(client, PERSON)
    read = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_read"))
    assert read.object_id == subjects.subject_label(PERSON) and read.actor_id == world["hr"].id
    assert read.details == {"channel": "page", "spells": 1, "talks": 0, "audit_entries": 0, "register": 1,
                            "reports": 1, "tasks": 1, "cases": 1}  # fmt: skip
    assert PERSON not in _audit_text() and "HYPERLINK" not in _audit_text()


@pytest.mark.parametrize("role", ["admin", "manager", "ohs"])
def test_only_hr_gets_the_whole_record(app, world, login, role):
    client = login(app.test_client(), world[role])
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get(PAGE).status_code == 403
    for url in (PAGE, DOWNLOAD):
        response = client.post(url, data={"employee_id": PERSON})
        assert response.status_code == 403 and b"Arbetspr" not in response.data
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "privacy.subject_read")) == 0


def test_the_workbook_holds_the_record_and_a_name_like_a_formula_stays_text(app, world, login):
    client = login(app.test_client(), world["hr"])
    response = client.post(DOWNLOAD, data={"employee_id": PERSON, "csrf_token": form_token(client, PAGE)})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "data-subject-record" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    names = [cell for row in book["Register entry"].iter_rows() for cell in row if cell.value == HOSTILE_NAME]
    assert len(names) == 1 and names[0].data_type == "s" and names[0].quotePrefix
    cells = {str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert {task_label("se_notify_fk"), "Work trial", "Arbetsprövning i köket", "Går bra, ökar snart"} <= cells
    assert {"Occupational health", "Some effect", "The HR system or the nurse line (API)"} <= cells
    assert not cells & {OTHER, "Bertil Berg", "Kontorsuppgifter", "Trött efter lunch"}
    read = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_read"))
    assert read.details["channel"] == "xlsx" and read.details["cases"] == 1


def test_without_an_id_the_download_sends_back_to_the_look_up(app, world, login):
    client = login(app.test_client(), world["hr"])
    response = client.post(DOWNLOAD, data={"csrf_token": form_token(client, PAGE)})
    assert response.status_code == 302 and response.location.endswith(PAGE)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_erasure_deletes_the_persons_cases_with_everything_below_them(app, world, login):
    client = login(app.test_client(), world["admin"])  # administrators erase without seeing the track
    preview = client.post("/privacy/subject", data={"employee_id": PERSON,
                                                    "csrf_token": form_token(client, "/privacy/subject")})  # fmt: skip
    text = preview.get_data(as_text=True)
    assert "The person track holds 4 records of this id" in text and "talks and plans with their steps" in text
    assert "HYPERLINK" not in text and "Arbetspr" not in text  # no name, no case for an administrator
    token = form_token(client, "/privacy/subject")
    done = client.post("/privacy/subject/erase", data={"employee_id": PERSON, "confirmation": PERSON,
                                                       "csrf_token": token})  # fmt: skip
    assert done.status_code == 302
    for model in (PersonCase, Employee, SickReport, PersonTaskDone):
        assert _count(model, model.employee_id == PERSON) == 0 and _count(model, model.employee_id == OTHER) == 1
    assert _count(PersonStep) == _count(PersonFollowUp) == 1 and _count(PersonCaseParticipant) == 3  # OTHER's
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.subject_erased"))
    assert erased.details["track_records"] == 4


def test_erasure_relabels_the_track_reads_that_named_the_person(app, world, login):
    client = login(app.test_client(), world["hr"])
    assert client.get(f"/people/{PERSON}").status_code == 200  # logged as person.track_read with the id
    assert PERSON in _audit_text()
    subjects.erase_subject(world["hr"], PERSON, PERSON)
    assert PERSON not in _audit_text()
    read = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.track_read"))
    assert read.object_id == subjects.subject_label(PERSON)


def test_the_command_line_shows_and_writes_the_whole_record_too(app, world, login, tmp_path):
    target = tmp_path / "subject.xlsx"
    shown = app.test_cli_runner().invoke(privacy_cli, ["subject", PERSON, "--output", str(target), "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output[: shown.output.rindex("}") + 1])
    assert data["register"]["name"] == HOSTILE_NAME and len(data["sick_reports"]) == 1
    assert [task["kind"] for task in data["tasks"]] == ["se_notify_fk"]
    (case,) = data["cases"]
    assert case["kind"] == "work_trial" and case["steps"][0]["what"] == "Arbetsprövning i köket"
    assert case["steps"][0]["follow_ups"][0]["held_on"] == (TODAY - 30 * DAY).isoformat()
    assert "Bertil Berg" not in shown.output and "Kontorsuppgifter" not in shown.output
    client = login(app.test_client(), world["hr"])
    download = client.post(DOWNLOAD, data={"employee_id": PERSON, "csrf_token": form_token(client, PAGE)})
    book = load_workbook(target)
    assert book.sheetnames == load_workbook(io.BytesIO(download.data)).sheetnames  # the same record as HR's
    assert "Arbetsprövning i köket" in {c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    text = app.test_cli_runner().invoke(privacy_cli, ["subject", PERSON]).output
    assert "case   work_trial  HT-Ö  1 steps" in text and "report HT-Ö" in text
