"""``omtanke api-token``: bearer tokens for the JSON API, acting as a named user with exactly their access, narrowed
to the scopes chosen when the token is made (``survey_app.api.scopes``)."""

from __future__ import annotations

import click

from survey_app.api.scopes import DEFAULT_SCOPES, SCOPES, UnknownScopeError, granted
from survey_app.api.tokens import all_tokens, create_token, revoke_token
from survey_app.auth.services import find_user_by_email


@click.group("api-token", help="Tokens for the JSON API: reading results, and sending sick reports.")
def api_token_cli() -> None:
    """``omtanke api-token``: create, list and revoke the JSON API's tokens."""
    pass


@api_token_cli.command("create")
@click.option("--user", "email", required=True, help="The account the token acts as (its role and units).")
@click.option("--name", default="api", show_default=True, help="What the token is for, e.g. the BI tool.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    default=DEFAULT_SCOPES,
    show_default=True,
    help=f"What the token may do; repeat for more than one. One of: {', '.join(SCOPES)}.",
)
def create(email: str, name: str, scopes: tuple[str, ...]) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        raise click.ClickException(f"There is no active account {email}.")
    try:
        click.echo(create_token(None, user, name, scopes))
    except UnknownScopeError as error:
        raise click.ClickException(str(error)) from error


@api_token_cli.command("list")
def list_tokens() -> None:
    """Every token: id, name, account, scopes, the last day it was used, and whether it is revoked."""
    for token in all_tokens():
        used = token.last_used_on.isoformat() if token.last_used_on else "never used"
        state = "revoked" if token.revoked else "active"
        scopes = " ".join(sorted(granted(token.scopes)))
        click.echo(f"{token.id}\t{token.name}\t{token.user.email}\t{scopes}\t{used}\t{state}")


@api_token_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke a token by its id."""
    if not revoke_token(None, token_id):
        raise click.ClickException(f"There is no token {token_id}.")
    click.echo(f"Token {token_id} revoked.")
