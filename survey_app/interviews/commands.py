"""``omtanke interviews``: interview rounds from the command line (counts only: no note text leaves the database)."""

from __future__ import annotations

import json
import sys

import click
from sqlalchemy import select

from interventions.interviews import OTHER, NoteFact, summarise_themes
from survey_app.db import db
from survey_app.interviews.services import coverage_of, guide_of
from survey_app.models import InterviewRound


@click.group("interviews", help="Interview rounds: sessions, participants, coverage and the themes raised.")
def interviews_cli() -> None:
    """``omtanke interviews``: interview rounds from the command line."""
    pass


def round_summary(interview: InterviewRound) -> dict:
    """A round as counts, ready for JSON: unit, coverage, sessions and themes raised (no note text)."""
    guide = guide_of(interview)
    titles = {theme.key: theme.title for theme in guide.themes}
    facts = [
        NoteFact(note.session_id, session.participants, note.theme if note.theme in titles else OTHER, "")
        for session in interview.sessions
        for note in session.notes
    ]
    found = coverage_of(interview)
    return {
        "id": interview.id,
        "title": interview.title,
        "unit": {"code": interview.unit.code, "name": interview.unit.name},
        "language": interview.language,
        "released_on": interview.released_on.isoformat() if interview.released_on else None,
        "staff": found.staff,
        "interviewed": found.interviewed,
        "coverage": None if found.share is None else round(found.share, 3),
        "sessions": [
            {
                "date": session.planned_on.isoformat(),
                "kind": session.kind,
                "participants": session.participants,
                "held": session.held,
                "notes": len(session.notes),
            }
            for session in interview.sessions
        ],
        "themes": [
            {
                "key": summary.key,
                "title": titles.get(summary.key, "other"),
                "sessions": summary.sessions,
                "participants": summary.participants,
                "notes": summary.notes,
            }
            for summary in summarise_themes(facts, list(guide.keys()))
        ],
    }


@interviews_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def list_command(as_json: bool) -> None:
    """Every interview round with its sessions, coverage and themes."""
    rounds = db.session.scalars(select(InterviewRound).order_by(InterviewRound.id)).all()
    data = [round_summary(interview) for interview in rounds]
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
        return
    for entry in data:
        click.echo(
            f"{entry['id']}  {entry['unit']['code']}  {entry['title']}: {entry['interviewed']} of {entry['staff']} "
            f"staff, {len(entry['sessions'])} sessions"
        )
        for theme in entry["themes"]:
            click.echo(f"    {theme['title']}: {theme['sessions']} sessions, {theme['participants']} participants")
