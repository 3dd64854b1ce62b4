"""`omtanke demo`: a realistic demo municipality, seeded idempotently, with logins that work."""

from __future__ import annotations

from sqlalchemy import func, select

from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.models import Answer, SurveyResponse, SurveyRound, Unit, User
from tests.clock import TODAY


def _depth(unit: Unit) -> int:
    depth = 1
    while unit.parent is not None:
        unit, depth = unit.parent, depth + 1
    return depth


def test_demo_seeds_a_three_level_organisation_with_logins(app, login):
    app.config["OMTANKE_DEMO_PASSWORD"] = "demo lösenord 2026"
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    units = db.session.scalars(select(Unit)).all()
    depths = {unit.code: _depth(unit) for unit in units}
    assert sum(1 for d in depths.values() if d == 1) >= 3
    leaves = [unit for unit in units if not unit.children]
    assert len(leaves) >= 40 and all(depths[unit.code] == 3 for unit in leaves)
    assert all(unit.headcount > 0 for unit in leaves)
    assert any("ö" in unit.name or "ä" in unit.name or "å" in unit.name for unit in units)
    for email in ("admin@example.org", "hr@example.org", "manager1@example.org"):
        assert email in result.output
        user = db.session.scalar(select(User).where(User.email == email))
        login(app.test_client(), user, password="demo lösenord 2026")
    manager = db.session.scalar(select(User).where(User.email == "manager1@example.org"))
    assert manager.role == "manager" and manager.assigned_units


def test_demo_is_idempotent_and_generates_a_password_when_none_is_set(app, login):
    app.config["OMTANKE_DEMO_PASSWORD"] = None
    runner = app.test_cli_runner()
    first = runner.invoke(demo_command)
    password = first.output.split("Password for the accounts created now: ")[1].split()[0]
    counts = (
        db.session.scalar(select(func.count()).select_from(Unit)),
        db.session.scalar(select(func.count()).select_from(User)),
    )
    second = runner.invoke(demo_command)
    assert second.exit_code == 0 and "0 units created" in second.output
    assert "Password for the accounts created now" not in second.output
    assert counts == (
        db.session.scalar(select(func.count()).select_from(Unit)),
        db.session.scalar(select(func.count()).select_from(User)),
    )
    login(app.test_client(), db.session.scalar(select(User).where(User.email == "hr@example.org")), password=password)


def test_if_empty_leaves_an_existing_organisation_alone(app, make):
    make.unit("Egen enhet", code="EGEN")
    result = app.test_cli_runner().invoke(demo_command, ["--if-empty"])
    assert "was not seeded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 1


def test_demo_has_two_closed_rounds_to_compare_and_an_open_one_with_realistic_responses(app):
    app.test_cli_runner().invoke(demo_command)
    rounds = {survey.title: survey for survey in db.session.scalars(select(SurveyRound))}
    statuses = sorted(survey.status_on(TODAY) for survey in rounds.values())
    assert statuses == ["closed", "closed", "open"]
    closed = max((s for s in rounds.values() if s.status_on(TODAY) == "closed"), key=lambda s: s.closes_on)
    per_unit = dict(
        db.session.execute(
            select(SurveyResponse.unit_id, func.count())
            .where(SurveyResponse.round_id == closed.id)
            .group_by(SurveyResponse.unit_id)
        ).all()
    )
    answered = list(per_unit.values())
    assert len(answered) >= 0.8 * len(closed.units), "most units answered"
    assert any(n < closed.anonymity_threshold for n in answered), "some units stay under the threshold"
    texts = db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert any("personal" in t or "kollegor" in t.lower() for t in texts)
    assert any("henkilökunta" in t.lower() or "esihenkilö" in t.lower() for t in texts), "Finnish free text"
    keys = set(db.session.scalars(select(Answer.item_key).distinct()))
    assert {"hme.hme1", "osa.workload_resources", "ergonomics.pain_12m", "work_ability.work_ability"} <= keys


def test_demo_has_completed_interview_rounds_for_two_strained_units(app):
    from survey_app.demo.surveys import STRAINED
    from survey_app.models import InterviewRound

    app.test_cli_runner().invoke(demo_command)
    rounds = db.session.scalars(select(InterviewRound)).all()
    assert len(rounds) == 2 and {r.unit.name for r in rounds} <= STRAINED
    for interview in rounds:
        assert interview.language == "sv" and interview.released_on is not None
        assert all(session.held for session in interview.sessions) and len(interview.sessions) >= 6
        interviewed = sum(session.participants for session in interview.sessions)
        assert 0.75 * interview.staff_count <= interviewed <= interview.staff_count
        notes = [note for session in interview.sessions for note in session.notes]
        assert len(notes) >= 30 and any(note.quote for note in notes) and interview.findings
    app.test_cli_runner().invoke(demo_command)  # idempotent
    assert db.session.scalar(select(func.count()).select_from(InterviewRound)) == 2


def test_demo_has_cases_in_different_stages_with_overdue_steps_follow_ups_and_indicator_values(app):
    from survey_app.models import IndicatorValue, InterventionCase, SupportEvent

    app.test_cli_runner().invoke(demo_command)
    cases = db.session.scalars(select(InterventionCase)).all()
    assert len({case.stage for case in cases}) >= 4 and any(case.closed_on for case in cases)
    today = TODAY
    steps = [step for case in cases for step in case.steps]
    open_steps = [s for s in steps if s.status not in ("done", "dropped")]
    assert all(s.next_follow_up_on for s in open_steps)
    assert any(s.due_on < today for s in open_steps), "some steps are overdue"
    assert sum(len(s.follow_ups) for s in steps) >= 5
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue)) >= 24
    assert db.session.scalar(select(func.count()).select_from(SupportEvent)) >= 10
    evaluated = next(case for case in cases if case.closed_on)
    assert evaluated.reference_sick_days and evaluated.follow_up_sick_days
