"""`flask models breach-risk`: train the breach-risk model now and score the open cases (the periodic job does
both on its own: weekly and hourly)."""
from __future__ import annotations

import click

from breach_risk import service
from core.db import transaction
from core.errors import AppError
from text_models.cli import models_cli


@models_cli.command("breach-risk")
@click.option("--min-cases", default=service.MIN_CASES, show_default=True, help="refuse with fewer finished cases")
def breach_risk(min_cases: int):
    """Train the SLA breach-risk model, print its measures on the latest cases and score every open case."""
    try:
        with transaction() as session:
            click.echo(service.describe(service.train(session, min_cases=min_cases)))
            click.echo(f"{service.score_open(session)} open cases scored")
    except AppError as refused:
        raise click.ClickException(refused.detail) from None
