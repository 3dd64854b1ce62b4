"""The nightly purge: exactly what is past its retention goes, to the day; nothing else, nothing half."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.cache import shared_cache
from survey_app.clock import months_before
from survey_app.db import db
from survey_app.importing import upload_folder
from survey_app.models import (
    AbsenceImport,
    AbsenceSpell,
    AccessCode,
    Answer,
    AuditEvent,
    Finding,
    InterviewNote,
    OutgoingMail,
    PasswordReset,
    ResponseDraft,
    SignalTalk,
    SurveyResponse,
)
from survey_app.privacy import retention, services
from survey_app.privacy.commands import purge_command
from survey_app.surveys.services import create_codes
from tests.clock import TODAY

NOW = datetime.combine(TODAY, time(12))  # naive UTC, as the purge takes it
ABSENCE_CUTOFF = months_before(TODAY, 36)
RESPONSES_CUTOFF = months_before(TODAY, 60)
NOTES_CUTOFF = months_before(TODAY, 36)
AUDIT_CUTOFF = months_before(TODAY, 24)
MAIL_CUTOFF = months_before(TODAY, 12)
DAY = timedelta(days=1)

# The purge ends by emptying SQLite's write-ahead log, which needs a moment with no transaction open: real commits.
pytestmark = pytest.mark.commits


def test_months_are_calendar_months_and_a_short_month_takes_its_last_day():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2028, 3, 31), 1) == date(2028, 2, 29)
    assert months_before(date(2026, 1, 15), 36) == date(2023, 1, 15)
    assert months_before(date(2026, 12, 31), 12) == date(2025, 12, 31)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


@pytest.fixture
def held(app, make):
    """Two of every kind: one a day past its retention, one exactly at it (kept); and things kept whatever."""
    unit = make.unit("Hemtjänst Norr", code="HT-N", headcount=30)
    old_import = AbsenceImport(
        filename="old.csv",
        period_start=TODAY,
        period_end=TODAY,
        rows=0,
        imported_at=_midnight(ABSENCE_CUTOFF) - timedelta(seconds=1),
    )
    used_import = AbsenceImport(
        filename="used.csv", period_start=TODAY, period_end=TODAY, rows=1, imported_at=_midnight(ABSENCE_CUTOFF) - DAY
    )
    edge_import = AbsenceImport(filename="edge.csv", period_start=TODAY, period_end=TODAY, rows=0,
                                imported_at=_midnight(ABSENCE_CUTOFF))  # fmt: skip
    db.session.add_all([old_import, used_import, edge_import])
    db.session.flush()
    make.spell("GONE", unit, ABSENCE_CUTOFF - 9 * DAY, ABSENCE_CUTOFF - DAY)
    make.spell("EDGE", unit, ABSENCE_CUTOFF - 9 * DAY, ABSENCE_CUTOFF, import_id=used_import.id)
    make.spell("OPEN", unit, ABSENCE_CUTOFF - 900 * DAY, None, extent=50)
    db.session.add_all([
        SignalTalk(employee_id="GONE", rule="bradford", held_on=ABSENCE_CUTOFF - DAY),
        SignalTalk(employee_id="EDGE", rule="bradford", held_on=ABSENCE_CUTOFF),
    ])  # fmt: skip
    old_round = make.survey_round(unit, opens_on=RESPONSES_CUTOFF - 20 * DAY, closes_on=RESPONSES_CUTOFF - DAY)
    edge_round = make.survey_round(unit, opens_on=RESPONSES_CUTOFF - 20 * DAY, closes_on=RESPONSES_CUTOFF)
    closed = make.survey_round(unit, opens_on=TODAY - 20 * DAY, closes_on=TODAY - DAY)
    open_round = make.survey_round(unit, opens_on=TODAY - 20 * DAY, closes_on=TODAY)  # closes tonight: still open
    for survey in (old_round, edge_round):
        make.responses(survey, unit, {"hme.hme1": 4}, count=3, submitted_on=survey.closes_on)
    for survey in (closed, open_round):
        create_codes(None, survey.units[0], 2, app.config["SECRET_KEY"], survey.opens_on)
        db.session.add(ResponseDraft(id=secrets.token_urlsafe(32), round_unit_id=survey.units[0].id, language="sv",
                                     answers={"hme.hme1": 3}, updated_on=TODAY - DAY))  # fmt: skip
    # released a day too long ago, exactly at the cutoff; never released, started at the cutoff and a second before
    rounds = [
        (NOTES_CUTOFF - DAY, NOW),
        (NOTES_CUTOFF, NOW),
        (None, _midnight(NOTES_CUTOFF)),
        (None, _midnight(NOTES_CUTOFF) - timedelta(seconds=1)),
    ]
    for number, (released, started) in enumerate(rounds):
        note = InterviewNote(theme="workload", text=f"Anteckning {number}", client_key=secrets.token_hex(8))
        make.interview(
            unit, sessions=[{"kind": "group", "participants": 4, "notes": [note]}], staff_count=8, released_on=released,
            created_at=started, findings=[Finding(kind="risk", theme="workload", text="Hög belastning", notes=[note])],
        )  # fmt: skip
    db.session.add_all([
        AuditEvent(at=_midnight(AUDIT_CUTOFF) - timedelta(seconds=1), actor_label="system", action="unit.create"),
        AuditEvent(at=_midnight(AUDIT_CUTOFF), actor_label="system", action="unit.create"),
        AuditEvent(at=_midnight(AUDIT_CUTOFF) - 400 * DAY, actor_label="system", action="privacy.subject_erased",
                   object_type="absence_subject", object_id="hmac:" + "0" * 64),
    ])  # fmt: skip
    # e-mail records: one sent before the cutoff, one at it, one still waiting since before it (kept: not sent yet)
    for number, (status, created) in enumerate(
        (("sent", _midnight(MAIL_CUTOFF) - timedelta(seconds=1)), ("outbox", _midnight(MAIL_CUTOFF)),
         ("queued", _midnight(MAIL_CUTOFF) - 30 * DAY))
    ):  # fmt: skip
        db.session.add(OutgoingMail(dedupe_key=f"test:{number}", kind="test", to_address="a@example.org", locale="sv",
                                    subject="Test", status=status, created_at=created))  # fmt: skip
    person = make.user("manager")
    db.session.add_all([
        PasswordReset(user_id=person.id, token_hash="1" * 64, expires_at=_midnight(TODAY) - timedelta(minutes=1)),
        PasswordReset(user_id=person.id, token_hash="2" * 64, expires_at=_midnight(TODAY) + timedelta(minutes=30)),
    ])  # fmt: skip
    db.session.commit()
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.iterdir():  # previews other tests never confirmed: the folder starts empty, like the tables
        left.unlink()
    stale, fresh = folder / ("a" * 32), folder / ("b" * 32)
    for path, hours in ((stale, 25), (fresh, 1)):
        path.write_bytes(b"employee_id;unit_code\n")
        aged = NOW.replace(tzinfo=UTC).timestamp() - hours * 3600  # NOW is naive UTC
        os.utime(path, (aged, aged))
    yield {"stale": stale, "fresh": fresh, "open_round": open_round}
    for path in (stale, fresh):
        path.unlink(missing_ok=True)


EXPECTED = {
    "absence_spells": 1,
    "signal_talks": 1,
    "absence_imports": 1,
    "person_cases": 0,  # the person track's own cases are in test_person_track_retention.py
    "person_tasks_done": 0,
    "sick_reports": 0,
    "survey_responses": 3,
    "survey_drafts": 1,
    "access_codes": 2,
    "interview_notes": 2,
    "audit_events": 1,
    "outgoing_mail": 1,
    "password_resets": 1,
    "absence_uploads": 1,
}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_purge_deletes_exactly_what_is_past_retention_to_the_day(app, held):
    report = services.purge(None, TODAY, NOW)
    assert report.counts == EXPECTED and report.failed == []
    assert sorted(db.session.scalars(select(AbsenceSpell.employee_id))) == ["EDGE", "OPEN"]
    assert db.session.scalars(select(SignalTalk.employee_id)).all() == ["EDGE"]
    assert sorted(db.session.scalars(select(AbsenceImport.filename))) == ["edge.csv", "used.csv"]
    assert _count(SurveyResponse) == 3 and _count(Answer) == 3  # the answers went with their responses
    open_units = [unit.id for unit in held["open_round"].units]
    assert _count(ResponseDraft) == 1 and _count(ResponseDraft, ResponseDraft.round_unit_id.in_(open_units)) == 1
    assert _count(AccessCode) == 2 and _count(AccessCode, AccessCode.round_unit_id.in_(open_units)) == 2
    notes = db.session.scalars(select(InterviewNote.text)).all()
    assert sorted(notes) == ["Anteckning 1", "Anteckning 2"]
    assert _count(Finding) == 4  # the compilation stays; only the raw notes go
    assert _count(AuditEvent, AuditEvent.at < _midnight(AUDIT_CUTOFF)) == 1  # the erasure record
    assert sorted(db.session.scalars(select(OutgoingMail.status))) == ["outbox", "queued"]
    assert db.session.scalars(select(PasswordReset.token_hash)).all() == ["2" * 64]
    assert not held["stale"].exists() and held["fresh"].exists()


def test_a_dry_run_counts_the_same_and_deletes_nothing(app, held):
    before = {model: _count(model) for model in (AbsenceSpell, SurveyResponse, InterviewNote, AuditEvent)}
    report = services.purge(None, TODAY, NOW, dry_run=True)
    assert report.dry_run and report.counts == EXPECTED
    assert {model: _count(model) for model in before} == before
    assert held["stale"].exists()
    assert _count(AuditEvent, AuditEvent.action == "privacy.purged") == 0


def test_a_second_run_finds_nothing_and_each_run_is_audited_with_its_counts(app, held):
    services.purge(None, TODAY, NOW)
    again = services.purge(None, TODAY, NOW)
    assert set(again.counts.values()) == {0}
    entries = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "privacy.purged")).all()
    assert [entry.details["counts"] for entry in entries] == [EXPECTED, again.counts]


def test_zero_months_keeps_a_kind_for_ever(app, held):
    for setting in ("ABSENCE", "RESPONSES", "NOTES", "AUDIT", "MAIL"):
        app.config[f"OMTANKE_RETAIN_{setting}_MONTHS"] = 0
    report = services.purge(None, TODAY, NOW)
    # rules, not settings: they still apply
    fixed = {"survey_drafts": 1, "access_codes": 2, "password_resets": 1, "absence_uploads": 1}
    assert report.counts == {name: fixed.get(name, 0) for name in EXPECTED}
    assert _count(AbsenceSpell) == 3 and _count(SurveyResponse) == 6 and _count(InterviewNote) == 4


def test_a_shorter_setting_moves_the_cutoff(app, held):
    app.config["OMTANKE_RETAIN_ABSENCE_MONTHS"] = 1
    assert services.purge(None, TODAY, NOW).counts["absence_spells"] == 2  # both ended spells; the open one stays


class FailingKind(retention.Kind):
    """Deletes its rows, then fails before the commit (a lost connection, a full disk)."""

    def delete(self, today: date) -> int:
        assert super().delete(today) == 1
        raise RuntimeError("disk full")


def test_a_kind_that_fails_is_rolled_back_whole_and_the_others_still_run(app, held, monkeypatch):
    spells = retention.KINDS[0]
    broken = FailingKind(**{field.name: getattr(spells, field.name) for field in fields(retention.Kind)})
    monkeypatch.setattr(services, "KINDS", (broken, *retention.KINDS[1:]))
    report = services.purge(None, TODAY, NOW)
    assert report.failed == ["absence_spells"] and "absence_spells" not in report.counts
    assert _count(AbsenceSpell) == 3  # nothing of the failed kind was deleted
    assert report.counts["signal_talks"] == 1 and _count(SurveyResponse) == 3
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "privacy.purged"))
    assert entry.details["failed"] == ["absence_spells"]


def test_the_results_cache_is_emptied_only_when_responses_were_deleted(app, held):
    app.config["OMTANKE_RETAIN_RESPONSES_MONTHS"] = 0
    shared_cache().set_many({"results:1": {"n": 5}})
    services.purge(None, TODAY, NOW)
    assert shared_cache().get_many(["results:1"]) == [{"n": 5}]
    app.config["OMTANKE_RETAIN_RESPONSES_MONTHS"] = 60
    services.purge(None, TODAY, NOW)
    assert shared_cache().get_many(["results:1"]) == [None]


def test_the_command_prints_counts_and_a_dry_run_leaves_everything(app, held):
    runner = app.test_cli_runner()
    dry = runner.invoke(purge_command, ["--dry-run"])
    assert dry.exit_code == 0 and "absence_spells: would delete 1" in dry.output
    assert _count(AbsenceSpell) == 3
    done = runner.invoke(purge_command, ["--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["dry_run"] is False and data["counts"]["survey_responses"] == 3 and data["failed"] == []
    assert _count(AbsenceSpell) == 2


def test_the_admin_page_shows_the_settings_and_what_would_go_now(app, held, login, make):
    client = login(app.test_client(), make.user("admin"))
    page = client.get("/privacy/").get_data(as_text=True)
    assert "Absence spells" in page and "36 months" in page and "60 months" in page and "24 months" in page
    assert "<td>3</td>" in page  # the responses of the round closed a day too long ago
    assert _count(SurveyResponse) == 6  # read-only
    for role in ("hr", "manager"):
        other = login(app.test_client(), make.user(role))
        assert other.get("/privacy/").status_code == 403


def test_the_absence_import_purges_with_the_same_setting(app, held):
    from survey_app.absence.services import purge

    app.config["OMTANKE_RETAIN_ABSENCE_MONTHS"] = 0
    assert purge(None, TODAY) == 0
    app.config["OMTANKE_RETAIN_ABSENCE_MONTHS"] = 36
    assert purge(None, TODAY) == 1


def test_the_settings_come_from_the_environment_and_a_negative_one_is_refused(monkeypatch, tmp_path):
    from survey_app.config import build_config

    monkeypatch.setenv("OMTANKE_RETAIN_AUDIT_MONTHS", "0")
    monkeypatch.setenv("OMTANKE_RETAIN_NOTES_MONTHS", "")
    config = build_config(tmp_path)
    assert config["OMTANKE_RETAIN_AUDIT_MONTHS"] == 0 and config["OMTANKE_RETAIN_NOTES_MONTHS"] == 36
    assert (config["OMTANKE_RETAIN_ABSENCE_MONTHS"], config["OMTANKE_RETAIN_RESPONSES_MONTHS"]) == (36, 60)
    monkeypatch.setenv("OMTANKE_RETAIN_ABSENCE_MONTHS", "-1")
    with pytest.raises(ValueError, match="OMTANKE_RETAIN_ABSENCE_MONTHS"):
        build_config(tmp_path)
