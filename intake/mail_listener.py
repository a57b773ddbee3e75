"""The SMTP listener for the grievance address: aiosmtpd hands every accepted mail to `receive_mail`."""
from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from flask import Flask

from core.db import transaction
from intake.mail import MAX_MAIL_BYTES, receive_mail

logger = logging.getLogger(__name__)

MAILBOX_UNAVAILABLE = "550 5.1.1 mailbox unavailable"
TRY_AGAIN_LATER = "451 4.3.0 Temporary failure, please try again later"


class GrievanceMailHandler:
    """Accepts mail for the one grievance address; a mail is acknowledged (250) only once it is stored."""

    def __init__(self, app: Flask):
        self.app = app
        self.address = app.extensions["settings"].grievance_mail_address.strip().lower()

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options) -> str:  # noqa: N802
        if address.strip().lower() != self.address:
            return MAILBOX_UNAVAILABLE
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        try:
            # The database work runs off the event loop, so one slow commit does not stall other senders.
            await asyncio.get_running_loop().run_in_executor(None, self.store, raw)
        except Exception:  # never lose a mail: a 4xx makes the sending server try again later
            logger.exception("inbound mail not stored; the sender was asked to retry")
            return TRY_AGAIN_LATER
        return "250 OK"

    def store(self, raw: bytes) -> dict:
        with self.app.app_context(), transaction() as session:
            result = receive_mail(session, raw=raw)
        logger.info("inbound mail %s%s", result["outcome"], f" as {result['reg_no']}" if result["reg_no"] else "")
        return result


def start_listener(app: Flask, *, host: str | None = None, port: int | None = None) -> Controller:
    """Start accepting mail (in a background thread) on host:port, default the settings'; returns the
    running controller, whose `stop()` ends it. Mail over MAX_MAIL_BYTES is refused with 552."""
    settings = app.extensions["settings"]
    # aiosmtpd logs every envelope sender and recipient at INFO: personal data, kept out of our logs.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    port = port if port is not None else settings.mail_listen_port
    if port is None:
        raise ValueError("no port for the mail listener: pass one or set MAIL_LISTEN_PORT")
    controller = Controller(GrievanceMailHandler(app), hostname=host or settings.mail_listen_host, port=port,
                            data_size_limit=MAX_MAIL_BYTES, ident="CM's Office grievance intake")
    controller.start()
    logger.info("mail listener on %s:%s", controller.hostname, controller.port)
    return controller
