"""Scale benchmark: the dashboards, drill-downs, worklists, search, tracking, Open311 and audit history over a
population of N grievances on PostgreSQL.

Usage: .venv/bin/python bench/scale.py --n 10000 [--n 100000 ...] [--base 1000] [--repeat 20] [--keep]

Build, per N: a database `dash_scale_<N>` (migrated, seeded with demo accounts); `--base` real cases made through
the API and the engine with a moved clock over 25 days (lodged across every category and district that has an
office, reports for most, some late, verification and closure, the timer sweep escalating the rest); then the
population multiplied in SQL up to N with fresh ids, registration numbers, mobiles, names, offices of the same
department (so districts change with them) and dates spread back over a year, copying the grievances, their
history, their process instances and their work items; then the summary counts rebuilt from the grievance rows
(case_counts.service.rebuild) and VACUUM ANALYZE. Not copied: outbox messages. Copies keep the originals'
history hashes and engine state (read-only use: the audit page's chain check fails on copies).

Measure: each request `--repeat` times through Flask's WSGI stack (the test client, logged in as the page or API
user), median and p95; for each, the SQL statements of one request and EXPLAIN (ANALYZE, BUFFERS) of its slowest
three. Results: bench/results/scale.json (one entry per N, merged with what is there).
"""
from __future__ import annotations

import argparse
import heapq
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, make_url, select, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from accounts.auth import actor_for  # noqa: E402
from accounts.models import Role  # noqa: E402
from accounts.service import create_user, find_user, issue_token  # noqa: E402
from app import create_app  # noqa: E402
from core import clock  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from tests.fixtures.databases import _admin_url  # noqa: E402
from tests.integration.security.pages import logged_in_pages  # noqa: E402
from tests.support.api import Api  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "scale.json"
PREFIX = "dash_scale_"
FIRST = ("Sabina", "Rahul", "Mousumi", "Abdul", "Tapas", "Rina", "Subrata", "Nasrin", "Gopal", "Anita", "Bikash",
         "Shyamali", "Imran", "Krishna", "Lakshmi", "Manas", "Nirmala", "Prosenjit", "Rubina", "Sanjay")
LAST = ("Khatun", "Das", "Mondal", "Sheikh", "Ghosh", "Roy", "Biswas", "Sarkar", "Mahato", "Hansda", "Bag",
        "Pal", "Saha", "Ali", "Murmu", "Dutta", "Banerjee", "Halder", "Pramanik", "Bauri")
ATR = {"action_taken": "Action taken as the rules require; complainant informed.", "outcome": "redressed"}


# ---------------------------------------------------------------------------------------------------- build

def _database(n: int) -> tuple[str, bool]:
    """URL of this N's database and whether it already holds a population."""
    admin_url = make_url(_admin_url())
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"{PREFIX}{n}"
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    if not exists:
        return url, False
    with create_engine(url).connect() as conn:
        ready = conn.scalar(text("SELECT count(*) FROM grievance")) >= abs(n)
    return url, ready


def _routes(app) -> list[tuple[str, str]]:
    """(category, district) pairs a grievance can be routed with: the category's department has an office there."""
    sql = text("SELECT DISTINCT c.code, o.district_code FROM category c JOIN office o "
               "ON o.department_id = c.department_id WHERE o.district_code IS NOT NULL ORDER BY 1, 2")
    with app.app_context(), transaction(readonly=True) as db:
        return [tuple(r) for r in db.execute(sql)]


def _complete(app, reg_no: str, element: str, data: dict) -> bool:
    """Complete the case's open task `element` as an officer of its office (made on first need)."""
    from worklists.models import WorkItem
    from worklists.service import claim_task, complete_task

    with app.app_context(), transaction() as db:
        item = db.scalar(select(WorkItem).where(WorkItem.reg_no == reg_no, WorkItem.element_id == element,
                                                WorkItem.status == "open"))
        if item is None:
            return False
        username = "cmo.cell" if item.role == Role.CMO_CELL else f"bench.nodal.{item.office_id}"
        user = find_user(db, username)
        if user is None:
            user = create_user(db, username=username, full_name=f"Nodal officer {item.office_id}",
                               role=Role.NODAL_OFFICER, password="Demo@12345", mobile=f"97{item.office_id:08d}",
                               office_ids=(item.office_id,))
        actor = actor_for(db, user)
        claim_task(db, actor=actor, task_id=item.task_id)  # completing needs the task held
        complete_task(db, actor=actor, task_id=item.task_id, data=data)
    return True


def build_base(app, base: int, start: datetime, seed: int = 7) -> int:
    """`base` real cases through the API and the engine, the clock moving over 25 days from `start`."""
    rng, routes = random.Random(seed), _routes(app)
    step = timedelta(days=25) / base
    queue: list = [(start + i * step, 0, "lodge", i) for i in range(base)]
    queue += [(start + timedelta(hours=6 * h), 1, "sweep", h) for h in range(4 * 40)]
    heapq.heapify(queue)
    api, made = Api(app), {}
    with clock.frozen(start) as moving:
        operator = api.login("operator")
        while queue:
            at, _, kind, ref = heapq.heappop(queue)
            moving.set(at)
            if kind == "lodge":
                category, district = rng.choice(routes)
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                fields = {"complainant_name": name, "mobile": f"98{ref:08d}", "district": district,
                          "category": category, "description": f"Grievance {ref}: the matter is pending with "
                                                               "the office for months without any action."}
                response = api.lodge(operator, **fields)
                if response.status_code == 401:  # the token aged with the moving clock
                    operator = api.login("operator")
                    response = api.lodge(operator, **fields)
                if response.status_code != 201:
                    print("lodging refused:", response.status_code, response.get_json(), flush=True)
                    continue
                made[ref] = response.get_json()["reg_no"]
                if rng.random() < 0.75:  # most get a report, some after the 7 working days
                    heapq.heappush(queue, (at + timedelta(hours=rng.uniform(4, 24 * 12)), 2, "atr", ref))
            elif kind == "atr":
                if _complete(app, made[ref], "Task_submit_atr", ATR) and rng.random() < 0.8:
                    heapq.heappush(queue, (at + timedelta(hours=rng.uniform(2, 72)), 3, "verify", ref))
            elif kind == "verify":
                _complete(app, made[ref], "Task_verify",
                          {"call_result": "reached_satisfied", "decision": "close"})
            else:
                result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", at.isoformat()])
                assert result.exit_code == 0, result.output
    return len(made)


MULTIPLY = """
CREATE TEMP TABLE office_rank AS
  SELECT id, department_id, district_code,
         row_number() OVER (PARTITION BY department_id ORDER BY id) - 1 AS rn,
         count(*) OVER (PARTITION BY department_id) AS cnt
  FROM office WHERE district_code IS NOT NULL;
CREATE TEMP TABLE office_map AS
  SELECT k, a.id AS old_id, b.id AS new_id, b.district_code AS new_district
  FROM office_rank a CROSS JOIN generate_series(1, :copies) AS g(k)
  JOIN office_rank b ON b.department_id = a.department_id AND b.rn = (a.rn + :stride * k) % a.cnt;
CREATE UNIQUE INDEX ON office_map (k, old_id);
CREATE TEMP TABLE copy_shift AS
  SELECT k, make_interval(days => (k * 365 / (:copies + 1))::int, mins => (k * 37) % 1440) AS back
  FROM generate_series(1, :copies) AS g(k);
INSERT INTO process_instance (id, process_model_id, business_key, status, state, serializer_version, next_timer_at,
    timer_failures, last_error, lock_version, created_at, updated_at, completed_at)
  SELECT p.id + s.k * :pmax, p.process_model_id, {regno_g0}, p.status, p.state, p.serializer_version,
         p.next_timer_at - s.back, p.timer_failures, p.last_error, p.lock_version, p.created_at - s.back,
         p.updated_at - s.back, p.completed_at - s.back
  FROM process_instance p CROSS JOIN copy_shift s LEFT JOIN grievance g0 ON g0.reg_no = p.business_key
  WHERE p.id <= :pmax;
INSERT INTO grievance (id, reg_no, status, channel, citizen_id, lodged_by_id, complainant_name, mobile, email, address,
    latitude, longitude, district_code, subdivision_code, category_code, description, is_emergency, language,
    priority, department_id, office_id, instance_id, duplicate_of_id, sla_due_at, remind_at, is_escalated,
    escalation_level, send_back_count, lodged_at, updated_at, closed_at, last_atr_at, feedback_rating,
    is_satisfied, feedback_at, appeal_count)
  SELECT g.id + s.k * :gmax, {regno_g},
         g.status, g.channel, g.citizen_id, g.lodged_by_id,
         (ARRAY[{first}])[1 + (g.id + s.k) % {nfirst}] || ' ' || (ARRAY[{last}])[1 + (g.id * 7 + s.k * 3) % {nlast}],
         '+919' || lpad(((g.id + s.k * :gmax) % 1000000000)::text, 9, '0'), g.email, g.address,
         g.latitude, g.longitude, coalesce(m.new_district, g.district_code), NULL, g.category_code, g.description,
         g.is_emergency, g.language, g.priority, g.department_id, coalesce(m.new_id, g.office_id),
         g.instance_id + s.k * :pmax, g.duplicate_of_id + s.k * :gmax, g.sla_due_at - s.back,
         g.remind_at - s.back, g.is_escalated, g.escalation_level, g.send_back_count, g.lodged_at - s.back,
         g.updated_at - s.back, g.closed_at - s.back, g.last_atr_at - s.back, g.feedback_rating, g.is_satisfied,
         g.feedback_at - s.back, g.appeal_count
  FROM grievance g CROSS JOIN copy_shift s LEFT JOIN office_map m ON m.k = s.k AND m.old_id = g.office_id
  WHERE g.id <= :gmax;
INSERT INTO case_event (grievance_id, seq, event_type, at, actor_id, actor_role, actor_name, task_id, element_id,
    title, data, hash)
  SELECT e.grievance_id + s.k * :gmax, e.seq, e.event_type, e.at - s.back, e.actor_id,
         e.actor_role, e.actor_name, e.task_id, e.element_id, e.title, e.data, e.hash
  FROM case_event e CROSS JOIN copy_shift s
  WHERE e.grievance_id <= :gmax;
INSERT INTO work_item (id, task_id, instance_id, grievance_id, reg_no, element_id, title, role, office_id,
    department_id, status, opened_at, remind_at, due_at, claimed_by_id, claimed_at, closed_at, closed_by_id)
  SELECT w.id + s.k * :wmax, (lpad(to_hex(s.k), 6, '0') || substr(w.task_id::text, 7))::uuid,
         w.instance_id + s.k * :pmax, w.grievance_id + s.k * :gmax, g.reg_no, w.element_id, w.title, w.role,
         coalesce(m.new_id, w.office_id),
         w.department_id, w.status, w.opened_at - s.back, w.remind_at - s.back, w.due_at - s.back, NULL,
         w.claimed_at - s.back, w.closed_at - s.back, NULL
  FROM work_item w CROSS JOIN copy_shift s JOIN grievance g ON g.id = w.grievance_id + s.k * :gmax
  LEFT JOIN office_map m ON m.k = s.k AND m.old_id = w.office_id
  WHERE w.id <= :wmax;
"""
REGNO = ("'CMO/' || extract(year FROM ({g}.lodged_at - s.back) AT TIME ZONE 'Asia/Kolkata')::int || '/' "
         "|| lpad(({g}.id + s.k * :gmax)::text, 7, '0')")
SEQUENCES = ("grievance", "process_instance", "work_item")


def multiply(url: str, n: int) -> dict:
    """Copy the base population up to `n` grievances in SQL (see the module docstring)."""
    from case_counts.service import rebuild

    engine = create_engine(url)
    with engine.begin() as conn:
        top = {t: conn.scalar(text(f"SELECT coalesce(max(id), 0) FROM {t}")) for t in SEQUENCES}
        base = conn.scalar(text("SELECT count(*) FROM grievance"))
        copies = max(0, -(-n // base) - 1)
        sql = MULTIPLY.format(first=", ".join(f"'{f}'" for f in FIRST), nfirst=len(FIRST),
                              last=", ".join(f"'{x}'" for x in LAST), nlast=len(LAST),
                              regno_g=REGNO.format(g="g"), regno_g0=REGNO.format(g="g0"))
        params = {"copies": copies, "stride": 7, "gmax": top["grievance"], "pmax": top["process_instance"],
                  "wmax": top["work_item"]}
        for statement in filter(str.strip, sql.split(";")):
            conn.execute(text(statement), params)
        for table in SEQUENCES:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))
        conn.execute(text("UPDATE registration_counter SET value = (SELECT max(id) FROM grievance) + 1"))
        counted = rebuild(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        sizes = _sizes(conn)
    engine.dispose()
    assert counted == sizes["grievance"]
    return sizes


def _base_template(base: int) -> str:
    """The database of `base` real cases (built once, then cloned for every N)."""
    from bootstrap.seed import seed_base, seed_demo_users
    from migrations import upgrade

    url, ready = _database(-base)  # dash_scale_-<base>: never an N
    if ready:
        upgrade(url)  # a template made by older code gets the newer migrations (and their backfills)
        return url

    try:
        upgrade(url)
        app = _app(url)
        with app.app_context(), transaction() as db:
            seed_base(db, settings=app.extensions["settings"])
            seed_demo_users(db)
        started = time.monotonic()
        made = build_base(app, base, datetime.now(UTC).replace(microsecond=0) - timedelta(days=30))
        print(f"{made} real cases in {time.monotonic() - started:.0f} s", flush=True)
        app.extensions["db"].dispose()
    except BaseException:
        _drop(url)
        raise
    return url


def _populate(url: str, n: int, base: int) -> None:
    template = make_url(_base_template(base)).database
    _drop(url)
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    for attempt in range(30):  # autovacuum (or a closing session) may still be connected to the template
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{make_url(url).database}" TEMPLATE "{template}"'))
            break
        except OperationalError:
            if attempt == 29:
                raise
            time.sleep(2)
    admin.dispose()
    multiply(url, n)


def build(n: int, base: int) -> tuple[str, dict, float]:
    url, ready = _database(n)
    started = time.monotonic()
    if not ready:
        try:
            _populate(url, n, base)
        except BaseException:
            _drop(url)
            raise
    engine = create_engine(url)
    with engine.connect() as conn:
        sizes = _sizes(conn)
    engine.dispose()
    return url, sizes, time.monotonic() - started


COUNTED = ("grievance", "case_event", "process_instance", "work_item", "case_count", "case_due_count",
           "case_day_count", "case_age_count")
WEIGHED = ("grievance", "case_event", "process_instance", "work_item")


def _sizes(conn) -> dict:
    """Rows of the main and summary tables, the database's bytes, and each main table's bytes per grievance
    (heap, indexes and TOAST)."""
    sizes = {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in COUNTED}
    sizes["database_bytes"] = conn.scalar(text("SELECT pg_database_size(current_database())"))
    sizes["bytes_per_grievance"] = {
        t: round(conn.scalar(text(f"SELECT pg_total_relation_size('{t}')")) / sizes["grievance"]) for t in WEIGHED}
    sizes["bytes_per_grievance"]["database"] = round(sizes["database_bytes"] / sizes["grievance"])
    return sizes


def _drop(url: str) -> None:
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _app(url: str):
    """The app on `url`, login throttling off: the base cases' moving clock ages a token every few lodgings, and
    the re-logins come faster than any person's."""
    from accounts.throttle import limiter

    app = create_app(Settings(database_url=url, secret_key="bench-scale", testing=True))
    limiter.enabled = False
    return app


# -------------------------------------------------------------------------------------------------- measure

class Statements:
    """The SQL statements one request issues, with their parameters and times."""

    def __init__(self, engine):
        self.engine, self.items, self.on = engine, [], False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, many):
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, many):
        if self.on:
            self.items.append((statement, parameters, time.perf_counter() - conn.info["bench_t0"]))

    def explain(self, top: int = 3) -> list[dict]:
        out = []
        for statement, parameters, took in sorted(self.items, key=lambda s: -s[2])[:top]:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            with self.engine.connect() as conn:
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).scalars().all()
            out.append({"ms": round(took * 1000, 2), "sql": statement, "plan": plan})
        return out


def _sample(app, url: str) -> dict:
    """Registration numbers, a mobile, a name and a day to ask for: an old copy, picked the same way each run."""
    with app.app_context(), transaction(readonly=True) as db:
        row = db.execute(text("SELECT reg_no, mobile, split_part(complainant_name, ' ', 2) AS surname, "
                              "(lodged_at AT TIME ZONE 'Asia/Kolkata')::date AS day FROM grievance "
                              "ORDER BY id DESC LIMIT 1")).one()
        busy = db.execute(text("SELECT o.code, count(*) FROM work_item w JOIN office o ON o.id = w.office_id "
                               "WHERE w.status = 'open' GROUP BY o.code ORDER BY 2 DESC LIMIT 1")).one()
    return {"reg_no": row.reg_no, "mobile": row.mobile[-10:], "surname": row.surname, "day": row.day.isoformat(),
            "year_ago": (row.day - timedelta(days=365)).isoformat(),
            "month_ago": (row.day - timedelta(days=30)).isoformat(), "busy_office": busy[0], "busy_open": busy[1]}


def requests_to_measure(sample: dict) -> list[tuple[str, str, str, dict]]:
    """(name, who, path, query) of every request measured; who is a page session or an API token's user."""
    reg = sample["reg_no"]
    return [
        ("dashboard: CMO cell, all departments", "page:cmo.cell", "/dashboard", {}),
        ("dashboard: CMO cell, one department by district", "page:cmo.cell", "/dashboard", {"department": "FOOD"}),
        ("dashboard: head of department", "page:hod.food", "/dashboard", {}),
        ("dashboard: CMO cell, the police by police district", "page:cmo.cell", "/dashboard", {"department": "POLICE"}),
        ("drill-down: CMO cell, overdue", "page:cmo.cell", "/dashboard/cases", {"state": "overdue"}),
        ("drill-down: CMO cell, received", "page:cmo.cell", "/dashboard/cases", {}),
        ("drill-down: CMO cell, redressed", "page:cmo.cell", "/dashboard/cases", {"state": "redressed"}),
        ("drill-down: CMO cell, a district pending", "page:cmo.cell", "/dashboard/cases",
         {"district": "PUR", "state": "pending"}),
        ("drill-down: head of department, overdue", "page:hod.food", "/dashboard/cases", {"state": "overdue"}),
        ("drill-down: head of department, a district escalated", "page:hod.food", "/dashboard/cases",
         {"district": "PUR", "state": "escalated"}),
        ("worklist: typical office", "api:nodal.food.kol", "/api/v1/worklist", {}),
        ("worklist: busy office", "api:bench.busy", "/api/v1/worklist", {}),
        ("worklist: busy office, red, by due time", "api:bench.busy", "/api/v1/worklist", {"sla": "red"}),
        ("worklist: head of department", "api:hod.food", "/api/v1/worklist", {}),
        ("worklist: CMO cell", "api:cmo.cell", "/api/v1/worklist", {}),
        ("worklist: CMO cell, oldest opened first", "api:cmo.cell", "/api/v1/worklist", {"sort": "opened_at"}),
        ("search: by number", "api:cmo.cell", f"/api/v1/grievances/{reg}", {}),
        ("search: by mobile", "api:cmo.cell", "/api/v1/grievances", {"mobile": sample["mobile"]}),
        ("search: by name", "api:cmo.cell", "/api/v1/grievances", {"name": sample["surname"]}),
        ("search: by date", "api:cmo.cell", "/api/v1/grievances", {"lodged_on": sample["day"]}),
        ("tracking", "anonymous", f"/api/v1/track/{reg}", {}),
        ("Open311: open requests of a service", "anonymous", "/open311/v2/requests.json",
         {"service_code": "FOOD_RATION_CARD", "status": "open"}),
        ("Open311: requests", "anonymous", "/open311/v2/requests.json", {}),
        ("audit history", "api:auditor", f"/api/v1/grievances/{reg}/history", {}),
        ("MIS: CMO cell, all departments", "page:cmo.cell", "/mis", {}),
        ("MIS: head of department", "page:hod.food", "/mis", {}),
        ("MIS: CMO cell, export XLSX", "page:cmo.cell", "/mis/export.xlsx", {}),
        ("map: CMO cell, pending", "page:cmo.cell", "/map", {}),
        ("map: CMO cell, receipts per 100,000 in a year", "page:cmo.cell", "/map",
         {"measure": "receipts_per_100k", "from": sample["year_ago"], "to": sample["day"]}),
        ("trends: CMO cell, weekly by department", "page:cmo.cell", "/trends", {}),
        ("trends: CMO cell, monthly by category", "page:cmo.cell", "/trends", {"unit": "month", "group": "category"}),
        ("event log: one day, all departments (XES)", "api:auditor", "/api/v1/event-log",
         {"from": sample["day"], "to": sample["day"]}),
        ("where cases wait: one department, a month", "page:process.owner", "/processes/grievance/versions/1",
         {"from": sample["month_ago"], "to": sample["day"], "department": "FOOD"}),
        ("office index: CMO cell, this month", "page:cmo.cell", "/office-index", {"month": sample["day"][:7]}),
        ("ATR quality: CMO cell, this month", "page:cmo.cell", "/atr-quality", {"month": sample["day"][:7]}),
        ("themes: one department, this month", "page:cmo.cell", "/themes",
         {"department": "FOOD", "month": sample["day"][:7]}),
    ]


def _clients(app, sample: dict) -> dict:
    """A client (and headers) per `who`: pages through a session cookie, the API with a bearer token."""
    api = Api(app)
    with app.app_context(), transaction() as db:
        from directory.queries import get_office

        if find_user(db, "bench.busy") is None:
            create_user(db, username="bench.busy", full_name="Busy office's nodal officer", role=Role.NODAL_OFFICER,
                        password="Demo@12345", mobile="9700000001",
                        office_ids=(get_office(db, sample["busy_office"]).id,))
    tokens: dict = {}
    out = {"anonymous": (app.test_client(), {})}
    for who, *_ in ((r[1],) for r in requests_to_measure(sample)):
        if who in out:
            continue
        kind, user = who.split(":")
        if user not in tokens:  # a session token as the OTP login issues, without its per-mobile limit
            with app.app_context(), transaction() as db:
                tokens[user] = issue_token(db, user=find_user(db, user), kind="session", ttl=timedelta(hours=2))
        token = tokens[user]
        if kind == "page":
            out[who] = logged_in_pages(api, token)
        else:
            out[who] = (app.test_client(), {"Authorization": f"Bearer {token}"})
    return out


def measure(url: str, repeat: int) -> tuple[dict, list]:
    app = _app(url)
    sample = _sample(app, url)
    clients = _clients(app, sample)
    statements = Statements(app.extensions["db"].engine)
    results = []
    for name, who, path, query in requests_to_measure(sample):
        client, headers = clients[who]
        times = []
        for i in range(repeat + 2):
            statements.items, statements.on = [], i == repeat + 1
            started = time.perf_counter()
            response = client.get(path, query_string=query, headers=headers)
            response.get_data()  # a streamed body (the event log) is read in full, as a client would
            took = time.perf_counter() - started
            assert response.status_code == 200, (name, response.status_code, response.get_data(as_text=True)[:300])
            if 0 < i <= repeat:
                times.append(took * 1000)
        statements.on = False
        times.sort()
        results.append({"name": name, "path": path, "query": query, "median_ms": round(statistics.median(times), 1),
                        "p95_ms": round(times[max(0, int(round(0.95 * len(times))) - 1)], 1),
                        "statements": len(statements.items), "explain": statements.explain()})
        print(f"  {name}: median {results[-1]['median_ms']} ms, p95 {results[-1]['p95_ms']} ms", flush=True)
    app.extensions["db"].dispose()
    return sample, results


def machine() -> dict:
    engine = create_engine(_admin_url())
    with engine.connect() as conn:
        server = conn.scalar(text("SHOW server_version"))
    engine.dispose()
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "postgresql": server, "load_average_at_start": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, action="append", help="population size (repeatable)")
    parser.add_argument("--base", type=int, default=1000, help="real cases made through the engine")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the databases for the next run")
    parser.add_argument("--label", default="", help="suffix of the result's key, e.g. ' before' for old code")
    args = parser.parse_args()
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report["machine"] = machine()
    report.setdefault("runs", {})
    for n in args.n or [10_000]:
        url, sizes, build_s = build(n, args.base)
        print(f"N={n}: built in {build_s:.0f} s: {sizes}", flush=True)
        sample, results = measure(url, args.repeat)
        report["runs"][f"{n}{args.label}"] = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                  "build_seconds": round(build_s), "base_cases": args.base, "sizes": sizes,
                                  "sample": sample, "repeat": args.repeat, "requests": results}
        RESULTS.write_text(json.dumps(report, indent=1, default=str) + "\n")
        if not args.keep:
            _drop(url)


if __name__ == "__main__":
    main()
