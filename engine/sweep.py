"""The timer sweep: fire every timer due by the app clock, one instance per transaction, none skipped."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from core import clock
from core.db import Database, lock_for_update
from engine import runtime
from engine.models import InstanceStatus, ProcessInstance

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
PARKED = -1  # what `_fire_one` says when the model failed and the instance became an incident


@dataclass
class SweepResult:
    instances: int = 0
    timers_fired: int = 0
    failures: int = 0
    incidents: int = 0


def _due_ids(db: Database, now, batch: int, skip: set[int]) -> list[int]:
    with db.transaction(readonly=True) as session:
        # Strictly earlier than now: SpiffWorkflow fires a timer only when its due time is < now.
        stmt = (select(ProcessInstance.id)
                .where(ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_at < now,
                       ProcessInstance.id.not_in(skip) if skip else True)
                .order_by(ProcessInstance.next_timer_at).limit(batch))
        return list(session.scalars(stmt))


def fire_due_timers(db: Database, *, batch: int = 200) -> SweepResult:
    """Fire all timers due by `clock.now()`. Safe to run in several workers at once (row locks on PostgreSQL,
    one writer on SQLite, optimistic version checks on both)."""
    now = clock.now()
    result = SweepResult()
    failed: set[int] = set()
    while ids := _due_ids(db, now, batch, failed):
        for instance_id in ids:
            try:
                fired = _fire_one(db, instance_id, now)
            except Exception as exc:  # one instance that cannot be loaded or saved must not stop the others
                _record_failure(db, instance_id, exc, now)
                failed.add(instance_id)
                result.failures += 1
                continue
            if fired == PARKED:
                result.incidents += 1
            elif fired is not None:
                result.instances += 1
                result.timers_fired += fired
    if result.instances or result.failures or result.incidents:
        logger.info("timer sweep at %s: %s timers fired on %s instances, %s failures, %s new incidents",
                    now.isoformat(), result.timers_fired, result.instances, result.failures, result.incidents)
    return result


def _fire_one(db: Database, instance_id: int, now) -> int | None:
    with db.transaction() as session:
        stmt = select(ProcessInstance).where(ProcessInstance.id == instance_id, ProcessInstance.next_timer_at < now)
        row = session.scalar(lock_for_update(stmt, session, skip_locked=True))
        if row is None:
            return None  # another worker has it, or it already fired
        fired = runtime.fire_timers(session, instance_id=instance_id)
        if row.status == InstanceStatus.INCIDENT:
            return PARKED  # the model failed: parked as an incident, its timers wait for the retry
        if row.next_timer_at is not None and row.next_timer_at < now and fired == 0:
            raise RuntimeError(f"timer due at {row.next_timer_at.isoformat()} did not fire")
        row.timer_failures = 0
        row.last_error = None
        return fired


def _record_failure(db: Database, instance_id: int, exc: Exception, now) -> None:
    """Keep the timer due, retry later with backoff, and make the failure visible."""
    logger.error("timer sweep failed on instance %s: %s", instance_id, exc, exc_info=exc)
    with db.transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        if row is None:
            return
        delay = min(timedelta(minutes=2 ** min(row.timer_failures, 10)), MAX_BACKOFF)
        session.execute(update(ProcessInstance).where(ProcessInstance.id == instance_id).values(
            timer_failures=ProcessInstance.timer_failures + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_timer_at=now + delay, lock_version=ProcessInstance.lock_version + 1))
