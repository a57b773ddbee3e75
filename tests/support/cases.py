"""Moving a case along through the API the way the officers would, for tests that start later in its life."""
from __future__ import annotations


def task(api, token: str, name: str, reg_no: str) -> dict:
    [item] = [i for i in api.worklist(token) if i["task"] == name and i["reg_no"] == reg_no]
    return item


def lodge_and_close(api, citizen_token: str, **lodge_overrides) -> str:
    """Lodge as the citizen, the Purulia food office reports action, the CMO cell's call closes it."""
    lodged = api.lodge(citizen_token, **lodge_overrides)
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    close(api, reg_no)
    return reg_no


def close(api, reg_no: str) -> None:
    """The Purulia food office reports action on `reg_no`, the CMO cell's call closes it."""
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    assert api.complete(nodal, atr["task_id"], {"action_taken": "Ration card printed and handed over.",
                                                "outcome": "redressed"}).status_code == 200
    verify = task(api, cmo, "Task_verify", reg_no)
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied",
                                                 "decision": "close"}).status_code == 200
