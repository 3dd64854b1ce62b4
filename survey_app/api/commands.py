"""``omtanke api-token``: bearer tokens for the JSON API, acting as a named user with exactly their access."""

from __future__ import annotations

import click

from survey_app.api.tokens import create_token, revoke_token
from survey_app.auth.services import find_user_by_email


@click.group("api-token", help="Tokens for the read-only JSON API.")
def api_token_cli() -> None:
    """``omtanke api-token``: create and revoke the JSON API's tokens."""
    pass


@api_token_cli.command("create")
@click.option("--user", "email", required=True, help="The account the token acts as (its role and units).")
@click.option("--name", default="api", show_default=True, help="What the token is for, e.g. the BI tool.")
def create(email: str, name: str) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        raise click.ClickException(f"There is no active account {email}.")
    click.echo(create_token(None, user, name))


@api_token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke a token by its id."""
    if not revoke_token(None, token_id):
        raise click.ClickException(f"There is no token {token_id}.")
    click.echo(f"Token {token_id} revoked.")
