"""Demo interview rounds: two strained workplaces interviewed in full, compiled, released and presented.

The notes, findings and the work group's reflections are in ``interview_notes.py`` (Swedish, as HR writes them).
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select

from interventions.interviews import default_guide, guide_to_json
from survey_app.db import db
from survey_app.demo.interview_notes import FINDINGS, INTERVIEWS, REFLECTIONS, STAFF
from survey_app.models import (
    ActionProposal,
    Finding,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    Reflection,
    Role,
    Unit,
    User,
)


def seed_interview_demo(today: date) -> list[str]:
    """Create the demo interview rounds that are missing; returns the names of the units interviewed."""
    created = []
    interviewers = list(db.session.scalars(select(User).where(User.role.in_([Role.HR.value, Role.OHS.value]))))
    hr = next((user for user in interviewers if user.role == Role.HR.value), None)
    for unit_name, sessions in INTERVIEWS.items():
        unit = db.session.scalar(select(Unit).where(Unit.name == unit_name))
        if unit is None or db.session.scalar(select(InterviewRound.id).where(InterviewRound.unit_id == unit.id)):
            continue
        interview = InterviewRound(
            unit=unit,
            title=f"Chefsstöd {unit_name} hösten 2026",
            language="sv",
            guide=guide_to_json(default_guide("sv")),
            staff_count=STAFF.get(unit_name, unit.headcount),
            anonymity_threshold=5,
            released_on=today - timedelta(days=5),
            created_by_id=hr.id if hr else None,
        )
        notes_by_theme: dict[str, list[InterviewNote]] = {}
        for number, entry in enumerate(sessions):
            interviewer = interviewers[number % len(interviewers)] if interviewers else None
            session = InterviewSession(
                kind=entry["kind"],
                planned_on=today - timedelta(days=entry["days_ago"]),
                participants=1 if entry["kind"] == "individual" else entry["participants"],
                interviewer_id=interviewer.id if interviewer else None,
                held=True,
            )
            for theme, text, quote, suggestion, *shareable in entry["notes"]:
                note = InterviewNote(
                    theme=theme,
                    text=text,
                    quote=quote,
                    suggestion=suggestion,
                    shareable=bool(shareable and shareable[0]),
                    client_key=secrets.token_hex(16),
                )
                session.notes.append(note)
                notes_by_theme.setdefault(theme, []).append(note)
            interview.sessions.append(session)
        for kind, theme, text in FINDINGS.get(unit_name, []):
            interview.findings.append(
                Finding(kind=kind, theme=theme, text=text, notes=notes_by_theme.get(theme, [])[:3])
            )
        for kind, text in REFLECTIONS.get(unit_name, []):
            reflection = Reflection(kind=kind, text=text)
            interview.reflections.append(reflection)
            if kind == "suggestion":
                reflection.proposal = ActionProposal(unit=unit, text=text, created_by_id=hr.id if hr else None)
        db.session.add(interview)
        created.append(unit_name)
    db.session.commit()
    return created
