"""A finished process keeps only the path it took: the audit still shows every element the case passed, the row is
a small fraction of a running one, and nothing can act on it any more (409, as for anything a case no longer
waits for)."""
from __future__ import annotations

from sqlalchemy import select

from core.db import transaction
from engine.models import ProcessInstance
from tests.support.cases import task

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
