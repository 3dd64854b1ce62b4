"""``omtanke rounds warm-results``: results' own command, registered under the survey rounds' group where the
operators' cron calls it (docs/operations.md)."""

from __future__ import annotations

from datetime import timedelta

import click

from survey_app import clock
from survey_app.db import db
from survey_app.models import SurveyRound
from survey_app.results.services import closed_round_results, rounds_closed_by


@click.command("warm-results")
@click.option("--days", type=int, default=7, show_default=True, help="Rounds closed within this many days.")
def warm_results_command(days: int) -> None:
    """Compute the results of recently closed rounds into the shared cache (Redis), so that the first reader of a
    big round's heatmap does not wait for the sums (run daily after midnight, e.g. from cron)."""
    today = clock.today()
    recent = rounds_closed_by(today).where(SurveyRound.closes_on >= today - timedelta(days=days))
    closed = db.session.scalars(recent).all()
    for survey in closed:
        closed_round_results(survey, today, items=True)
        click.echo(f"Results of round {survey.id} ({survey.title}) are cached.")
    if not closed:
        click.echo(f"No round closed in the last {days} days.")
