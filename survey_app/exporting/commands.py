"""``omtanke export KIND --output FILE.xlsx|FILE.pptx [--round ID] [--unit CODE] [--as EMAIL] [--lang sv|fi|en]``.

``KIND`` is any kind in the export registry (``survey_app.exporting.kinds``), written by the same function as its
download. ``--as`` applies that user's role and unit scope exactly as the web does (a manager gets their units only,
and what they may not see is refused); without it the command acts as the first active HR account. Headings are in
the user's saved language, else ``--lang``, else the installation's default.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import force_locale
from sqlalchemy import select

from survey_app import clock
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.exporting.kinds import RoundMissingError, export_kind, export_kinds
from survey_app.i18n import supported_locales
from survey_app.models import Role, Unit, User


class RegisteredKinds(click.Choice):
    """The names of the registered export kinds, read when the command runs (every area has registered by then)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        """Every kind the registry holds now."""
        return tuple(kind.name for kind in export_kinds())

    @choices.setter
    def choices(self, _ignored: tuple[str, ...]) -> None:
        pass  # click sets them when the type is made: the registry is read instead


@click.command("export", help="Write a workbook or deck as the web page offers it, with the same role and scope.")
@click.argument("kind", type=RegisteredKinds())
@click.option("--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--round", "round_id", type=int, help="The survey round (results, comments) or interview round.")
@click.option("--unit", "unit_code", help="Only this unit and the units below it.")
@click.option("--as", "email", help="Act as this user: their role and unit scope apply.")
@click.option("--lang", "language", type=click.Choice(["sv", "fi", "en"]), help="Language of the headings.")
def export_command(kind: str, output: Path, round_id: int | None, unit_code: str | None, email: str | None,
                   language: str | None) -> None:  # fmt: skip
    """Write one kind's file as the named user (or the first HR account), in their saved language or
    ``--lang``; a refusal exits with a message and leaves no file."""
    export = export_kind(kind)
    actor = _actor(email)
    root = None
    if unit_code:
        root = db.session.scalar(select(Unit.id).where(Unit.code == unit_code.upper()))
        if root is None:
            raise click.ClickException(f"There is no unit with the code {unit_code}.")
    locale = actor.locale if actor.locale in supported_locales() else language
    try:
        with force_locale(locale or supported_locales()[0]), output.open("wb") as target:
            parameters = export.parameters({"round_id": round_id, "unit": root})
            rows = export.run(actor, parameters, target, clock.today())
    except RoundMissingError:
        output.unlink(missing_ok=True)
        raise click.ClickException(f"Give an existing {export.round_kind} round with --round ID.") from None
    except NotAllowedError:
        output.unlink(missing_ok=True)
        message = f"{actor.email} may not export this (closed rounds only, and only units in their scope)."
        raise click.ClickException(message) from None
    click.echo(f"Wrote {output} ({rows} {export.counts}).")


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
