"""The periodic jobs, each a thin call into its domain; every runner (thread, CLI, Celery) uses these."""
from __future__ import annotations

import logging

from flask import Flask

import engine
from notifications.service import dispatch_pending

logger = logging.getLogger(__name__)


def sweep_timers(app: Flask) -> engine.SweepResult:
    with app.app_context():
        settings = app.extensions["settings"]
        return engine.fire_due_timers(app.extensions["db"], batch=settings.timer_batch_size)


def dispatch_outbox(app: Flask) -> int:
    with app.app_context():
        return dispatch_pending(app.extensions["db"])
