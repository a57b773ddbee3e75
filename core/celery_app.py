"""The Celery application of a distributed deployment (CELERY_BROKER_URL set).

Long SLAs never live in Celery: the database is the timer store and beat only triggers short sweeps
(research/performance-reliability.md 2.2). Tasks are idempotent and acknowledged late, so a worker killed
mid-task loses nothing: the row locks it held die with its connection and the next sweep redoes the work.
"""
from __future__ import annotations

from celery import Celery

from core.config import Settings


def make_celery(settings: Settings) -> Celery:
    celery = Celery("grievance", broker=settings.celery_broker_url, include=["jobs.tasks"])
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_time_limit=600,
        task_soft_time_limit=540,
        broker_transport_options={"visibility_timeout": 900},
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.celery_queue,
        timezone="UTC",
        beat_schedule={
            "sweep-timers": {"task": "jobs.sweep_timers", "schedule": float(settings.timer_sweep_seconds)},
            "dispatch-outbox": {"task": "jobs.dispatch_outbox", "schedule": 5.0},
            "daily-synopsis": {"task": "jobs.daily_synopsis", "schedule": 900.0},
            "purge-unused-uploads": {"task": "jobs.purge_unused_uploads", "schedule": 3600.0},
            "compact-finished-instances": {"task": "jobs.compact_finished_instances", "schedule": 600.0},
            "train-text-models": {"task": "jobs.train_text_models", "schedule": 3600.0},
            "refresh-breach-risk": {"task": "jobs.refresh_breach_risk", "schedule": 3600.0},
            "detect-mass-grievances": {"task": "jobs.detect_mass_grievances", "schedule": 3600.0},
            "follow-mass-parents": {"task": "jobs.follow_mass_parents",
                                    "schedule": float(settings.timer_sweep_seconds)},
        },
    )
    return celery
