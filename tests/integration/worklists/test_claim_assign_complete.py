"""Only the officer holding a task completes it; officers claim several tasks at once; supervisors (the head of
the task's department, the CMO cell) assign and reassign tasks to named officers of the task's office, and the
case's history says who gave what to whom."""
from __future__ import annotations

import pytest

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.queries import find_department, get_office

FORM = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


@pytest.fixture
def people(app):
    """A second officer of the Purulia food office, and the head of another department."""
    with app.app_context(), transaction() as session:
        create_user(session, username="nodal.food.pur.2", full_name="Tapas Mondal", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile="9000000099", office_ids=(get_office(session, "FOOD-PUR").id,))
        create_user(session, username="hod.health", full_name="Secretary, Health", role=Role.HEAD_OF_DEPARTMENT,
                    password="Demo@12345", mobile="9000000098", department_id=find_department(session, "HEALTH").id)


def lodge(api, n: int = 1, district: str = "PUR") -> list[str]:
    operator = api.login("operator")
    return [api.lodge(operator, mobile=f"98310{i:05d}", district=district,
                      description=f"Separate grievance {i} about a ration card in {district}.").get_json()["reg_no"]
            for i in range(n)]


def history(api, reg_no: str) -> list[dict]:
    return api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]


def test_completing_needs_the_task_held_by_you(api, people):
    [reg_no] = lodge(api)
    nodal, colleague = api.login("nodal.food.pur"), api.login("nodal.food.pur.2")
    [atr] = api.worklist(nodal)
    unheld = api.post(f"/tasks/{atr['task_id']}/complete", nodal, json={"data": FORM})
    assert unheld.status_code == 409 and unheld.get_json()["code"] == "task_not_held"
    assert "Claim this task" in unheld.get_json()["detail"]
    assert api.post(f"/tasks/{atr['task_id']}/claim", colleague).status_code == 200
    taken = api.post(f"/tasks/{atr['task_id']}/complete", nodal, json={"data": FORM})
    assert taken.status_code == 409 and taken.get_json()["code"] == "task_claimed"
    done = api.post(f"/tasks/{atr['task_id']}/complete", colleague, json={"data": FORM})
    assert done.status_code == 200, done.get_json()
    assert "atr_submitted" in [e["event_type"] for e in history(api, reg_no)]


def test_bulk_claim_takes_what_is_free_and_says_why_not_the_rest(api, people):
    numbers = lodge(api, 3)
    [kolkata] = lodge(api, 1, district="KOL")
    nodal, colleague = api.login("nodal.food.pur"), api.login("nodal.food.pur.2")
    tasks = {i["reg_no"]: i["task_id"] for i in api.worklist(nodal)}
    assert api.post(f"/tasks/{tasks[numbers[1]]}/claim", colleague).status_code == 200
    other_office = api.worklist(api.login("nodal.food.kol"))[0]["task_id"]
    result = api.post("/worklist/claim", nodal, json={"task_ids": [*tasks.values(), other_office]}).get_json()
    assert sorted(result["claimed"]) == sorted([tasks[numbers[0]], tasks[numbers[2]]])
    assert {(r["task_id"], r["code"]) for r in result["refused"]} == {
        (tasks[numbers[1]], "task_claimed"), (other_office, "task_not_found")}
    assert [i["reg_no"] for i in api.worklist(nodal, claimed="mine")] == [numbers[0], numbers[2]]
    [claimed] = [e for e in history(api, numbers[0]) if e["event_type"] == "task_claimed"]
    assert (claimed["actor_role"], claimed["task_id"]) == ("nodal_officer", tasks[numbers[0]])
    assert api.worklist(api.login("nodal.food.kol"))[0]["claimed_by_id"] is None, kolkata
    empty = api.post("/worklist/claim", nodal, json={"task_ids": []})
    assert empty.status_code == 422


def test_the_head_of_department_assigns_and_reassigns_within_the_office(app, api, people):
    [reg_no] = lodge(api)
    hod = api.login("hod.food")
    [atr] = api.worklist(api.login("nodal.food.pur"))
    path = f"/tasks/{atr['task_id']}"
    names = {a["username"] for a in api.get(f"{path}/assignees", hod).get_json()}
    assert names == {"nodal.food.pur", "nodal.food.pur.2"}, "only officers of the task's office"
    first = api.post(f"{path}/assign", hod, json={"assignee": "nodal.food.pur.2"})
    assert first.status_code == 200 and first.get_json()["claimed_by_name"] == "Tapas Mondal"
    again = api.post(f"{path}/assign", hod, json={"assignee": "nodal.food.pur"})
    assert again.status_code == 200
    events = [e for e in history(api, reg_no) if e["event_type"] in ("task_assigned", "task_reassigned")]
    assert [(e["event_type"], e["actor_role"], e["data"]["assignee"], e["data"]["previous"]) for e in events] == [
        ("task_assigned", "head_of_department", "nodal.food.pur.2", None),
        ("task_reassigned", "head_of_department", "nodal.food.pur", "nodal.food.pur.2")]
    assert events[1]["data"]["previous_name"] == "Tapas Mondal"
    refused = api.post(f"{path}/complete", api.login("nodal.food.pur.2"), json={"data": FORM})
    assert refused.status_code == 409, "the task was taken from them"
    assert api.post(f"{path}/complete", api.login("nodal.food.pur"), json={"data": FORM}).status_code == 200


def test_assignment_is_refused_outside_the_supervisors_scope(api, people):
    lodge(api)
    [atr] = api.worklist(api.login("nodal.food.pur"))
    path = f"/tasks/{atr['task_id']}"
    hod = api.login("hod.food")
    outsider = api.post(f"{path}/assign", hod, json={"assignee": "nodal.food.kol"})
    assert outsider.status_code == 422 and outsider.get_json()["code"] == "assignee_not_eligible"
    assert "nodal.food.kol" in outsider.get_json()["detail"]
    other_hod = api.login("hod.health")
    assert api.post(f"{path}/assign", other_hod, json={"assignee": "nodal.food.pur"}).status_code == 404
    assert api.get(f"{path}/assignees", other_hod).status_code == 404
    officer = api.post(f"{path}/assign", api.login("nodal.food.pur"), json={"assignee": "nodal.food.pur.2"})
    assert officer.status_code == 403
    assert api.worklist(api.login("nodal.food.pur"))[0]["claimed_by_id"] is None, "nothing changed"


def test_the_cmo_cell_assigns_any_office_task(api, people):
    [reg_no] = lodge(api)
    [atr] = api.worklist(api.login("nodal.food.pur"))
    assigned = api.post(f"/tasks/{atr['task_id']}/assign", api.login("cmo.cell"), json={"assignee": "nodal.food.pur"})
    assert assigned.status_code == 200
    [event] = [e for e in history(api, reg_no) if e["event_type"] == "task_assigned"]
    assert (event["actor_role"], event["data"]["assignee"]) == ("cmo_cell", "nodal.food.pur")
    again = api.post(f"/tasks/{atr['task_id']}/assign", api.login("cmo.cell"), json={"assignee": "nodal.food.pur"})
    assert again.status_code == 409 and again.get_json()["code"] == "already_assigned"


def test_supervisors_list_the_tasks_they_may_assign_and_no_one_else_does(api, people):
    purulia = lodge(api, 2)
    [kolkata] = lodge(api, 1, district="KOL")

    def lane(username: str) -> list[str] | int:
        response = api.get("/worklist", api.login(username), query_string={"lane": "nodal_officer"})
        if response.status_code != 200:
            return response.status_code
        return sorted(i["reg_no"] for i in response.get_json()["items"])

    assert lane("hod.food") == sorted([*purulia, kolkata]), "the head of department's own department"
    assert lane("cmo.cell") == sorted([*purulia, kolkata])
    assert lane("hod.health") == [], "another department's head sees none of them"
    assert lane("nodal.food.pur") == sorted(purulia), "an officer's own lane is just their worklist"
    refused = api.get("/worklist", api.login("nodal.food.pur"), query_string={"lane": "cmo_cell"})
    assert (refused.status_code, refused.get_json()["detail"]) == (403, "You may list only your own tasks.")
    assert api.get("/worklist", api.login("secretary.food"), query_string={"lane": "nodal_officer"}).status_code == 403


@pytest.mark.parametrize("task_id", ["not-a-task", "00000000-0000-4000-8000-00000000000G",
                                     "{00000000-0000-4000-8000-000000000001}"])
def test_a_text_that_is_no_task_id_is_not_found_at_every_task_address(api, task_id):
    """Task ids are the engine's uuids (a uuid column on PostgreSQL): any other text is a task that does not exist,
    with the same answer on both backends, never a database error."""
    [reg_no] = lodge(api)
    nodal, hod = api.login("nodal.food.pur"), api.login("hod.food")
    answers = [api.get(f"/tasks/{task_id}", nodal), api.post(f"/tasks/{task_id}/claim", nodal),
               api.post(f"/tasks/{task_id}/release", nodal), api.get(f"/tasks/{task_id}/assignees", hod),
               api.post(f"/tasks/{task_id}/assign", hod, json={"assignee": "nodal.food.pur"}),
               api.post(f"/tasks/{task_id}/complete", nodal, json={"data": FORM})]
    assert [(a.status_code, a.get_json()["code"]) for a in answers] == [(404, "task_not_found")] * 6
    assert answers[0].get_json()["detail"] == f"No task {task_id}.", "the answer names the text it was given"
    bulk = api.post("/worklist/claim", nodal, json={"task_ids": [task_id]}).get_json()
    assert bulk["claimed"] == [] and [r["code"] for r in bulk["refused"]] == ["task_not_found"]
    assert api.worklist(nodal)[0]["reg_no"] == reg_no and api.worklist(nodal)[0]["claimed_by_id"] is None
