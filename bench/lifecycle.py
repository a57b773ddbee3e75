"""Benchmark: time and SQL statements per request to lodge a grievance and to complete a task through the API, the
same against a raw SpiffWorkflow baseline measured in the same run, and the serialized size of a process instance at
each stage. Results go to bench/results/lifecycle.json (or lifecycle-<backend>.json for PostgreSQL).

Usage: .venv/bin/python bench/lifecycle.py [--cases 200] [--backend sqlite|postgresql]
Requests go through Flask's WSGI stack in-process (routing, auth, validation, engine, the database), so the figures
exclude only the network hop. Statements are every cursor execution of a request (a SQLAlchemy
before_cursor_execute listener), authentication and, on SQLite, the BEGIN the app issues itself included.

The raw baseline is what the engine alone costs for the same work: the model parsed once; per lodge a workflow
created, run to the Action Taken Report task, serialized and stored with one INSERT and a commit; per completion the
stored state read, deserialized, the task completed, the workflow run on, serialized and stored with one UPDATE.
Its script helpers answer from memory instead of the database. It serializes as the app does (the spec referenced, not
written into each state: engine/store.py), so the baseline is the smaller of the two and the ratio not flattered.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: E402  (the raw baseline; the app reaches it only via engine/)
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402
from sqlalchemy import event, select, text  # noqa: E402

from app import create_app  # noqa: E402
from bootstrap.seed import seed_base, seed_demo_users  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from engine.definitions import parse_model, read_model_folder  # noqa: E402
from engine.models import ProcessInstance  # noqa: E402
from engine.store import SERIALIZER, specs_in_scope  # noqa: E402
from migrations import upgrade  # noqa: E402
from tests.support.api import Api  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ATR_FORM = {"action_taken": "Ration card issued to the complainant.", "outcome": "redressed"}
VERIFY_FORM = {"call_result": "reached_satisfied", "decision": "close"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2)}


class StatementCounter:
    """Counts the statements the app's database engine executes while `counting` is on: all of them, and those of
    the unit of work (every transaction but the read-only ones, i.e. without authenticating the caller)."""

    def __init__(self, engine):
        self.count = self.unit = 0
        self.counting = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, *_args) -> None:
        if self.counting:
            self.count += 1
            self.unit += not conn.get_execution_options().get("readonly", False)

    def measure(self, fn, *args, **kwargs):
        """(seconds, (statements, of which in the unit of work), response) of one call."""
        self.count = self.unit = 0
        self.counting = True
        start = time.perf_counter()
        try:
            response = fn(*args, **kwargs)
        finally:
            self.counting = False
        elapsed = time.perf_counter() - start
        assert response.status_code in (200, 201), response.get_json()
        return elapsed, (self.count, self.unit), response


def instance_sizes(app, *, stored: bool = False) -> list[int]:
    """Each instance's state: its JSON text's bytes, or (`stored`) the bytes its row holds (compressed, 0034)."""
    with app.app_context(), transaction(readonly=True) as session:
        if stored:
            return list(session.scalars(text("SELECT length(state) FROM process_instance")))
        return [len(state.encode()) for state in session.scalars(select(ProcessInstance.state))]


def history_per_case(app, cases: int) -> dict:
    """History rows per case and their bytes (every text column, and the 32-byte hash), once every case is closed."""
    with app.app_context(), transaction(readonly=True) as session:
        rows, size = session.execute(text(
            "SELECT count(*), sum(length(event_type) + length(actor_role) + length(actor_name) + length(data) "
            "+ coalesce(length(CAST(task_id AS TEXT)), 0) + coalesce(length(element_id), 0) "
            "+ coalesce(length(title), 0) + length(hash)) FROM case_event")).one()
    return {"rows": round(rows / cases, 1), "text_bytes": round(size / cases)}


def drain(api: Api, counter: StatementCounter, token: str, task: str, form: dict,
          beside=None) -> tuple[list, list, list]:
    """Complete every open `task` in the worklist, page by page; returns each completion's time and statements, and
    the times of `beside()` (the raw baseline's completion), run right after each so both meet the same load."""
    times, statements, raw = [], [], []
    while items := api.worklist(token, task=task, page_size=100):
        for item in items:
            api.post(f"/tasks/{item['task_id']}/claim", token)  # only the holder completes; not part of the timing
            elapsed, count, _ = counter.measure(api.post, f"/tasks/{item['task_id']}/complete", token,
                                                json={"data": form})
            times.append(elapsed)
            statements.append(count)
            if beside:
                raw.append(beside())
    return times, statements, raw


def seeded_app(folder: str, url: str | None = None):
    """An app on a fresh database (SQLite in `folder` unless `url`): migrated, master data and demo accounts."""
    url = url or f"sqlite:///{folder}/bench.db"
    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key="bench"))
    with app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    return app


class RawBaseline:
    """SpiffWorkflow on its own, with the app's serializer format and one row write per request."""

    def __init__(self, db):
        parsed = parse_model("grievance", read_model_folder(ROOT / "bpmn" / "grievance"))
        self.spec, self.subprocess_specs = parsed.spec, parsed.subprocess_specs
        self.specs = {self.spec.name: self.spec, **self.subprocess_specs}
        self.script_engine = PythonScriptEngine(environment=TaskDataEnvironment(self._helpers()))
        self.db = db
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE bench_raw_instance (id INTEGER PRIMARY KEY, state TEXT NOT NULL)"))
        self.next_id = 0

    @staticmethod
    def _helpers() -> dict:
        def due(*_args, **_kwargs) -> str:
            return (datetime.now(UTC) + timedelta(days=7)).isoformat()
        return {"find_office": lambda *a, **k: "FOOD-PUR", "sla_due": due, "sla_reminder": due,
                "sla_escalation": due, "sla_now": lambda: datetime.now(UTC).isoformat(), "sla_shift": due,
                "sla_clarification_due": due, "sla_appeal_due": due}

    def lodge(self, data: dict) -> float:
        start = time.perf_counter()
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=self.script_engine)
        workflow.get_next_task(state=TaskState.READY).data.update(data)
        workflow.do_engine_steps()
        assert workflow.get_tasks(state=TaskState.READY, manual=True), "the raw run did not reach the ATR task"
        state = SERIALIZER.serialize_json(workflow)
        self.next_id += 1
        with self.db.engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_raw_instance (id, state) VALUES (:id, :state)"),
                         {"id": self.next_id, "state": state})
        return time.perf_counter() - start

    def complete(self, instance_id: int, form: dict) -> float:
        start = time.perf_counter()
        with self.db.engine.begin() as conn:
            state = conn.scalar(text("SELECT state FROM bench_raw_instance WHERE id = :id"), {"id": instance_id})
            with specs_in_scope(self.specs):
                workflow = SERIALIZER.deserialize_json(state)
            workflow.script_engine = self.script_engine
            task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
            task.data.update(form)
            task.run()
            workflow.do_engine_steps()
            conn.execute(text("UPDATE bench_raw_instance SET state = :state WHERE id = :id"),
                         {"id": instance_id, "state": SERIALIZER.serialize_json(workflow)})
        return time.perf_counter() - start


RAW_DATA = {"grievance_id": 1, "reg_no": "CMO/2026/000001", "category": "FOOD_RATION_CARD",
            "category_department": "FOOD", "category_priority": "normal", "is_emergency": False,
            "district": "PUR", "subdivision": None, "channel": "call_centre"}


def statements(counts: list[tuple[int, int]]) -> dict:
    """Median and max statements per request, and of the unit of work (the request without authentication)."""
    total, unit = [c[0] for c in counts], [c[1] for c in counts]
    return {"per_request": {"median": statistics.median(total), "max": max(total)},
            "unit_of_work": {"median": statistics.median(unit), "max": max(unit)}}


def run(app, cases: int) -> dict:
    api = Api(app)
    counter = StatementCounter(app.extensions["db"].engine)
    operator, nodal, cmo = api.login("operator"), api.login("nodal.food.pur"), api.login("cmo.cell")
    # The raw baseline runs interleaved with the app's requests (one after each), so on a shared machine both meet
    # the same load and the ratio stays meaningful.
    raw = RawBaseline(app.extensions["db"])
    lodge, lodge_statements, raw_lodge = [], [], []
    for i in range(cases):
        elapsed, count, _ = counter.measure(api.lodge, operator, mobile=f"98300{i:05d}")
        lodge.append(elapsed)
        lodge_statements.append(count)
        raw_lodge.append(raw.lodge(RAW_DATA))
    size_open = statistics.median(instance_sizes(app))
    stored_open = statistics.median(instance_sizes(app, stored=True))
    raw_ids = iter(range(1, cases + 1))
    complete, complete_statements, raw_complete = drain(api, counter, nodal, "Task_submit_atr", ATR_FORM,
                                                        beside=lambda: raw.complete(next(raw_ids), ATR_FORM))
    size_after_atr = statistics.median(instance_sizes(app))
    verify, verify_statements, _ = drain(api, counter, cmo, "Task_verify", VERIFY_FORM)
    size_closed = max(instance_sizes(app))
    stored_closed = max(instance_sizes(app, stored=True))
    history = history_per_case(app, cases)
    baseline = {"lodge": summary(raw_lodge), "complete_task": summary(raw_complete)}
    lodge_summary, atr_summary = summary(lodge), summary(complete)
    return {
        "lodge": {**lodge_summary, "statements": statements(lodge_statements)},
        "complete_task": {**summary(complete + verify), "statements": statements(complete_statements
                                                                                 + verify_statements)},
        "complete_atr": {**atr_summary, "statements": statements(complete_statements)},
        "raw_spiffworkflow": baseline,
        "ratio_to_raw": {
            "lodge": round(lodge_summary["median_ms"] / baseline["lodge"]["median_ms"], 2),
            "complete_atr": round(atr_summary["median_ms"] / baseline["complete_task"]["median_ms"], 2)},
        "instance_bytes": {"at_atr": size_open, "after_atr": size_after_atr, "closed_max": size_closed},
        "instance_stored_bytes": {"at_atr": stored_open, "closed_max": stored_closed},
        "history_per_closed_case": history,
        "cases": cases,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "postgresql":
            from tests.fixtures.databases import PostgresDatabases

            server = PostgresDatabases()
            try:
                app = seeded_app(tmp, server.new_empty())
                result = {**run(app, args.cases), "database": "postgresql"}
                app.extensions["db"].dispose()
            finally:
                server.close()
        else:
            app = seeded_app(tmp)
            result = {**run(app, args.cases), "database": "sqlite (WAL, synchronous=FULL)"}
            app.extensions["db"].dispose()
    RESULTS.mkdir(exist_ok=True)
    name = "lifecycle.json" if args.backend == "sqlite" else f"lifecycle-{args.backend}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
