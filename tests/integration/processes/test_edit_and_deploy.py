"""Process owners check and deploy an edited grievance process through the API: new cases follow the new version,
open cases keep theirs, and a broken or hostile upload is refused with the element it concerns."""
from __future__ import annotations

import pytest

from tests.integration.processes.edits import REVIEW, REVIEW_TITLE, add_review_after_atr, grievance_bpmn

CITIZEN = "9830012345"
ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


def one(items, task, reg_no):
    matching = [i for i in items if i["task"] == task and i["reg_no"] == reg_no]
    assert len(matching) == 1, items
    return matching[0]


def started_version(api, reg_no: str) -> int:
    history = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()
    [started] = [e for e in history["events"] if e["event_type"] == "process_started"]
    return started["data"]["version"]


@pytest.fixture
def owner(api) -> str:
    return api.login("process.owner")


def test_a_deployed_edit_applies_to_new_cases_while_open_cases_keep_their_version(api, owner):
    operator = api.login("operator")
    old_case = api.lodge(operator, mobile=CITIZEN).get_json()["reg_no"]

    deployed = api.post("/processes/grievance/deploy", owner, json={
        "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}, "note": "Check ATRs before verification"})
    assert deployed.status_code == 201, deployed.get_json()
    assert deployed.get_json()["version"] == 2 and deployed.get_json()["is_new"] is True
    assert deployed.get_json()["deployed_by"].startswith("process_owner:")
    assert deployed.get_json()["deployed_by"].endswith("Rahul Das")
    new_case = api.lodge(operator, mobile=CITIZEN).get_json()["reg_no"]
    assert (started_version(api, old_case), started_version(api, new_case)) == (1, 2)

    listing = {p["process_id"]: p for p in api.get("/processes", owner).get_json()}
    assert listing["grievance"]["latest_version"] == 2
    assert listing["grievance"]["open_by_version"] == {"1": 1, "2": 1}
    assert listing["grievance"]["versions"][0]["note"] == "Check ATRs before verification"

    # Both ATRs are submitted; only the new case stops at the new check, in the nodal officer's worklist.
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    for reg_no in (old_case, new_case):
        atr = one(api.worklist(nodal), "Task_submit_atr", reg_no)
        assert api.complete(nodal, atr["task_id"], ATR).status_code == 200
    review = one(api.worklist(nodal), REVIEW, new_case)
    assert review["title"] == REVIEW_TITLE and review["role"] == "nodal_officer"
    assert [i["reg_no"] for i in api.worklist(cmo) if i["task"] == "Task_verify"] == [old_case]
    assert api.complete(nodal, review["task_id"], {}).status_code == 200
    assert sorted(i["reg_no"] for i in api.worklist(cmo) if i["task"] == "Task_verify") == sorted([old_case, new_case])


def test_forms_and_decision_tables_are_carried_into_the_new_version_unchanged(api, owner):
    before = api.get("/processes/grievance/versions/1", owner).get_json()["files"]
    api.post("/processes/grievance/deploy", owner, json={
        "note": "A test edit", "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}})
    after = api.get("/processes/grievance/versions/2", owner).get_json()["files"]
    assert set(after) == set(before)
    assert {k: v for k, v in after.items() if k != "grievance.bpmn"} == {
        k: v for k, v in before.items() if k != "grievance.bpmn"}
    assert REVIEW in after["grievance.bpmn"]


def test_deploying_identical_content_returns_the_existing_version(api, owner):
    same = api.post("/processes/grievance/deploy", owner,
                    json={"note": "A test edit", "files": {"grievance.bpmn": grievance_bpmn()}})
    assert same.status_code == 201
    assert (same.get_json()["version"], same.get_json()["is_new"]) == (1, False)
    versions = {p["process_id"]: p["latest_version"] for p in api.get("/processes", owner).get_json()}
    assert versions["grievance"] == 1


def test_validation_names_the_element_of_each_problem(api, owner):
    good = api.post("/processes/grievance/validate", owner,
                    json={"files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}})
    assert good.status_code == 200 and good.get_json() == {"ok": True, "problems": []}

    outside_lanes = add_review_after_atr(grievance_bpmn(), in_lane=False)
    broken_script = outside_lanes.replace("escalate_cmo_at = sla_escalation", "escalate_cmo_at = = sla_escalation")
    checked = api.post("/processes/grievance/validate", owner, json={"files": {"grievance.bpmn": broken_script}})
    assert checked.status_code == 200
    body = checked.get_json()
    assert body["ok"] is False
    by_element = {p["element_id"]: p for p in body["problems"]}
    assert "lane" in by_element[REVIEW]["message"]
    assert "does not compile" in by_element["Task_set_atr_deadline"]["message"]
    assert all(p["file"] == "grievance.bpmn" for p in body["problems"])


def test_a_schema_error_is_pinned_to_the_element_on_its_line(api, owner):
    atr = '<bpmn:userTask id="Task_submit_atr"'
    bogus = grievance_bpmn().replace(atr, atr + ' bogus="1"')
    [problem] = api.post("/processes/grievance/validate", owner,
                         json={"files": {"grievance.bpmn": bogus}}).get_json()["problems"]
    assert (problem["element_id"], problem["file"]) == ("Task_submit_atr", "grievance.bpmn")
    assert problem["line"] and "bogus" in problem["message"]


def test_an_invalid_edit_is_not_deployed_and_the_422_names_the_element(api, owner):
    refused = api.post("/processes/grievance/deploy", owner,
                       json={"note": "A test edit",
                             "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn(), in_lane=False)}})
    assert refused.status_code == 422
    assert refused.mimetype == "application/problem+json"
    body = refused.get_json()
    assert body["code"] == "invalid_process_model"
    assert "lane" in body["errors"][f"grievance.bpmn#{REVIEW}"][0]
    versions = {p["process_id"]: p["latest_version"] for p in api.get("/processes", owner).get_json()}
    assert versions["grievance"] == 1


XXE = """<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">&secret;</bpmn:definitions>"""
BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""


@pytest.mark.parametrize("name, content, message", [
    ("grievance.bpmn", XXE, "DOCTYPE"),
    ("grievance.bpmn", BOMB, "DOCTYPE"),
    ("grievance.bpmn", "<bpmn:definitions><unclosed>", "not well-formed XML"),
    ("routing.dmn", "<definitions xmlns='urn:not-dmn'/>", "not a DMN file"),
    ("grievance.bpmn", "<definitions xmlns='https://www.omg.org/spec/DMN/20191111/MODEL/'/>", "not a BPMN file"),
    ("notes.txt", "hello", "only .bpmn, .dmn and .schema.json"),
])
def test_hostile_or_malformed_files_are_refused(api, owner, name, content, message):
    validated = api.post("/processes/grievance/validate", owner, json={"files": {name: content}})
    assert validated.status_code == 200
    assert validated.get_json()["ok"] is False
    assert any(message in p["message"] and p["file"] == name for p in validated.get_json()["problems"])
    deployed = api.post("/processes/grievance/deploy", owner, json={"note": "A test edit", "files": {name: content}})
    assert deployed.status_code == 422, deployed.get_json()
    assert "root:" not in deployed.get_data(as_text=True), "no entity was expanded"


def test_only_process_owners_may_see_or_change_process_models(api):
    nodal, citizen = api.login("nodal.food.pur"), api.login_citizen(CITIZEN)
    edit = {"files": {"grievance.bpmn": grievance_bpmn()}}
    for token in (nodal, citizen):
        assert api.get("/processes", token).status_code == 403
        assert api.get("/processes/grievance/versions/1", token).status_code == 403
        assert api.post("/processes/grievance/validate", token, json=edit).status_code == 403
        assert api.post("/processes/grievance/deploy", token, json={**edit, "note": "A test edit"}).status_code == 403
        assert api.post("/processes/grievance/migrate", token,
                        json={"from_version": 1, "to_version": 2, "dry_run": True}).status_code == 403
    assert api.get("/processes").status_code == 401


def test_unknown_processes_and_versions_are_not_found(api, owner):
    assert api.get("/processes/grievance/versions/9", owner).status_code == 404
    assert api.get("/processes/nope/versions/1", owner).status_code == 404
    assert api.post("/processes/nope/validate", owner, json={"files": {"a.bpmn": "<x/>"}}).status_code == 404
    empty = api.post("/processes/grievance/validate", owner, json={"files": {}})
    assert empty.status_code == 422
