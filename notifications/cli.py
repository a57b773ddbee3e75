"""`flask outbox dispatch`: send what is due in the outbox once (the worker does this every few seconds)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from core.db import get_db
from notifications.senders import senders_for
from notifications.service import dispatch_pending

outbox_cli = AppGroup("outbox", help="Outgoing SMS and e-mail.")


@outbox_cli.command("dispatch")
@click.option("--batch", default=500, show_default=True)
def dispatch(batch: int) -> None:
    """Deliver every message due now."""
    sent = dispatch_pending(get_db(), senders=senders_for(current_app.extensions["settings"]), batch=batch)
    click.echo(f"{sent} messages sent")
