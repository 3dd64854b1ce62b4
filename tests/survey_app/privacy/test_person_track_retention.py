"""The person track's retention: a case goes whole a set time after it closed, never while open; a person's sick
reports and tasks done go once nothing about them is live; the register entry of current staff stays."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.clock import months_before
from survey_app.db import db
from survey_app.models import (
    AbsenceSpell,
    AuditEvent,
    Employee,
    PersonCase,
    PersonCaseParticipant,
    PersonFollowUp,
    PersonStep,
    PersonTaskDone,
    SickReport,
)
from survey_app.privacy import services
from tests.clock import TODAY

NOW = datetime.combine(TODAY, time(12))
CUTOFF = months_before(TODAY, 24)
DAY = timedelta(days=1)
OLD = CUTOFF - 200 * DAY  # well past the limit (and past the tasks' two-year look-back)

# The purge ends by emptying SQLite's write-ahead log, which needs a moment with no transaction open: real commits.
pytestmark = pytest.mark.commits


def _closed(make, employee, unit, closed_on, steps=()):
    """A return-to-work plan closed on ``closed_on``, occupational health taking part with consent."""
    participants = ({"role": "manager"}, {"role": "employee"}, {"role": "occupational_health", "consent_on": OLD})
    return make.person_case(employee, unit, "return_to_work", participants=participants, steps=steps,
                            planned_on=OLD, closed_on=closed_on, outcome="back_at_work")  # fmt: skip


def _step(done_on):
    follow_up = PersonFollowUp(held_on=done_on, status="done", effect="clear", note="Tillbaka på heltid")
    return {"status": "done", "next_follow_up_on": None, "due_on": done_on, "created_on": OLD,
            "follow_ups": [follow_up]}  # fmt: skip


def _track(employee, unit, day):
    """A sick report and a task done about ``employee`` on ``day``."""
    db.session.add(SickReport(employee_id=employee, unit_id=unit.id, first_day=day, expected_days=70, extent=100,
                              source="api"))  # fmt: skip
    db.session.add(PersonTaskDone(employee_id=employee, kind="se_call", anchor=day, done_on=day + DAY,
                                  outcome="reached"))  # fmt: skip


@pytest.fixture
def people(app, make):
    """GONE: a case closed a day past the limit, an old report and task, an old spell, a register entry.
    OPEN: a case opened long ago and still open, an old report and task. EDGE: a case closed exactly at the limit,
    an old report and task. BACK: nothing but an old report and task, and a spell that ended a year ago."""
    unit = make.unit("Hemtjänst Norr", code="HT-N")
    _closed(make, "GONE", unit, CUTOFF - DAY, steps=[_step(CUTOFF - 30 * DAY)])
    make.person_case("OPEN", unit, planned_on=OLD, steps=[{"created_on": OLD, "due_on": OLD}])
    _closed(make, "EDGE", unit, CUTOFF, steps=[_step(CUTOFF - 30 * DAY)])
    for employee in ("GONE", "OPEN", "EDGE", "BACK"):
        _track(employee, unit, OLD)
    _track("GONE", unit, TODAY - 10 * DAY)  # a report and a task of this month stay, whatever else goes
    make.spell("GONE", unit, OLD, OLD + 5 * DAY)  # the HR system's spell: kept 36 months by its own setting
    make.spell("BACK", unit, TODAY - 400 * DAY, TODAY - 365 * DAY)
    db.session.add_all([Employee(employee_id=employee, name=f"Person {employee}", unit_id=unit.id)
                        for employee in ("GONE", "OPEN")])  # fmt: skip
    db.session.commit()
    return unit


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _employees(model) -> list[str]:
    return sorted(db.session.scalars(select(model.employee_id)))


def test_a_case_closed_past_the_limit_goes_whole_and_open_or_recent_cases_stay(app, people):
    report = services.purge(None, TODAY, NOW)
    assert report.failed == [] and report.counts["person_cases"] == 1
    assert _employees(PersonCase) == ["EDGE", "OPEN"]  # closed exactly at the limit: kept one more day
    assert db.session.scalar(select(PersonCase.closed_on).where(PersonCase.employee_id == "OPEN")) is None
    remaining = select(PersonCase.id)
    assert _count(PersonStep) == 2 and _count(PersonStep, PersonStep.case_id.not_in(remaining)) == 0
    assert _count(PersonFollowUp) == 1  # EDGE's; GONE's went with its step
    assert _count(PersonCaseParticipant) == 2 + 3  # OPEN's manager and employee, EDGE's three
    assert _count(PersonCaseParticipant, PersonCaseParticipant.case_id.not_in(remaining)) == 0


def test_reports_and_tasks_go_only_when_nothing_about_the_person_is_live(app, people):
    report = services.purge(None, TODAY, NOW)
    assert report.counts["sick_reports"] == 1 and report.counts["person_tasks_done"] == 1
    # GONE's old ones went; this month's stay; OPEN has an open case, EDGE a case closed within the limit, BACK a
    # spell that ended within the limit
    assert _employees(SickReport) == ["BACK", "EDGE", "GONE", "OPEN"]
    assert _count(SickReport, SickReport.employee_id == "GONE", SickReport.first_day == OLD) == 0
    assert _count(PersonTaskDone, PersonTaskDone.employee_id == "GONE") == 1
    assert _employees(Employee) == ["GONE", "OPEN"]  # current staff: the register is HR's to keep current
    assert _count(AbsenceSpell, AbsenceSpell.employee_id == "GONE") == 1  # the spell has its own, longer clock


def test_a_task_that_can_still_be_computed_keeps_its_completion_under_a_shorter_setting(app, people):
    app.config["OMTANKE_RETAIN_PERSON_TRACK_MONTHS"] = 6
    services.purge(None, TODAY, NOW)
    # BACK's spell ended a year ago, past 6 months but within the tasks' two-year look-back: its task would come
    # back as overdue without the completion, and the report's expected length still counts
    assert _count(PersonTaskDone, PersonTaskDone.employee_id == "BACK") == 1
    assert _count(SickReport, SickReport.employee_id == "BACK") == 1
    assert _employees(PersonCase) == ["OPEN"]  # EDGE's case closed more than 6 months ago now goes too


def test_a_dry_run_counts_the_same_and_the_audit_entry_holds_counts_only(app, people):
    dry = services.purge(None, TODAY, NOW, dry_run=True)
    assert _count(PersonCase) == 3 and _count(SickReport) == 5
    done = services.purge(None, TODAY, NOW)
    names = ("person_cases", "person_tasks_done", "sick_reports")
    assert {name: dry.counts[name] for name in names} == {name: done.counts[name] for name in names} == {
        "person_cases": 1, "person_tasks_done": 1, "sick_reports": 1}  # fmt: skip
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.purged"))
    assert entry.details["counts"]["person_cases"] == 1
    assert "GONE" not in json.dumps(entry.details) and entry.object_id is None


def test_zero_months_keeps_the_track_for_ever(app, people):
    app.config["OMTANKE_RETAIN_PERSON_TRACK_MONTHS"] = 0
    report = services.purge(None, TODAY, NOW)
    assert report.counts["person_cases"] == report.counts["sick_reports"] == report.counts["person_tasks_done"] == 0
    assert _count(PersonCase) == 3 and _count(PersonFollowUp) == 2


def test_the_admin_page_lists_the_track_with_its_setting(app, people, login, make):
    client = login(app.test_client(), make.user("admin"))
    page = client.get("/privacy/").get_data(as_text=True)
    assert "talks, meetings and plans" in page and "after the case closed (open cases are kept)" in page
    assert "OMTANKE_RETAIN_PERSON_TRACK_MONTHS" in page
