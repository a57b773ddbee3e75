"""Benchmark: replay of recent real cases on an edited grievance model. Results go to bench/results/replay.json.

Usage: .venv/bin/python bench/replay.py [--cases 1000]
The cases are made through the project's own code on SQLite, as officers and the sweep would make them (lodged by
the call centre, ATRs, clarifications answered, verifications, the reminder and escalation timers fired by the
sweep with the clock moved): 60 % closed on time, 10 % closed after a clarification, 10 % closed after the ATR
reminder, 20 % still open and escalated to the head of department. The edit brings the head of department's
escalation forward to the reminder day, so the late and open cases change path. Timed: the replay service on all
cases (recorded cases read from history, replayed, compared), and the same through the API (with the JSON report).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bootstrap.seed import seed_base, seed_demo_users  # noqa: E402
from core import clock  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import transaction  # noqa: E402
from engine import fire_due_timers  # noqa: E402
from migrations import upgrade  # noqa: E402
from processes import service  # noqa: E402
from processes.replay import CaseChoice  # noqa: E402
from tests.integration.processes.edits import grievance_bpmn  # noqa: E402
from tests.integration.processes.replay_edits import edited  # noqa: E402
from tests.support.api import Api  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "replay.json"
START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)  # Monday 2 November 2026, 10:00 in Kolkata
ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}
ASK = {"action_taken": "Checked the shop register.", "outcome": "needs_clarification",
       "clarification_question": "Which ration shop do you use?"}
CLOSE = {"call_result": "reached_satisfied", "decision": "close"}


def open_tasks(api: Api, token: str, task: str) -> dict[str, str]:
    """reg_no -> task id of every open `task` the officer sees."""
    out, cursor = {}, None
    while True:
        query = {"task": task, "page_size": 100, **({"cursor": cursor} if cursor else {})}
        page = api.get("/worklist", token, query_string=query).get_json()
        out.update({i["reg_no"]: i["task_id"] for i in page["items"]})
        if not (cursor := page["next_cursor"]):
            return out


def complete_all(api: Api, token: str, task: str, reg_nos: list[str], form: dict) -> None:
    ids = open_tasks(api, token, task)
    for reg_no in reg_nos:
        answer = api.complete(token, ids[reg_no], form)
        assert answer.status_code == 200, answer.get_json()


def sweep(app, at: datetime) -> int:
    clock.use(clock.FrozenClock(at))
    with app.app_context():
        return fire_due_timers(app.extensions["db"]).timers_fired


def make_cases(app, api: Api, n: int) -> dict[str, list[str]]:
    """Lodge `n` grievances and take them through their lives (see the module docstring)."""
    clock.use(clock.FrozenClock(START))
    operator = api.login("operator")
    reg_nos = [api.lodge(operator, mobile=f"98300{i:05d}").get_json()["reg_no"] for i in range(n)]
    kinds = {"on_time": [r for i, r in enumerate(reg_nos) if i % 10 < 6],
             "clarified": [r for i, r in enumerate(reg_nos) if i % 10 == 6],
             "late": [r for i, r in enumerate(reg_nos) if i % 10 == 7],
             "escalated": [r for i, r in enumerate(reg_nos) if i % 10 >= 8]}
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    complete_all(api, nodal, "Task_submit_atr", kinds["on_time"], ATR)
    complete_all(api, nodal, "Task_submit_atr", kinds["clarified"], ASK)
    clock.use(clock.FrozenClock(START + timedelta(days=2)))
    operator, nodal, cmo = api.login("operator"), api.login("nodal.food.pur"), api.login("cmo.cell")  # 12-hour logins
    for reg_no in kinds["clarified"]:
        answer = api.post(f"/grievances/{reg_no}/clarification", operator, json={"text": "Shop no. 14, Hura market."})
        assert answer.status_code == 204, answer.get_json()
    complete_all(api, nodal, "Task_submit_atr", kinds["clarified"], ATR)
    complete_all(api, cmo, "Task_verify", kinds["on_time"] + kinds["clarified"], CLOSE)
    sweep(app, START + timedelta(days=5, minutes=1))  # the reminders
    clock.use(clock.FrozenClock(START + timedelta(days=6)))
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    complete_all(api, nodal, "Task_submit_atr", kinds["late"], ATR)
    complete_all(api, cmo, "Task_verify", kinds["late"], CLOSE)
    sweep(app, START + timedelta(days=8, minutes=1))  # the escalations to the head of department
    clock.use(clock.FrozenClock(START + timedelta(days=8, hours=1)))
    return kinds


def timed_replay(app, api: Api, files: dict[str, str], n: int) -> dict:
    with app.app_context(), transaction(readonly=True) as session:
        started = time.perf_counter()
        report = service.replay_model(session, process_id="grievance", files=files, choice=CaseChoice(limit=n))
        service_s = time.perf_counter() - started
    owner = api.login("process.owner")
    started = time.perf_counter()
    answer = api.post("/processes/grievance/replay", owner, json={"files": files, "limit": n})
    api_s = time.perf_counter() - started
    assert answer.status_code == 200, answer.get_json()
    return {"cases": report["cases_replayed"], "seconds": round(service_s, 2),
            "cases_per_second": round(report["cases_replayed"] / service_s, 1), "api_seconds": round(api_s, 2),
            "report_bytes": len(answer.data), "outcomes": report["outcomes"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        app = create_app(Settings(database_url=url, secret_key="bench"))
        clock.use(clock.FrozenClock(START))
        with app.app_context(), transaction() as session:
            seed_base(session, settings=app.extensions["settings"])
            seed_demo_users(session)
        api = Api(app)
        started = time.perf_counter()
        kinds = make_cases(app, api, args.cases)
        build_s = time.perf_counter() - started
        sooner = edited(grievance_bpmn(), "Timer_sla_breach", time_date="atr_reminder_at")
        unchanged = timed_replay(app, api, {"grievance.bpmn": grievance_bpmn()}, args.cases)
        edit = timed_replay(app, api, {"grievance.bpmn": sooner}, args.cases)
    result = {"database": "sqlite (WAL, synchronous=FULL)", "cases": args.cases,
              "mix": {kind: len(reg_nos) for kind, reg_nos in kinds.items()},
              "building_cases_seconds": round(build_s, 1),
              "replay_edited_model": edit, "replay_unchanged_model": unchanged,
              "edit": "Timer_sla_breach due at atr_reminder_at (escalation on the reminder day)"}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
