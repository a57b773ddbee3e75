"""`flask serve`: the whole system on one machine: web server plus the embedded worker."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from jobs.embedded import EmbeddedWorker


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve the API with waitress and run timers and outbox dispatch in-process."""
    from waitress import serve as waitress_serve

    app = current_app._get_current_object()
    settings = app.extensions["settings"]
    worker = EmbeddedWorker(app, settings.timer_sweep_seconds).start()
    click.echo(f"Grievance system on http://{host}:{port}/  (API http://{host}:{port}/api/v1/openapi.json)")
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="grievance")
    finally:
        worker.stop()
