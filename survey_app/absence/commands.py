"""``omtanke absence``: import absence files, unit statistics and signals, purge, for scripts and schedulers."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click
from sqlalchemy import select

from survey_app import clock
from survey_app.absence import imports, services
from survey_app.db import db
from survey_app.importing import ImportRejectedError, exit_rejected, nothing_imported
from survey_app.models import Role, User


@click.group("absence", help="Sickness absence: import, unit statistics, signals, purge.")
def absence_cli() -> None:
    """Sickness absence on the command line: ``omtanke absence``."""
    pass


def _system_actor() -> User:
    """Statistics and signals are HR's: the command line acts as the first active HR account."""
    user = db.session.scalar(select(User).where(User.role == Role.HR.value, User.active.is_(True)).order_by(User.id))
    if user is None:
        raise click.ClickException("There is no active HR account to act as (omtanke users add … --role hr).")
    return user


@absence_cli.command("import")
@click.argument("spells_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--staffing", "staffing_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--whole-organisation",
    is_flag=True,
    help="The spell file is the whole organisation: replace every spell that starts in its period, also in the "
    "units it does not name.",
)
@click.option("--preview", "preview_only", is_flag=True, help="Print what the import would change; write nothing.")
def import_command(
    spells_file: Path | None, staffing_file: Path | None, whole_organisation: bool, preview_only: bool
) -> None:
    """Import a spell file (and a staffing file); nothing is imported when any row is invalid. Per unit in the file,
    the unit's spells that start between its first and last start day in the file are replaced; other units' spells
    are kept unless --whole-organisation is given."""
    if spells_file is None and staffing_file is None:
        raise click.UsageError("Give a spell file, a --staffing file, or both.")
    files = (
        spells_file.read_bytes() if spells_file else None,
        spells_file.name if spells_file else "",
        staffing_file.read_bytes() if staffing_file else None,
        staffing_file.name if staffing_file else "",
    )
    try:
        if preview_only:
            found = imports.preview(*files, clock.today())
            if found.problems:
                exit_rejected(nothing_imported(found.problems))
            _echo_changes(found.changes, whole_organisation)
            click.echo(f"Nothing written: {found.spells} spells, {found.staffing} staffing figures checked.")
            return
        result = imports.import_absence(None, *files, clock.today(), whole_organisation=whole_organisation)
    except ImportRejectedError as error:
        exit_rejected(error)
    _echo_changes(result.changes, whole_organisation)
    click.echo(
        f"Imported {result.spells} spells ({result.added} added, {result.replaced} replaced, {result.removed} "
        f"removed), {result.staffing} staffing figures; {result.purged} spells past retention deleted."
    )


def _echo_changes(changes, whole_organisation: bool) -> None:
    """One line per unit the import changes, with the period of the file it covers."""
    for change in changes:
        removed = change.removed_if_whole_organisation if whole_organisation else change.removed
        if change.named:
            period = f"{change.period_start.isoformat()}–{change.period_end.isoformat()}"
        elif whole_organisation:
            period = "not in the file"
        else:
            continue
        click.echo(f"{change.unit}: {change.added} added, {change.replaced} replaced, {removed} removed ({period})")


def _jsonable_default(value):
    return value.isoformat() if isinstance(value, date) else str(value)


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


@absence_cli.command("units")
@click.option("--json", "as_json", is_flag=True)
def units_command(as_json: bool) -> None:
    """Statistics per unit and month (the last 12 full months), the unit signals of the latest month and the
    organisation's ratios by sex and age band for the latest month, three months and twelve months."""
    found = services.statistics(_system_actor(), clock.today())
    data = {
        "month": found.month.isoformat(),
        "units": [
            {key: _jsonable(value) for key, value in asdict(month).items()} | {"name": found.names.get(month.unit)}
            for month in found.months
        ],
        "signals": [{key: _jsonable(value) for key, value in asdict(signal).items()} for signal in found.signals],
        "organisation_ratios": {
            period: [asdict(ratio) for ratio in ratios] for period, ratios in found.ratios.items()
        },  # the Swedish ratios by sex and age band; a withheld group has null figures and a reason
    }
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_jsonable_default)
        click.echo()
        return
    for month in found.months:
        if month.month == found.month:
            click.echo(f"{month.unit or '(organisation)'}: short-term {month.short_term_pct}, sick {month.sick_pct}")


@absence_cli.command("signals")
@click.option("--json", "as_json", is_flag=True)
def signals_command(as_json: bool) -> None:
    """Person signals with their rule and date (pseudonymous ids only)."""
    found = services.person_signals_for(_system_actor(), clock.today())
    data = [
        {key: _jsonable(value) for key, value in asdict(signal).items()} | {"talk_held_on": _jsonable(talked)}
        for signal, talked in found
    ]
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_jsonable_default)
        click.echo()
        return
    for entry in data:
        click.echo(f"{entry['employee']}  {entry['unit']}  {entry['rule']}  {entry['on']}")


@absence_cli.command("purge")
def purge_command() -> None:
    """Delete spells that ended before the retention period (OMTANKE_RETAIN_ABSENCE_MONTHS, default 36)."""
    click.echo(f"Deleted {services.purge(None, clock.today())} spells past retention.")
