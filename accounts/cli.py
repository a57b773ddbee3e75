"""`flask accounts ...`: mint, list and revoke integration tokens from the command line."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select

from accounts import service
from accounts.models import ApiToken, User
from core import clock
from core.db import transaction

cli = AppGroup("accounts", help="Users and API tokens.")
DEFAULT_DAYS = 90
MAX_DAYS = 365


@cli.command("token")
@click.argument("username")
@click.option("--days", type=click.IntRange(1, MAX_DAYS), default=DEFAULT_DAYS, show_default=True,
              help="the token expires after this many days")
def mint_token(username: str, days: int) -> None:
    """Mint an API token for USERNAME (an integration or operator account) and print it once. It expires."""
    with transaction() as session:
        user = service.find_user(session, username)
        if user is None or not user.is_active:
            raise click.ClickException(f"no active user {username!r}")
        token = service.issue_token(session, user=user, kind="integration", ttl=timedelta(days=days))
    click.echo(token)  # alone on stdout, for TOKEN=$(flask accounts token ...); see `accounts tokens list`


tokens = AppGroup("tokens", help="Integration tokens: list and revoke.")
cli.add_command(tokens)


@tokens.command("list")
@click.option("--user", "username", help="only this user's tokens")
@click.option("--all", "show_all", is_flag=True, help="expired and revoked ones too")
def list_tokens(username: str | None, show_all: bool) -> None:
    """Integration tokens: id, user, created, expires, state (the tokens themselves are never stored)."""
    now = clock.now()
    with transaction(readonly=True) as session:
        query = (select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
                 .where(ApiToken.kind == "integration").order_by(ApiToken.id))
        if username:
            query = query.where(User.username == username)
        for row, name in session.execute(query):
            state = _state(row, now)
            if show_all or state == "active":
                expires = f"{row.expires_at:%Y-%m-%d %H:%M}" if row.expires_at else "never"
                click.echo(f"{row.id}\t{name}\t{row.created_at:%Y-%m-%d %H:%M}\t{expires}\t{state}")


def _state(row: ApiToken, now) -> str:
    if row.revoked_at:
        return "revoked"
    if row.expires_at and row.expires_at <= now:
        return "expired"
    return "active"


@tokens.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke integration token TOKEN_ID (from `flask accounts tokens list`): it stops working at once."""
    with transaction() as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.kind != "integration":
            raise click.ClickException(f"no integration token {token_id}")
        if not row.revoked_at:
            row.revoked_at = clock.now()
    click.echo(f"token {token_id} revoked")
