"""`flask serve`: the whole system on one machine: web server plus the embedded worker."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from intake.mail_listener import start_listener
from jobs.embedded import EmbeddedWorker


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve the API with waitress and run timers and outbox dispatch in-process; with MAIL_LISTEN_PORT set,
    also accept grievances by e-mail on MAIL_LISTEN_HOST:MAIL_LISTEN_PORT."""
    from waitress import serve as waitress_serve

    app = current_app._get_current_object()
    settings = app.extensions["settings"]
    mail = start_listener(app) if settings.mail_listen_port else None
    worker = EmbeddedWorker(app, settings.timer_sweep_seconds).start()
    click.echo(f"Grievance system on http://{host}:{port}/  (API http://{host}:{port}/api/v1/openapi.json)")
    if mail:
        click.echo(f"Accepting mail for {settings.grievance_mail_address} on {mail.hostname}:{mail.port}")
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="grievance")
    finally:
        if mail:
            mail.stop()
        worker.stop()
