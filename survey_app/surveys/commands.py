"""``omtanke rounds``: survey rounds from the command line, for scripting (every command takes --json)."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from sqlalchemy import select

from survey_app import clock
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.models import RoundUnit, SurveyRound, Unit
from survey_app.surveys import lifecycle, services
from survey_app.surveys.links import answer_url, code_url


def _emit(data, as_json: bool, lines) -> None:
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
    else:
        for line in lines(data):
            click.echo(line)


def _round(round_id: int) -> SurveyRound:
    survey = db.session.get(SurveyRound, round_id)
    if survey is None:
        raise click.ClickException(f"There is no survey round {round_id}.")
    return survey


@click.group("rounds", help="Survey rounds: list, open a draft, extend, answer links, codes, response status.")
def rounds_cli() -> None:
    """``omtanke rounds``: survey rounds from the command line."""
    pass


@rounds_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_rounds(as_json: bool) -> None:
    """Every round with dates, status and number of responses."""
    today = clock.today()
    data = [
        {
            "id": survey.id,
            "title": survey.title,
            "titles": survey.titles,
            "root_unit": survey.root_unit.code if survey.root_unit else None,
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(),
            "status": survey.status_on(today),
            "languages": survey.languages,
            "anonymity_threshold": survey.anonymity_threshold,
            "comment_threshold": survey.comment_threshold,
            "units": len(survey.units),
            "responses": responses,
        }
        for survey, responses in services.rounds_overview()
    ]
    _emit(
        data,
        as_json,
        lambda rows: (
            f"{r['id']:>4}  {r['status']:<9} {r['opens_on']}–{r['closes_on']}  {r['responses']:>5}  {r['title']}"
            for r in rows
        ),
    )


@rounds_cli.command("open")
@click.argument("round_id", type=int)
def open_round(round_id: int) -> None:
    """Open a draft round to respondents (scheduled until its first day)."""
    try:
        status = lifecycle.open_round(None, _round(round_id), clock.today())
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Round {round_id} is {status}.")


@rounds_cli.command("extend")
@click.argument("round_id", type=int)
@click.option("--closes-on", type=click.DateTime(["%Y-%m-%d"]), required=True, help="The new closing date.")
def extend(round_id: int, closes_on) -> None:
    """Move a scheduled or open round's closing date later."""
    try:
        lifecycle.extend_round(None, _round(round_id), closes_on.date(), clock.today())
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Round {round_id} closes on {closes_on.date().isoformat()}.")


@rounds_cli.command("links")
@click.argument("round_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def links(round_id: int, as_json: bool) -> None:
    """Unit code and full answer URL of every workplace in the round."""
    survey = _round(round_id)
    rows = db.session.execute(
        select(Unit.code, Unit.name, RoundUnit)
        .join(RoundUnit, RoundUnit.unit_id == Unit.id)
        .where(RoundUnit.round_id == survey.id)
        .order_by(Unit.code)
    ).all()
    data = [{"unit_code": code, "unit_name": name, "url": answer_url(round_unit)} for code, name, round_unit in rows]
    _emit(data, as_json, lambda rows: (f"{r['unit_code']}\t{r['url']}" for r in rows))


@rounds_cli.command("codes")
@click.argument("round_id", type=int)
@click.option("--unit", "unit_code", required=True, help="Code of the workplace.")
@click.option("--count", type=int, required=True, help="How many single-use codes to make.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def make_codes(round_id: int, unit_code: str, count: int, as_json: bool) -> None:
    """Make single-use codes for one workplace; they are printed once and stored only as hashes."""
    survey = _round(round_id)
    round_unit = db.session.scalar(
        select(RoundUnit)
        .join(Unit, Unit.id == RoundUnit.unit_id)
        .where(RoundUnit.round_id == survey.id, Unit.code == unit_code)
    )
    if round_unit is None:
        raise click.ClickException(f"The unit {unit_code} does not take part in round {round_id}.")
    try:
        plain = services.create_codes(None, round_unit, count, current_app.config["SECRET_KEY"], clock.today())
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    data = {"round": survey.id, "unit_code": unit_code, "answer_url": code_url(), "codes": plain}
    _emit(data, as_json, lambda d: d["codes"])


@rounds_cli.command("status")
@click.argument("round_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status(round_id: int, as_json: bool) -> None:
    """Responses and response rate per workplace."""
    survey = _round(round_id)
    rows = [
        {
            "unit_code": row.round_unit.unit.code,
            "unit_name": row.round_unit.unit.name,
            "headcount": row.round_unit.headcount,
            "responses": row.responses,
            "held": row.held,
            "rate": None if row.rate is None else round(row.rate, 3),
        }
        for row in services.progress(survey)
    ]
    data = {
        "round": survey.id,
        "status": survey.status_on(clock.today()),
        "responses": sum(r["responses"] for r in rows),
        "units": rows,
    }
    _emit(
        data,
        as_json,
        lambda d: (
            f"{r['unit_code']:<14} {r['responses']:>4}/{r['headcount']:<4} "
            f"{'' if r['rate'] is None else format(r['rate'], '.0%')}" + (f" +{r['held']} held" if r["held"] else "")
            for r in d["units"]
        ),
    )


@rounds_cli.command("purge-drafts")
def purge_drafts() -> None:
    """Delete unfinished answers of closed rounds (run daily, e.g. from cron)."""
    click.echo(f"Deleted {services.purge_closed_drafts(clock.today())} unfinished answers of closed rounds.")
