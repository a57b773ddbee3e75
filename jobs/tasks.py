"""Celery tasks: thin, idempotent calls into the periodic jobs."""
from __future__ import annotations

import logging

from celery import shared_task
from sqlalchemy import func, select

from engine.models import InstanceStatus, ProcessInstance
from jobs.periodic import compact_finished_instances as compact_finished_instances_job
from jobs.periodic import daily_synopsis as daily_synopsis_job
from jobs.periodic import detect_mass_grievances as detect_mass_grievances_job
from jobs.periodic import dispatch_outbox as dispatch_outbox_job
from jobs.periodic import follow_mass_parents as follow_mass_parents_job
from jobs.periodic import purge_unused_uploads as purge_unused_uploads_job
from jobs.periodic import refresh_breach_risk as refresh_breach_risk_job
from jobs.periodic import sweep_timers as sweep_timers_job
from jobs.periodic import train_text_models as train_text_models_job

logger = logging.getLogger(__name__)


def _flask_app(task):
    return task.app.flask_app


def _due_count(flask_app) -> int:
    from core import clock

    with flask_app.app_context(), flask_app.extensions["db"].transaction(readonly=True) as session:
        return session.scalar(select(func.count()).select_from(ProcessInstance).where(
            ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_at < clock.now()))


@shared_task(bind=True, name="jobs.sweep_timers")
def sweep_timers(self, fan_out: bool = True) -> int:
    """Fire due timers. A large backlog is shared: the first sweep asks more workers to join in; row locks
    (SKIP LOCKED) keep them from firing any timer twice."""
    flask_app = _flask_app(self)
    settings = flask_app.extensions["settings"]
    if fan_out:
        helpers = min(_due_count(flask_app) // settings.timer_batch_size, settings.sweep_parallelism - 1)
        for _ in range(helpers):
            sweep_timers.apply_async(kwargs={"fan_out": False})
    return sweep_timers_job(flask_app).timers_fired


@shared_task(bind=True, name="jobs.dispatch_outbox")
def dispatch_outbox(self) -> int:
    return dispatch_outbox_job(_flask_app(self))


@shared_task(bind=True, name="jobs.daily_synopsis")
def daily_synopsis(self) -> int:
    return daily_synopsis_job(_flask_app(self))


@shared_task(bind=True, name="jobs.purge_unused_uploads")
def purge_unused_uploads(self) -> int:
    return purge_unused_uploads_job(_flask_app(self))


@shared_task(bind=True, name="jobs.compact_finished_instances")
def compact_finished_instances(self) -> int:
    return compact_finished_instances_job(_flask_app(self))


@shared_task(bind=True, name="jobs.detect_mass_grievances")
def detect_mass_grievances(self) -> int:
    return detect_mass_grievances_job(_flask_app(self))


@shared_task(bind=True, name="jobs.follow_mass_parents")
def follow_mass_parents(self) -> int:
    return follow_mass_parents_job(_flask_app(self))


@shared_task(bind=True, name="jobs.refresh_breach_risk")
def refresh_breach_risk(self) -> int:
    return refresh_breach_risk_job(_flask_app(self))


@shared_task(bind=True, name="jobs.train_text_models")
def train_text_models(self) -> bool:
    return train_text_models_job(_flask_app(self))
