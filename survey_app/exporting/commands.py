"""``omtanke export KIND --output FILE.xlsx [--round ID] [--unit CODE] [--as EMAIL] [--lang sv|fi|en]``.

``--as`` applies that user's role and unit scope exactly as the web does (a manager gets their units only, and what
they may not see is refused); without it the command acts as the first active HR account. Headings are in the
user's saved language, else ``--lang``, else the installation's default.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import force_locale
from sqlalchemy import select

from survey_app import clock
from survey_app.absence.workbooks import absence_workbook
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.i18n import supported_locales
from survey_app.indicators.workbooks import indicators_workbook
from survey_app.interviews.workbooks import interviews_workbook
from survey_app.models import InterviewRound, Role, SurveyRound, Unit, User
from survey_app.plans.workbooks import plans_workbook
from survey_app.results.workbooks import comments_workbook, results_workbook


def _survey(round_id: int | None) -> SurveyRound:
    survey = db.session.get(SurveyRound, round_id) if round_id is not None else None
    if survey is None:
        raise click.ClickException("Give an existing survey round with --round ID.")
    return survey


def _interview(round_id: int | None) -> InterviewRound:
    interview = db.session.get(InterviewRound, round_id) if round_id is not None else None
    if interview is None:
        raise click.ClickException("Give an existing interview round with --round ID.")
    return interview


# kind → how to write it from (actor, target, today, --round, unit id of --unit)
KINDS = {
    "results": lambda actor, target, today, round_id, root: results_workbook(
        actor, _survey(round_id), target, today, root
    ),
    "comments": lambda actor, target, today, round_id, root: comments_workbook(
        actor, _survey(round_id), target, today, root
    ),
    "plans": lambda actor, target, today, round_id, root: plans_workbook(actor, target, today, root),
    "indicators": lambda actor, target, today, round_id, root: indicators_workbook(actor, target, today, root),
    "interviews": lambda actor, target, today, round_id, root: interviews_workbook(
        actor, _interview(round_id), target, today
    ),
    "absence": lambda actor, target, today, round_id, root: absence_workbook(actor, target, today, root),
}


@click.command("export", help="Write a workbook exactly as the web page offers it, with the same role and scope.")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--round", "round_id", type=int, help="The survey round (results, comments) or interview round.")
@click.option("--unit", "unit_code", help="Only this unit and the units below it.")
@click.option("--as", "email", help="Act as this user: their role and unit scope apply.")
@click.option("--lang", "language", type=click.Choice(["sv", "fi", "en"]), help="Language of the headings.")
def export_command(kind: str, output: Path, round_id: int | None, unit_code: str | None, email: str | None,
                   language: str | None) -> None:  # fmt: skip
    actor = _actor(email)
    root = None
    if unit_code:
        root = db.session.scalar(select(Unit.id).where(Unit.code == unit_code.upper()))
        if root is None:
            raise click.ClickException(f"There is no unit with the code {unit_code}.")
    locale = actor.locale if actor.locale in supported_locales() else language
    try:
        with force_locale(locale or supported_locales()[0]), output.open("wb") as target:
            rows = KINDS[kind](actor, target, clock.today(), round_id, root)
    except NotAllowedError:
        output.unlink(missing_ok=True)
        message = f"{actor.email} may not export this (closed rounds only, and only units in their scope)."
        raise click.ClickException(message) from None
    except click.ClickException:
        output.unlink(missing_ok=True)
        raise
    click.echo(f"Wrote {output} ({rows} rows).")


def _actor(email: str | None) -> User:
    query = select(User).where(User.active.is_(True))
    if email:
        user = db.session.scalar(query.where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"There is no active user {email}.")
        return user
    user = db.session.scalar(query.where(User.role == Role.HR.value).order_by(User.id))
    if user is None:
        raise click.ClickException("There is no active HR account to act as; name one with --as EMAIL.")
    return user
