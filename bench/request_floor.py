"""Benchmark: the least a lodge and an ATR completion can cost on PostgreSQL in this design, against the raw
SpiffWorkflow baseline of bench/lifecycle.py measured in the same run (the 1x of the "2x the raw engine" target).

The floor adds to the raw engine's own work (its run and serialization; not its single INSERT or UPDATE and commit,
measured apart and taken off) the two costs no implementation of the request can avoid here:
- http: an authenticated request that does nothing: Flask, the bearer-token check and its one statement, a JSON
  answer (a route added for the bench only; no marshmallow, no flask-smorest).
- writes: the statements of a real request's unit of work (captured from SQLAlchemy) replayed on a bare psycopg
  connection, each statement prepared, in one transaction and with fresh ids and keys: what PostgreSQL itself spends
  on the rows the other targets ask for (the grievance with the indexes its searches and worklists need, its
  instance, history, work item, notifications, the summary counts updated in the same transaction). No ORM and no
  application code runs in it. Measured with and without the unit's reads (the duplicate check, the model's and
  the SLA policy's versions, the officers to tell).
Every part is measured interleaved with the others (one of each per case), so a shared machine's load meets all
alike. Results: bench/results/request_floor.json.

Usage: .venv/bin/python bench/request_floor.py [--cases 200]   (PostgreSQL: scripts/ensure_services.sh first)
       .venv/bin/python bench/request_floor.py --http-only 1500 [--backend sqlite]   (the token check alone)
"""
from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from flask import jsonify  # noqa: E402
from lifecycle import ATR_FORM, RAW_DATA, RESULTS, RawBaseline, seeded_app  # noqa: E402
from sqlalchemy import event, make_url, text  # noqa: E402

from accounts.auth import require_roles  # noqa: E402
from accounts.models import Role  # noqa: E402
from tests.fixtures.databases import PostgresDatabases  # noqa: E402
from tests.support.api import Api  # noqa: E402

FRESH_ID = 10_000_000  # ids replayed rows take (far above what the run makes)


class UnitCapture:
    """The statements (text, parameters, executemany) the app runs in its read-write transactions while `on`."""

    def __init__(self, engine):
        self.on, self.statements = False, []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, _cursor, statement, parameters, _context, executemany) -> None:
        if self.on and not conn.get_execution_options().get("readonly", False):
            self.statements.append((statement, copy.deepcopy(parameters), executemany))

    def of(self, fn):
        self.on, self.statements = True, []
        try:
            assert fn().status_code in (200, 201)
        finally:
            self.on = False
        return self.statements


class Replay:
    """A captured unit of work run again and again on a bare psycopg connection: rows get fresh ids and keys."""

    made = 0
    versions: dict[int, int] = {}  # an instance's version after the last write to it (each replay checks it)

    def __init__(self, url: str, statements: list, *, reads: bool = True):
        self.conn = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False),
                                    prepare_threshold=0)
        self.statements = [s for s in statements if reads or not s[0].lstrip().upper().startswith("SELECT")]
        self.runs = 0
        Replay.made += 1
        self.base = Replay.made * 100_000  # two replays of one unit never write the same key

    def _fresh(self, params: dict) -> dict:
        n, params = self.base + self.runs, dict(params)
        for key in ("id", "grievance_id", "instance_id"):
            if isinstance(params.get(key), int) and self.new_rows:
                params[key] = FRESH_ID + n
        if "seq" in params and not self.new_rows:  # history of an existing case: later links of its chain
            params["seq"] += 100 * (n + 1)
        if "reg_no" in params:
            params["reg_no"] = f"BENCH/{n:07d}"
        if "task_id" in params:
            params["task_id"] = str(uuid.uuid4())
        if "process_instance_lock_version" in params:  # the row's version check must hold, as the app's did
            row = params["process_instance_id"]
            now = Replay.versions.setdefault(row, params["lock_version"])
            params["process_instance_lock_version"], params["lock_version"] = now, now + 1
            Replay.versions[row] = now + 1
        if "idempotency_key" in params:
            params["idempotency_key"] = f"{params['idempotency_key']}/bench/{n}"
        return params

    @property
    def new_rows(self) -> bool:
        """Whether the unit makes a new case (a lodge): then every id is replaced, else rows of the case are kept."""
        return any(s[0].startswith("INSERT INTO grievance ") for s in self.statements)

    def __call__(self) -> float:
        start = time.perf_counter()
        with self.conn.transaction(), self.conn.cursor() as cur:
            for statement, params, many in self.statements:
                if many:
                    cur.executemany(statement, [self._fresh(p) for p in params])
                else:
                    cur.execute(statement, self._fresh(params), prepare=True)
        self.runs += 1
        return time.perf_counter() - start

    def close(self) -> None:
        self.conn.close()


def raw_store(app, state: str, *, update: bool):
    """The raw baseline's own database work (one INSERT, or a read and an UPDATE, and a commit) for a state of
    `state`'s size: taken off the raw time so that only the engine's work counts once."""
    ids = iter(range(FRESH_ID, FRESH_ID * 2))

    def store() -> float:
        start = time.perf_counter()
        with app.extensions["db"].engine.begin() as conn:
            if update:
                conn.scalar(text("SELECT state FROM bench_raw_instance WHERE id = 1"))
                conn.execute(text("UPDATE bench_raw_instance SET state = :state WHERE id = 1"), {"state": state})
            else:
                conn.execute(text("INSERT INTO bench_raw_instance (id, state) VALUES (:id, :state)"),
                             {"id": next(ids), "state": state})
        return time.perf_counter() - start
    return store


def add_noop_route(app) -> None:
    @require_roles(*Role)
    def noop():
        return jsonify({"ok": True})
    app.add_url_rule("/api/v1/_bench_noop", "bench_noop", noop, methods=["POST"])


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def report(parts: dict[str, list[float]]) -> dict:
    """Medians, each part as a multiple of the raw baseline, and the two floors."""
    raw = statistics.median(parts["raw"])
    engine = raw - statistics.median(parts["raw_store"])
    http, writes, writes_only = (statistics.median(parts[k]) for k in ("http", "writes", "writes_without_reads"))
    return {
        "median_ms": {k: ms(v) for k, v in parts.items()},
        "times_raw": {k: round(statistics.median(v) / raw, 2) for k, v in parts.items()},
        "floor_times_raw": round((engine + http + writes) / raw, 2),
        "floor_without_reads_times_raw": round((engine + http + writes_only) / raw, 2),
    }


def run(app, url: str, cases: int) -> dict:
    add_noop_route(app)
    api, capture = Api(app), UnitCapture(app.extensions["db"].engine)
    operator, nodal = api.login("operator"), api.login("nodal.food.pur")
    raw = RawBaseline(app.extensions["db"])

    def noop() -> float:
        start = time.perf_counter()
        assert api.post("/_bench_noop", operator, json={}).status_code == 200
        return time.perf_counter() - start

    def timed(fn) -> float:
        start = time.perf_counter()
        assert fn().status_code in (200, 201)
        return time.perf_counter() - start

    for i in range(20):  # warm: statement caches, prepared statements, the pool
        api.lodge(operator, mobile=f"98200{i:05d}")
        raw.lodge(RAW_DATA)
    lodge_unit = capture.of(lambda: api.lodge(operator, mobile="9829999999"))
    replays = [Replay(url, lodge_unit), Replay(url, lodge_unit, reads=False)]
    state = text("SELECT state FROM bench_raw_instance WHERE id = 1")
    with app.extensions["db"].engine.connect() as conn:
        raw_state = conn.scalar(state)
    store = raw_store(app, raw_state, update=False)
    lodge = {k: [] for k in ("app", "raw", "raw_store", "http", "writes", "writes_without_reads")}
    for i in range(cases):
        lodge["app"].append(timed(lambda i=i: api.lodge(operator, mobile=f"98300{i:05d}")))
        lodge["raw"].append(raw.lodge(RAW_DATA))
        lodge["raw_store"].append(store())
        lodge["http"].append(noop())
        lodge["writes"].append(replays[0]())
        lodge["writes_without_reads"].append(replays[1]())

    with app.extensions["db"].engine.connect() as conn:  # the app's cases, not the replays' rows
        tasks = list(conn.scalars(text("SELECT CAST(task_id AS TEXT) FROM work_item WHERE reg_no LIKE 'CMO/%' "
                                       "AND element_id = 'Task_submit_atr' AND status = 'open' ORDER BY id")))

    def completion(task_id: str):
        """The task claimed (only its holder completes it; not measured), and its completion to call."""
        api.post(f"/tasks/{task_id}/claim", nodal)
        return lambda: api.post(f"/tasks/{task_id}/complete", nodal, json={"data": ATR_FORM})
    atr_unit = capture.of(completion(tasks.pop()))
    replays += [Replay(url, atr_unit), Replay(url, atr_unit, reads=False)]
    store = raw_store(app, raw_state, update=True)
    atr = {k: [] for k in lodge}
    raw_ids = iter(range(2, cases + 2))
    for task_id in tasks[:cases]:
        atr["app"].append(timed(completion(task_id)))
        atr["raw"].append(raw.complete(next(raw_ids), ATR_FORM))
        atr["raw_store"].append(store())
        atr["http"].append(noop())
        atr["writes"].append(replays[2]())
        atr["writes_without_reads"].append(replays[3]())
    for replay in replays:
        replay.close()
    return {"lodge": report(lodge), "complete_atr": report(atr),
            "statements_replayed": {"lodge": len(lodge_unit), "complete_atr": len(atr_unit)}, "cases": cases}


def http_only(requests: int, backend: str) -> None:
    """Only the authenticated request doing nothing, `requests` times on `backend` (the first fifth warms up):
    printed, not written (to compare the token check of two checkouts, run each in turn)."""
    with tempfile.TemporaryDirectory() as tmp:
        server = PostgresDatabases() if backend == "postgresql" else None
        app = seeded_app(tmp, server.new_empty() if server else None)
        add_noop_route(app)
        api = Api(app)
        token, times = api.login("nodal.food.pur"), []
        for _ in range(requests):
            start = time.perf_counter()
            assert api.post("/_bench_noop", token, json={}).status_code == 200
            times.append(time.perf_counter() - start)
        print(json.dumps({"backend": backend, "requests": requests, "median_ms": ms(times[requests // 5:])}))
        app.extensions["db"].dispose()
        if server:
            server.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--http-only", type=int, metavar="REQUESTS",
                        help="only time the authenticated request doing nothing, this many times")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql",
                        help="for --http-only (the floor itself is measured on PostgreSQL)")
    args = parser.parse_args()
    if args.http_only:
        return http_only(args.http_only, args.backend)
    server = PostgresDatabases()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = server.new_empty()
            app = seeded_app(tmp, url)
            result = {**run(app, url, args.cases), "database": "postgresql"}
            app.extensions["db"].dispose()
    finally:
        server.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "request_floor.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
