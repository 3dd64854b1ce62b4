"""``omtanke plans``: intervention cases and their plans from the command line, for scripting and checks."""

from __future__ import annotations

import json
import sys

import click
from sqlalchemy import select

from survey_app import clock
from survey_app.db import db
from survey_app.models import InterventionCase
from survey_app.plans.due import step_flags
from survey_app.plans.wording import responsible_text


@click.group("plans", help="Intervention cases and action plans.")
def plans_cli() -> None:
    """Intervention cases and their plans on the command line: ``omtanke plans``."""
    pass


def case_summary(case: InterventionCase, today) -> dict:
    """One case as plain data for the CLI: its unit, stages, goals, and steps with their flags and follow-ups."""
    return {
        "id": case.id,
        "unit": {"code": case.unit.code, "name": case.unit.name},
        "trigger": case.trigger,
        "stage": case.stage,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "stages": [{"stage": s.stage, "reached_on": s.reached_on.isoformat()} for s in case.stages],
        "goals": [
            {
                "indicator": goal.indicator,
                "baseline": goal.baseline,
                "target": goal.target,
                "target_on": goal.target_on.isoformat(),
            }
            for goal in case.goals
        ],
        "steps": [
            {
                "id": step.id,
                "what": step.what,
                "responsible": responsible_text(step),
                "responsible_user_id": step.responsible_user_id,
                "responsible_role": step.responsible_role,
                "status": step.status,
                "due_on": step.due_on.isoformat(),
                "next_follow_up_on": step.next_follow_up_on.isoformat() if step.next_follow_up_on else None,
                "overdue": step_flags(step, today)["overdue"],
                "follow_up_missed": step_flags(step, today)["follow_up_missed"],
                "follow_ups": [
                    {
                        "held_on": f.held_on.isoformat(),
                        "status": f.status,
                        "effect": f.effect,
                        "next_follow_up_on": f.next_follow_up_on.isoformat() if f.next_follow_up_on else None,
                    }
                    for f in step.follow_ups
                ],
            }
            for step in case.steps
        ],
    }


@plans_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def list_command(as_json: bool) -> None:
    """Every case with its stage, goals, steps (status, due date, next follow-up, overdue) and follow-ups."""
    today = clock.today()
    cases = db.session.scalars(select(InterventionCase).order_by(InterventionCase.id)).all()
    data = [case_summary(case, today) for case in cases]
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
        return
    for entry in data:
        overdue = sum(1 for step in entry["steps"] if step["overdue"] or step["follow_up_missed"])
        click.echo(
            f"{entry['id']}  {entry['unit']['code']}  {entry['stage']}: {len(entry['steps'])} steps, {overdue} late"
        )
