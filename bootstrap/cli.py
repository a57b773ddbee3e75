"""`flask seed`: load master data, deploy processes, and (with --demo) create demo accounts and a demo history."""
from __future__ import annotations

import click
from flask import current_app

from bootstrap.demo_history import make_demo_history
from bootstrap.seed import DEMO_PASSWORD, seed_base, seed_demo_users
from core.db import get_db, transaction


@click.command("seed")
@click.option("--demo", is_flag=True, help="also create the demo accounts and a demo history of grievances")
@click.option("--demo-cases", type=click.IntRange(0, 20000), default=1000, show_default=True,
              help="grievances in the demo history (past 90 days; made once, on a database without grievances)")
def seed(demo: bool, demo_cases: int) -> None:
    """Load master data and deploy the processes (safe to run again)."""
    with transaction() as session:
        counts = seed_base(session, settings=current_app.extensions["settings"])
        created = seed_demo_users(session) if demo else []
    click.echo("seeded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if created:
        click.echo(f"demo accounts ({DEMO_PASSWORD}): {', '.join(created)}")
    if demo and demo_cases:
        click.echo(f"demo history: making {demo_cases} grievances over the past 90 days ...")
        result = make_demo_history(get_db(), cases=demo_cases)
        if result is None:
            click.echo("demo history: the database already has grievances; nothing added")
        else:
            click.echo(f"demo history: {result.grievances} grievances in {result.seconds} s "
                       f"({result.steps} steps, {result.timers_fired} timers fired, {result.missed} steps skipped); "
                       + ", ".join(f"{status} {n}" for status, n in sorted(result.statuses.items())))
