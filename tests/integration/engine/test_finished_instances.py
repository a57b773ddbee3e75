"""A finished process keeps only the path it took: the audit still shows every element the case passed, the row is
a small fraction of a running one, and nothing can act on it any more (409, as for anything a case no longer
waits for)."""
from __future__ import annotations

from sqlalchemy import select

from core import clock
from core.db import transaction
from engine import store
from engine.models import InstanceStatus, ProcessInstance
from jobs.periodic import compact_finished_instances
from tests.support.cases import lodge_and_close, task

ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}
VERIFIED = {"call_result": "reached_satisfied", "decision": "close"}


def test_a_closed_case_keeps_its_path_and_nothing_else(app, api):
    operator, nodal, cmo = api.login("operator"), api.login("nodal.food.pur"), api.login("cmo.cell")
    reg_no = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    running = api.lodge(operator, mobile="9830012346").get_json()["reg_no"]
    assert api.complete(nodal, task(api, nodal, "Task_submit_atr", reg_no)["task_id"], ATR).status_code == 200
    verify = task(api, cmo, "Task_verify", reg_no)
    assert api.complete(cmo, verify["task_id"], VERIFIED).status_code == 200

    with app.app_context(), transaction(readonly=True) as session:
        states = dict(session.execute(select(ProcessInstance.business_key, ProcessInstance.state)).all())
    assert len(states[reg_no]) * 5 < len(states[running]), "a finished instance keeps a fraction of the state"

    record = api.get(f"/grievances/{reg_no}/history/export", api.login("auditor"),
                     query_string={"format": "json"}).get_json()
    [path] = record["paths"]
    assert path["status"] == "completed" and path["open"] == []
    passed = path["completed"]
    assert passed.index("Task_submit_atr") < passed.index("Task_verify") < passed.index("End_closed")

    again = api.post(f"/tasks/{verify['task_id']}/complete", cmo, json={"data": VERIFIED})
    assert again.status_code == 409, again.get_json()


def test_instances_finished_before_compaction_are_compacted_by_the_housekeeping_job(app, api, monkeypatch):
    def save_whole(row, workflow):  # how finished instances were saved before: the whole state
        row.state, row.serializer_version = store.SERIALIZER.serialize_json(workflow), "whole"
        if workflow.completed:
            row.status, row.completed_at, row.next_timer_at = InstanceStatus.COMPLETED, clock.now(), None

    with monkeypatch.context() as patched:
        patched.setattr(store, "save", save_whole)
        reg_no = lodge_and_close(api, api.login_citizen("9830012345"))
    assert compact_finished_instances(app) == 1
    assert compact_finished_instances(app) == 0, "compacted once"
    record = api.get(f"/grievances/{reg_no}/history/export", api.login("auditor"),
                     query_string={"format": "json"}).get_json()
    assert "Task_verify" in record["paths"][0]["completed"]
