"""Benchmark: one timer sweep over 100,000 open instances of which 10,000 are due, on SQLite.

Usage: .venv/bin/python bench/sweep.py [--open 100000] [--due 10000]
One instance of a small diagram (a user task with a 7-day boundary timer that opens an escalation task) is
started by the engine; its waiting state is copied into the other rows, each due copy with task ids of its own.
The sweep then loads, fires, runs and saves every due instance (engine, work-item projection, one transaction
per instance, synchronous=FULL). Results: bench/results/sweep.json.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import bindparam, func, select, text  # noqa: E402

import engine  # noqa: E402
from app import create_app  # noqa: E402
from core import clock  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from engine.models import ProcessInstance  # noqa: E402
from migrations import upgrade  # noqa: E402
from tests.support.diagrams import SLA_PROBE  # noqa: E402
from worklists.models import WorkItem  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "sweep.json"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
T0 = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def renumbered(state: str) -> str:
    fresh: dict[str, str] = {}
    return UUID.sub(lambda m: fresh.setdefault(m.group(0), str(uuid.uuid4())), state)


def populate(app, open_count: int, due_count: int) -> None:
    with clock.frozen(T0), app.app_context(), transaction() as session:
        engine.deploy(session, process_id="sla_probe", files={"probe.bpmn": SLA_PROBE}, actor="bench")
        first = session.get(ProcessInstance, engine.start(session, process_id="sla_probe", data={}, actor=None).id)
        state, model_id = first.state, first.process_model_id
        later = (T0 + timedelta(days=30)).replace(tzinfo=None)
        rows = []
        for i in range(open_count - 1):
            due = i < due_count - 1
            rows.append({"state": renumbered(state) if due else state, "due": first.next_timer_at.replace(
                tzinfo=None) if due else later})
        session.execute(text("""
            INSERT INTO process_instance (process_model_id, status, state, serializer_version, next_timer_at,
                timer_failures, lock_version, created_at, updated_at)
            VALUES (:model, 'running', :state, :version, :due, 0, 1, :t0, :t0)""").bindparams(
                bindparam("state", type_=ProcessInstance.state.type)),
            [{**r, "model": model_id, "version": first.serializer_version, "t0": T0.replace(tzinfo=None)}
             for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/sweep.db"
        upgrade(url)
        app = create_app(Settings(database_url=url, secret_key="bench"))
        started = time.perf_counter()
        populate(app, args.open, args.due)
        populate_s = time.perf_counter() - started
        now = T0 + timedelta(days=7, seconds=1)
        with app.app_context(), transaction(readonly=True) as session:
            q0 = time.perf_counter()
            due_now = session.scalar(select(func.count()).select_from(ProcessInstance).where(
                ProcessInstance.next_timer_at < now))
            query_ms = (time.perf_counter() - q0) * 1000
            plan = " / ".join(str(r[-1]) for r in session.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM process_instance WHERE status = 'running' AND "
                "next_timer_at < :now ORDER BY next_timer_at LIMIT 200"), {"now": now.replace(tzinfo=None)}))
        with clock.frozen(now), app.app_context():
            s0 = time.perf_counter()
            result = engine.fire_due_timers(app.extensions["db"], batch=200)
            sweep_s = time.perf_counter() - s0
        with app.app_context(), transaction(readonly=True) as session:
            escalations = session.scalar(select(func.count()).select_from(WorkItem).where(
                WorkItem.element_id == "escalate"))
        report = {"open_instances": args.open, "due": due_now, "timers_fired": result.timers_fired,
                  "escalation_tasks_created": escalations, "failures": result.failures,
                  "sweep_seconds": round(sweep_s, 1), "timers_per_second": round(result.timers_fired / sweep_s, 1),
                  "due_count_query_ms": round(query_ms, 1), "due_query_plan": plan,
                  "populate_seconds": round(populate_s, 1), "database": "sqlite (WAL, synchronous=FULL)"}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
