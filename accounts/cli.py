"""`flask accounts ...`: mint integration tokens and create users from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from accounts import service
from core.db import transaction

cli = AppGroup("accounts", help="Users and API tokens.")


@cli.command("token")
@click.argument("username")
def mint_token(username: str) -> None:
    """Mint an API token for USERNAME (an integration or operator account) and print it once."""
    with transaction() as session:
        user = service.find_user(session, username)
        if user is None or not user.is_active:
            raise click.ClickException(f"no active user {username!r}")
        token = service.issue_token(session, user=user, kind="integration", ttl=None)
    click.echo(token)
