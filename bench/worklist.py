"""Benchmark: the worklist's pages and searches over N open tasks on PostgreSQL, with the query plans.

A few cases are lodged through the API; their grievance and work-item rows are then copied in SQL to N open tasks
spread over every office (5 % in the busy Purulia food office), with distinct numbers, mobiles and names. Each
request runs 20 times in-process (Flask's WSGI stack, no network hop); median and p95, the statements it issued,
and EXPLAIN (ANALYZE, BUFFERS) of its page query go to bench/results/worklist.json.

Usage: .venv/bin/python bench/worklist.py [--tasks 100000]   (needs PG_ADMIN_URL, see var/services.env)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, event, make_url, text  # noqa: E402

from app import create_app  # noqa: E402
from bench.lifecycle import summary  # noqa: E402
from bootstrap.seed import seed_base, seed_demo_users  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from migrations import upgrade  # noqa: E402
from tests.fixtures.databases import _admin_url  # noqa: E402
from tests.support.api import Api  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "worklist.json"
FIRST = ["Sabina", "Rahim", "Sabita", "Arjun", "Mousumi", "Tapas", "Rina", "Bikash", "Lakshmi", "Anwar"]
LAST = ["Khatun", "Sk", "Mahato", "Das", "Mondal", "Ghosh", "Roy", "Hansda", "Bauri", "Mandi"]
COPY = """
CREATE TEMP TABLE g_copy AS SELECT g.*, s AS n_ FROM grievance g, generate_series(1, :n) s
  WHERE g.id = (SELECT min(id) FROM grievance);
CREATE TEMP TABLE offices AS SELECT id, department_id, district_code, row_number() OVER (ORDER BY id) - 1 AS k
  FROM office WHERE level <> 'state';
UPDATE g_copy SET id = 1000000 + n_, reg_no = 'CMO/2025/' || lpad(n_::text, 7, '0'),
  mobile = '+9197' || lpad(n_::text, 8, '0'),
  complainant_name = (ARRAY[{first}])[1 + n_ % 10] || ' ' || (ARRAY[{last}])[1 + (n_ / 10) % 10] || ' ' || n_,
  office_id = CASE WHEN n_ % 20 = 0 THEN (SELECT id FROM office WHERE code = 'FOOD-PUR')
                   ELSE (SELECT id FROM offices WHERE k = n_ % (SELECT count(*) FROM offices)) END,
  lodged_at = now() - make_interval(mins => n_ % 500000);
UPDATE g_copy SET department_id = o.department_id, district_code = coalesce(o.district_code, 'KOL')
  FROM office o WHERE o.id = g_copy.office_id;
ALTER TABLE g_copy DROP COLUMN n_;
INSERT INTO grievance SELECT * FROM g_copy;
CREATE TEMP TABLE w_copy AS SELECT w.*, g.id AS gid FROM work_item w, g_copy g
  WHERE w.id = (SELECT min(id) FROM work_item);
UPDATE w_copy SET id = gid, task_id = ('00000000-0000-4000-8000-' || lpad(to_hex(gid), 12, '0'))::uuid,
  grievance_id = gid, status = 'open', claimed_by_id = NULL,
  reg_no = g.reg_no, office_id = g.office_id, department_id = g.department_id, opened_at = g.lodged_at,
  due_at = g.lodged_at + interval '7 days', remind_at = g.lodged_at + interval '5 days'
  FROM g_copy g WHERE g.id = w_copy.gid;
ALTER TABLE w_copy DROP COLUMN gid;
INSERT INTO work_item SELECT * FROM w_copy;
ANALYZE;
"""


def build(url: str, tasks: int) -> None:
    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key="bench"))
    with app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    api = Api(app)
    api.lodge(api.login("operator"), mobile="9830012345")
    sql = COPY.format(first=", ".join(f"'{n}'" for n in FIRST), last=", ".join(f"'{n}'" for n in LAST))
    with app.app_context(), transaction() as session:
        for statement in filter(str.strip, sql.split(";")):
            session.execute(text(statement), {"n": tasks} if ":n" in statement else {})
    app.extensions["db"].dispose()


def measure(app, api: Api, token: str, query: dict, runs: int = 20) -> dict:
    statements: list = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))
    engine = app.extensions["db"].engine
    times = []
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", listen)
        start = time.perf_counter()
        response = api.get("/worklist", token, query_string=query)
        times.append(time.perf_counter() - start)
        event.remove(engine, "before_cursor_execute", listen)
        assert response.status_code == 200, response.get_json()
    body = response.get_json()
    page = next(s for s in statements if "ORDER BY" in s[0] and "work_item" in s[0])
    with engine.connect() as conn:
        plan = [r[0] for r in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + page[0], page[1])]
    return {"query": query, **summary(times), "statements": len(statements), "rows": len(body["items"]),
            "count": body["count"], "count_is_exact": body["count_is_exact"], "next_cursor": body["next_cursor"],
            "plan": plan}


def run(url: str, tasks: int) -> dict:
    app = create_app(Settings(database_url=url, secret_key="bench"))
    api = Api(app)
    nodal, kol, cmo, hod = (api.login(u) for u in ("nodal.food.pur", "nodal.food.kol", "cmo.cell", "hod.food"))
    cases = {"busy office (5 %)": (nodal, {}), "typical office": (kol, {}),
             "CMO cell, every nodal task": (cmo, {"lane": "nodal_officer"}),
             "CMO cell, overdue": (cmo, {"lane": "nodal_officer", "sla": "red"}),
             "head of department, department's nodal tasks": (hod, {"lane": "nodal_officer"}),
             "CMO cell, search by name": (cmo, {"lane": "nodal_officer", "name": "Mahato 4242"}),
             "CMO cell, search by mobile": (cmo, {"lane": "nodal_officer", "mobile": "9700004242"}),
             "CMO cell, search by number": (cmo, {"lane": "nodal_officer", "reg_no": "CMO/2025/0004242"}),
             "busy office, newest first": (nodal, {"sort": "-opened_at"})}
    out = {name: measure(app, api, token, query) for name, (token, query) in cases.items()}
    deep = {"lane": "nodal_officer"}
    for _ in range(50):  # fifty pages on: a keyset page costs the same as the first
        deep["cursor"] = api.get("/worklist", cmo, query_string=deep).get_json()["next_cursor"]
    out["CMO cell, 51st page"] = measure(app, api, cmo, deep)
    app.extensions["db"].dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    tasks = parser.parse_args().tasks
    admin_url = make_url(_admin_url())
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"bench_worklist_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        started = time.perf_counter()
        build(url, tasks)
        built = round(time.perf_counter() - started, 1)
        results = {"open_tasks": tasks + 1, "build_seconds": built, "requests": run(url, tasks)}
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n")
    for label, r in results["requests"].items():
        print(f"{label:50} median {r['median_ms']:8.2f} ms  p95 {r['p95_ms']:8.2f} ms  {r['statements']} statements")


if __name__ == "__main__":
    main()
