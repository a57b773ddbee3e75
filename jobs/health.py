"""Whether the background work is alive: each periodic job leaves a heartbeat, and /healthz reads them.

Heartbeats live in the database, so one web process can tell whether the embedded worker thread, or any of the
Celery workers and beat, is still sweeping timers and dispatching the outbox.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from core import clock
from core.db import Database
from jobs.models import WorkerHeartbeat
from notifications.queries import oldest_due_pending

OUTBOX_STUCK_AFTER = timedelta(minutes=10)  # an OTP must reach a person within minutes


def record_heartbeat(db: Database, job: str, *, error: BaseException | None = None) -> None:
    """Note that `job` ran (and whether it went through); never raises, since the job's own work is done."""
    now = clock.now()
    try:
        with db.transaction() as session:
            row = session.get(WorkerHeartbeat, job) or WorkerHeartbeat(job=job)
            row.last_run_at = now
            if error is None:
                row.last_ok_at, row.last_error = now, None
            else:
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
            session.add(row)
    except Exception:  # noqa: BLE001 - a heartbeat that cannot be written shows up as a stale one
        pass


def _age(then: datetime | None, now: datetime) -> float | None:
    return round((now - then).total_seconds(), 1) if then else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def health_report(session: Session, *, sweep_seconds: int) -> tuple[bool, dict]:
    """(healthy, report). Unhealthy when the sweep has not gone through for three intervals (at least three
    minutes), or a due message has waited in the outbox for ten minutes. Before the first sweep: "starting"."""
    now = clock.now()
    beats = {row.job: row for row in session.scalars(select(WorkerHeartbeat))}
    stale_after = timedelta(seconds=max(3 * sweep_seconds, 180))
    problems = []
    sweep = beats.get("sweep")
    if sweep is not None and (sweep.last_ok_at is None or now - sweep.last_ok_at > stale_after):
        problems.append(f"the timer sweep has not completed for more than {int(stale_after.total_seconds())} s")
    oldest = oldest_due_pending(session, now=now)
    if oldest is not None and now - oldest > OUTBOX_STUCK_AFTER:
        problems.append("messages have waited in the outbox for more than 10 minutes")
    report = {
        "status": "failing" if problems else ("starting" if sweep is None else "ok"),
        "problems": problems,
        "worker": {job: {"last_run_at": _iso(row.last_run_at), "last_ok_at": _iso(row.last_ok_at),
                         "seconds_since_ok": _age(row.last_ok_at, now), "failing": row.last_error is not None}
                   for job, row in sorted(beats.items())},
        "outbox": {"oldest_due_seconds": _age(oldest, now)},
        "open_incidents": engine.count_open(session),
    }
    return not problems, report
