"""``omtanke demo``: seed the demo municipality and print its logins."""

from __future__ import annotations

import click
from flask import current_app

from survey_app.demo.services import database_is_empty, demo_logins, seed_demo


@click.command("demo", help="Seed the demo municipality (idempotent) and print the demo logins.")
@click.option("--reset-passwords", is_flag=True, help="Give every demo account a new password and print it.")
@click.option("--if-empty", is_flag=True, help="Seed only into a database without units or accounts.")
def demo_command(reset_passwords: bool, if_empty: bool) -> None:
    """Seed the demo and print its logins; with ``--if-empty``, only into a database without units or accounts."""
    fixed = current_app.config["OMTANKE_DEMO_PASSWORD"]
    if if_empty and not database_is_empty():
        click.echo("The database already holds an organisation; the demo was not seeded.")
        for login in demo_logins():
            click.echo(f"  {login.email:<28} {login.role}")
        return
    report = seed_demo(password=fixed, reset_passwords=reset_passwords)
    click.echo(f"Demo organisation ready ({report.units_created} units created in this run).")
    for title in report.rounds_created:
        click.echo(f"Demo survey round created: {title}")
    for unit in report.interviews_created:
        click.echo(f"Demo interview round created: {unit}")
    for unit in report.cases_created:
        click.echo(f"Demo intervention case created: {unit}")
    click.echo("Demo logins:")
    for login in report.logins:
        scope = f"  [{login.scope}]" if login.scope else ""
        click.echo(f"  {login.email:<28} {login.role:<8}{scope}")
    click.echo(
        "admin, hr and ohs log in with two steps: the first login shows a key to add to an authenticator app "
        "(see README)."
    )
    if fixed:
        click.echo("Password: the value of OMTANKE_DEMO_PASSWORD.")
    elif report.password:
        click.echo(f"Password for the accounts created now: {report.password}")
        click.echo("It is shown only this once. `omtanke demo --reset-passwords` sets a new one.")
    else:
        click.echo(
            "Passwords were printed when the demo was first seeded; `omtanke demo --reset-passwords` sets new ones."
        )
