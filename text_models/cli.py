"""`flask models train`: fit the text models on the grievances lodged so far and store them."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from core.db import transaction
from core.errors import AppError
from text_models import service

models_cli = AppGroup("models", help="Text models trained on the grievances.")


@models_cli.command("train")
@click.option("--min-cases", default=service.MIN_CASES, show_default=True, help="refuse with fewer cases")
def train(min_cases: int):
    """Train the category model and print its accuracy on held-out cases."""
    try:
        with transaction() as session:
            model = service.train_category(session, min_cases=min_cases)
            click.echo(service.describe(model))
    except AppError as refused:
        raise click.ClickException(refused.detail) from None
