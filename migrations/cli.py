"""`flask db upgrade`: bring the database to the latest schema."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from migrations import upgrade

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_command(revision: str) -> None:
    """Run Alembic migrations up to REVISION."""
    upgrade(current_app.extensions["settings"].database_url, revision)
    click.echo(f"database at {revision}")
