"""A task someone may not act on answers exactly like a task that does not exist: 404, code task_not_found, and
a message naming the task asked for, so task ids cannot be probed and the caller sees which id was refused."""
from __future__ import annotations

import pytest

from tests.support.cases import task

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def refusal(response) -> tuple:
    body = response.get_json()
    return response.status_code, body["code"], body["detail"]


@pytest.mark.parametrize("action", ["", "/claim", "/release", "/complete"])
def test_an_unknown_task_is_not_found_by_its_id(api, action):
    nodal = api.login("nodal.food.pur")
    call = api.get if action == "" else api.post
    kwargs = {"json": {"data": {}}} if action == "/complete" else {}
    assert refusal(call(f"/tasks/{UNKNOWN}{action}", nodal, **kwargs)) == (
        404, "task_not_found", f"No task {UNKNOWN}.")


def test_another_offices_task_is_refused_as_if_it_did_not_exist(api):
    lodged = api.lodge(api.login_citizen("9830012345"))
    reg_no = lodged.get_json()["reg_no"]
    atr = task(api, api.login("nodal.food.pur"), "Task_submit_atr", reg_no)["task_id"]
    stranger = api.login("nodal.food.kol")
    for action, call in (("", api.get), ("/claim", api.post)):
        assert refusal(call(f"/tasks/{atr}{action}", stranger)) == (404, "task_not_found", f"No task {atr}.")
    completed = api.complete(stranger, atr, {"action_taken": "Not ours.", "outcome": "redressed"})
    assert refusal(completed) == (404, "task_not_found", f"No task {atr}.")
