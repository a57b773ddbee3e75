"""The periodic jobs, each a thin call into its domain; every runner (thread, CLI, Celery) uses these."""
from __future__ import annotations

import logging

from flask import Flask

import engine
from jobs.health import record_heartbeat
from notifications.senders import senders_for
from notifications.service import dispatch_pending

logger = logging.getLogger(__name__)


def with_heartbeat(app: Flask, job: str, work):
    """Run `work()` and leave a heartbeat saying whether it went through (the error is re-raised)."""
    try:
        result = work()
    except BaseException as exc:
        record_heartbeat(app.extensions["db"], job, error=exc)
        raise
    record_heartbeat(app.extensions["db"], job)
    return result


def sweep_timers(app: Flask) -> engine.SweepResult:
    with app.app_context():
        settings = app.extensions["settings"]
        return with_heartbeat(app, "sweep", lambda: engine.fire_due_timers(app.extensions["db"],
                                                                             batch=settings.timer_batch_size))


def daily_synopsis(app: Flask) -> int:
    """After the synopsis hour (India time), queue today's synopsis SMS; a no-op once it is queued."""
    from case_api.notices import send_daily_synopsis, synopsis_due
    from core import clock

    now = clock.now()
    if not synopsis_due(now, app.extensions["settings"].synopsis_hour_ist):
        return 0
    with app.app_context(), app.extensions["db"].transaction() as session:
        return send_daily_synopsis(session, now=now)


def purge_unused_uploads(app: Flask) -> int:
    """Uploads nobody cited within a day (an abandoned lodging form) are deleted, rows and files."""
    from datetime import timedelta

    from attachments.service import purge_unlinked
    from core import clock

    with app.app_context(), app.extensions["db"].transaction() as session:
        return purge_unlinked(session, before=clock.now() - timedelta(days=1),
                              root=app.extensions["settings"].attachments_dir)


def compact_finished_instances(app: Flask) -> int:
    """Finished process instances still saved whole keep their path only, a batch at a time."""
    import engine

    with app.app_context(), app.extensions["db"].transaction() as session:
        return engine.compact_finished(session)


def dispatch_outbox(app: Flask) -> int:
    with app.app_context():
        if "senders" not in app.extensions:
            app.extensions["senders"] = senders_for(app.extensions["settings"])
        return with_heartbeat(app, "outbox", lambda: dispatch_pending(app.extensions["db"],
                                                                        senders=app.extensions["senders"]))


def train_text_models(app: Flask) -> bool:
    """Retrain the category model once the newest is a week old (or there is none) and enough cases exist; a no-op
    otherwise. Returns whether it trained."""
    from datetime import timedelta

    from core import clock
    from core.errors import AppError
    from text_models import service

    with app.app_context(), app.extensions["db"].transaction() as session:
        if service.trained_recently(session, clock.now() - timedelta(days=service.RETRAIN_DAYS)):
            return False
        try:
            service.train_category(session)
        except AppError:  # too few cases yet: the next run tries again
            return False
    return True


def refresh_breach_risk(app: Flask) -> int:
    """Retrain the breach-risk model once the newest is a week old (when enough finished cases exist), then score
    every open case with the newest model. Returns how many cases were scored."""
    from datetime import timedelta

    from breach_risk import service
    from core import clock
    from core.errors import AppError
    from text_models.service import trained_recently

    with app.app_context(), app.extensions["db"].transaction() as session:
        if not trained_recently(session, clock.now() - timedelta(days=7), kind=service.KIND):
            try:
                service.train(session)
            except AppError:  # too few finished cases yet: scores stay empty until there are
                pass
    return with_heartbeat(app, "breach_risk", lambda: _score(app))


def _score(app: Flask) -> int:
    from breach_risk import service

    with app.app_context(), app.extensions["db"].transaction() as session:
        return service.score_open(session)


def detect_mass_grievances(app: Flask) -> int:
    """Propose new mass grievances to the CMO cell (hourly)."""
    from mass_grievances import service

    with app.app_context(), app.extensions["db"].transaction() as session:
        return len(service.detect(session))


def follow_mass_parents(app: Flask) -> int:
    """Carry accepted mass grievances' parent ATRs to their members (every sweep)."""
    from mass_grievances import service

    with app.app_context(), app.extensions["db"].transaction() as session:
        return service.follow_parents(session)


def learn(app: Flask) -> None:
    """The slow jobs that learn from the cases (the embedded worker runs them on a thread of their own)."""
    train_text_models(app)
    refresh_breach_risk(app)
    detect_mass_grievances(app)
