"""Benchmark: median time to lodge a grievance and to complete a task through the API on SQLite, and the
serialized size of a process instance at each stage. Results go to bench/results/lifecycle.json.

Usage: .venv/bin/python bench/lifecycle.py [--cases 200]
Requests go through Flask's WSGI stack in-process (routing, auth, validation, engine, SQLite with
synchronous=FULL), so the figures exclude only the network hop.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from bootstrap.seed import seed_base, seed_demo_users  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from engine.models import ProcessInstance  # noqa: E402
from migrations import upgrade  # noqa: E402
from tests.support.api import Api  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "lifecycle.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2)}


def instance_sizes(app) -> list[int]:
    with app.app_context(), transaction(readonly=True) as session:
        return [len(state.encode()) for state in session.scalars(select(ProcessInstance.state))]


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    response = fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 201), response.get_json()
    return elapsed, response


def drain(api: Api, token: str, task: str, form: dict) -> list[float]:
    """Complete every open `task` in the worklist, page by page; returns each completion's time."""
    times = []
    while items := api.worklist(token, task=task, page_size=100):
        for item in items:
            api.post(f"/tasks/{item['task_id']}/claim", token)  # only the holder completes; not part of the timing
            elapsed, _ = timed(api.post, f"/tasks/{item['task_id']}/complete", token, json={"data": form})
            times.append(elapsed)
    return times


def seeded_app(folder: str):
    """An app on a fresh SQLite file in `folder`: migrated, master data and demo accounts seeded."""
    url = f"sqlite:///{folder}/bench.db"
    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key="bench"))
    with app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = seeded_app(tmp)
        api = Api(app)
        operator, nodal, cmo = api.login("operator"), api.login("nodal.food.pur"), api.login("cmo.cell")
        lodge = []
        for i in range(args.cases):
            elapsed, _ = timed(api.lodge, operator, mobile=f"98300{i:05d}")
            lodge.append(elapsed)
        size_open = statistics.median(instance_sizes(app))
        atr_form = {"action_taken": "Ration card issued to the complainant.", "outcome": "redressed"}
        complete = drain(api, nodal, "Task_submit_atr", atr_form)
        size_after_atr = statistics.median(instance_sizes(app))
        complete += drain(api, cmo, "Task_verify", {"call_result": "reached_satisfied", "decision": "close"})
        size_closed = max(instance_sizes(app))
    result = {"lodge": summary(lodge), "complete_task": summary(complete),
              "instance_bytes": {"at_atr": size_open, "after_atr": size_after_atr, "closed_max": size_closed},
              "database": "sqlite (WAL, synchronous=FULL)", "cases": args.cases}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
