"""The ``omtanke`` console script: Flask's CLI group for this app (run, shell, routes, db, and our own groups)."""

from flask.cli import FlaskGroup

from survey_app import create_app


def main() -> None:
    """The ``omtanke`` command: Flask's CLI for this app, with every area's groups."""
    cli = FlaskGroup(
        create_app=create_app, help="Omtanke: early workplace-level interventions against sickness absence."
    )
    cli.main(prog_name="omtanke")
