"""``omtanke users`` and ``omtanke units``: accounts (e.g. the first administrator of a new installation) and the
organisation's units from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import select

from survey_app.admin import importing, services
from survey_app.db import db
from survey_app.errors import DomainError
from survey_app.importing import ImportRejectedError, exit_rejected
from survey_app.models import ROLES, User


@click.group("users", help="Manage accounts.")
def users_cli() -> None:
    """``omtanke users``: accounts from the command line."""
    pass


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option(
    "--units", default="", help="Comma-separated unit codes (managers, occupational health, safety representatives)."
)
@click.password_option(help="Prompted for when not given.")
def add_user(email: str, name: str, role: str, units: str, password: str) -> None:
    """Create an account."""
    data = services.UserInput(email, name, role, tuple(units.split(",")))
    try:
        user = services.create_user(None, data, password)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Created {user.email} ({user.role}).")


def _account(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account {email}.")
    return user


@users_cli.command("unlock")
@click.argument("email")
def unlock_user(email: str) -> None:
    """Unlock an account locked after failed logins (e.g. the only administrator's)."""
    user = _account(email)
    services.unlock_user(None, user)
    click.echo(f"Unlocked {user.email}.")


@users_cli.command("reset-two-step")
@click.argument("email")
def reset_two_step(email: str) -> None:
    """Forget an account's authenticator key and recovery codes; it sets them up again at the next login."""
    user = _account(email)
    services.reset_two_step(None, user)
    click.echo(f"Two-step login of {user.email} reset; it is set up again at the next login.")


@users_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_users(as_json: bool) -> None:
    """List accounts with role and units."""
    rows = [
        {
            "email": u.email,
            "name": u.name,
            "role": u.role,
            "active": u.active,
            "units": [unit.code for unit in u.assigned_units],
        }
        for u in db.session.scalars(select(User).order_by(User.email))
    ]
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        click.echo()
        return
    for row in rows:
        state = "" if row["active"] else " (inactive)"
        click.echo(f"{row['email']:<32} {row['role']:<8} {','.join(row['units'])}{state}")


@click.group("units", help="Manage the organisation's units.")
def units_cli() -> None:
    """``omtanke units``: the organisation's units from the command line."""
    pass


@units_cli.command("import")
@click.argument("units_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_units_command(units_file: Path) -> None:
    """Create or update units and their managers from a CSV or XLSX file; nothing is imported if any row is wrong
    (the reasons go to stderr and the exit status is 1)."""
    try:
        result = importing.import_units(None, units_file.read_bytes(), units_file.name)
    except ImportRejectedError as error:
        exit_rejected(error)
    click.echo(
        f"Units created: {result.created}, updated: {result.updated}; manager accounts created: "
        f"{result.managers_created}, units given to managers: {result.managers_assigned}."
    )
