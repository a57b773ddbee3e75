"""Timer sweeps on real Celery workers sharing PostgreSQL: every due timer fires exactly once, even when
several workers sweep at once and when one is killed with SIGKILL mid-sweep."""
from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, func, select, text

import engine
from core import clock
from core.celery_app import make_celery
from core.db import transaction
from engine.models import ProcessInstance
from tests.fixtures.databases import backend
from tests.support.celery_workers import Workers, wait_until
from tests.support.diagrams import SLA_PROBE
from worklists.models import WorkItem

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="Celery workers need PostgreSQL (make test runs it)")

# Created long ago, so the 7-day timers are due by the workers' real clocks.
LONG_AGO = datetime(2020, 1, 6, 4, 30, tzinfo=UTC)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _renumbered(state: str, task_ids: set[str]) -> str:
    fresh = {old: str(uuid.uuid4()) for old in task_ids}
    return UUID.sub(lambda m: fresh.get(m.group(0), m.group(0)), state)


def make_due_instances(app, count: int) -> None:
    """One instance started by the engine, then `count - 1` copies of its waiting state, each with task ids
    of its own (as if started separately; starting 5,000 through the engine would take most of a minute)."""
    with clock.frozen(LONG_AGO), app.app_context(), transaction() as session:
        engine.deploy(session, process_id="sla_probe", files={"probe.bpmn": SLA_PROBE}, actor="test")
        first = session.get(ProcessInstance, engine.start(session, process_id="sla_probe", data={}, actor=None).id)
        task_ids = set(UUID.findall(first.state))
        copies = [{"state": _renumbered(first.state, task_ids)} for _ in range(count - 1)]
        session.execute(text("""
            INSERT INTO process_instance (process_model_id, status, state, serializer_version, next_timer_at,
                timer_failures, lock_version, created_at, updated_at)
            SELECT process_model_id, status, :state, serializer_version, next_timer_at, 0, 1, created_at, updated_at
            FROM process_instance WHERE id = :first""").bindparams(
                bindparam("state", type_=ProcessInstance.state.type)), [{**c, "first": first.id} for c in copies])


def outcome(app) -> dict:
    with app.app_context(), transaction(readonly=True) as session:
        escalations = session.execute(select(WorkItem.instance_id, func.count()).where(
            WorkItem.element_id == "escalate").group_by(WorkItem.instance_id)).all()
        waiting = session.scalar(select(func.count()).select_from(ProcessInstance).where(
            ProcessInstance.next_timer_at.is_not(None)))
    return {"instances_escalated": len(escalations), "max_per_instance": max((n for _i, n in escalations), default=0),
            "still_waiting": waiting}


@pytest.fixture
def workers(app, tmp_path):
    pool = Workers(app.extensions["settings"].database_url, tmp_path)
    yield pool
    pool.stop()


@pytest.fixture
def celery(app, workers):
    return make_celery(app.extensions["settings"].with_(celery_broker_url=workers.broker, celery_queue=workers.queue))


def test_four_workers_sweep_5000_due_timers_each_fires_once(app, workers, celery):
    make_due_instances(app, 5000)
    workers.start(4)
    workers.send(celery, "jobs.sweep_timers")  # fans out to the other workers: 5000 due > one batch
    try:
        wait_until(lambda: outcome(app)["still_waiting"] == 0, 240, "every timer to fire")
    except AssertionError:
        pytest.fail(f"{outcome(app)}\n{workers.logs()}")
    assert outcome(app) == {"instances_escalated": 5000, "max_per_instance": 1, "still_waiting": 0}
    busy = [log for log in workers.log_dir.glob("worker*.log") if "jobs.sweep_timers" in log.read_text()]
    assert len(busy) >= 2, "the backlog was shared by several workers"


def test_a_worker_killed_mid_sweep_loses_nothing_and_fires_nothing_twice(app, workers, celery):
    make_due_instances(app, 3000)
    workers.start(1)
    workers.send(celery, "jobs.sweep_timers", fan_out=False)
    wait_until(lambda: outcome(app)["instances_escalated"] >= 200, 120, "the sweep to be under way")
    workers.kill(0)
    interrupted = outcome(app)
    assert 0 < interrupted["instances_escalated"] < 3000
    workers.start(1)
    workers.send(celery, "jobs.sweep_timers", fan_out=False)  # what beat sends every interval
    wait_until(lambda: outcome(app)["still_waiting"] == 0, 300, "the rest of the timers to fire")
    assert outcome(app) == {"instances_escalated": 3000, "max_per_instance": 1, "still_waiting": 0}
    with app.app_context(), transaction() as session:
        # No row is left locked by the killed worker: taking every lock without waiting succeeds.
        session.execute(text("SELECT id FROM process_instance FOR UPDATE NOWAIT")).all()
