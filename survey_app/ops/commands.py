"""``omtanke backup FILE``, ``omtanke restore FILE`` (SQLite) and ``omtanke fingerprint [--json]`` (any database)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from survey_app.cache import shared_cache
from survey_app.errors import DomainError
from survey_app.ops import backup


@click.command("backup", help="Copy the SQLite database consistently, even while it is in use.")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Copy the SQLite database to TARGET with its online backup API; PostgreSQL is refused (use pg_dump)."""
    try:
        backup.backup_sqlite(target)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Backed up to {target}.")


@click.command("restore", help="Bring back an SQLite backup made by omtanke backup (stop the app servers first).")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(source: Path) -> None:
    """Bring back an SQLite backup, then clear the shared cache so that no figure of the old data is served."""
    try:
        backup.restore_sqlite(source)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    # Figures cached from the data before the restore must not be served for the restored data (Redis outlives it).
    shared_cache().clear()
    click.echo(f"Restored from {source}.")


@click.command("fingerprint", help="Row counts and checksums of the data that matters: compare before and after.")
@click.option("--json", "as_json", is_flag=True)
def fingerprint_command(as_json: bool) -> None:
    """Print every table's row count and checksum (``--json`` for scripts), to compare before and after."""
    prints = backup.fingerprint()
    if as_json:
        json.dump([asdict(p) for p in prints], sys.stdout, indent=2)
        click.echo()
        return
    for p in prints:
        click.echo(f"{p.table:<20} {p.rows:>10}  {p.checksum}")
