"""`flask seed`: load master data, deploy processes, and (with --demo) create demo accounts."""
from __future__ import annotations

import click
from flask import current_app

from bootstrap.seed import DEMO_PASSWORD, seed_base, seed_demo_users
from core.db import transaction


@click.command("seed")
@click.option("--demo", is_flag=True, help="also create the demo accounts")
def seed(demo: bool) -> None:
    """Load master data and deploy the processes (safe to run again)."""
    with transaction() as session:
        counts = seed_base(session, settings=current_app.extensions["settings"])
        created = seed_demo_users(session) if demo else []
    click.echo("seeded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if created:
        click.echo(f"demo accounts ({DEMO_PASSWORD}): {', '.join(created)}")
