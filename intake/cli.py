"""`flask intake mail-listener`: accept grievances mailed to the grievance address until interrupted."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from intake.mail_listener import start_listener

intake_cli = AppGroup("intake", help="Inbound channels (SMS, e-mail).")

DEFAULT_MAIL_PORT = 2525


@intake_cli.command("mail-listener")
@click.option("--host", default=None, help="address to listen on; default MAIL_LISTEN_HOST (127.0.0.1)")
@click.option("--port", default=None, type=int,
              help=f"port to listen on; default MAIL_LISTEN_PORT, else {DEFAULT_MAIL_PORT}")
def mail_listener(host: str | None, port: int | None) -> None:
    """Run the SMTP listener for the grievance address until Ctrl-C or SIGTERM."""
    app = current_app._get_current_object()
    settings = app.extensions["settings"]
    controller = start_listener(app, host=host, port=port or settings.mail_listen_port or DEFAULT_MAIL_PORT)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    click.echo(f"Accepting mail for {settings.grievance_mail_address} on {controller.hostname}:{controller.port}")
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    click.echo("Mail listener stopped")
