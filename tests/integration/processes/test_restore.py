"""Restoring an older process version deploys its files, exactly, as the newest version: new cases follow it again;
a restore and a deploy both need a note; the newest cannot be restored onto itself; only process owners restore."""
from __future__ import annotations

import pytest

from tests.integration.processes.edits import REVIEW, add_review_after_atr, grievance_bpmn
from tests.integration.processes.test_edit_and_deploy import ATR, CITIZEN, one, started_version


@pytest.fixture
def owner(api) -> str:
    return api.login("process.owner")


@pytest.fixture
def two_versions(api, owner):
    deployed = api.post("/processes/grievance/deploy", owner, json={
        "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}, "note": "Check ATRs before verification"})
    assert deployed.status_code == 201 and deployed.get_json()["version"] == 2


def test_restore_makes_the_old_model_the_newest_version_and_new_cases_follow_it(api, owner, two_versions):
    restored = api.post("/processes/grievance/versions/1/restore", owner,
                        json={"note": "The extra review slowed every case; back to the plain flow"})
    assert restored.status_code == 201, restored.get_json()
    assert (restored.get_json()["version"], restored.get_json()["is_new"]) == (3, True)
    assert restored.get_json()["note"] == ("Restores version 1: The extra review slowed every case; back to the "
                                           "plain flow")
    first, newest = (api.get(f"/processes/grievance/versions/{n}", owner).get_json() for n in (1, 3))
    assert newest["files"] == first["files"] and newest["sha256"] == first["sha256"]

    operator, nodal, cmo = api.login("operator"), api.login("nodal.food.pur"), api.login("cmo.cell")
    reg_no = api.lodge(operator, mobile=CITIZEN).get_json()["reg_no"]
    assert started_version(api, reg_no) == 3
    atr = one(api.worklist(nodal), "Task_submit_atr", reg_no)
    assert api.complete(nodal, atr["task_id"], ATR).status_code == 200
    assert not [i for i in api.worklist(nodal) if i["task"] == REVIEW], "version 2's review step is gone again"
    one(api.worklist(cmo), "Task_verify", reg_no)


def test_what_a_restore_refuses(api, owner, two_versions):
    missing = api.post("/processes/grievance/versions/1/restore", owner, json={})
    assert missing.status_code == 422 and "note" in missing.get_json()["errors"]
    newest = api.post("/processes/grievance/versions/2/restore", owner, json={"note": "Restore the newest"})
    assert newest.status_code == 409 and "already the newest" in newest.get_json()["detail"]
    unknown = api.post("/processes/grievance/versions/9/restore", owner, json={"note": "Restore a ghost"})
    assert unknown.status_code == 404
    nodal = api.login("nodal.food.pur")
    assert api.post("/processes/grievance/versions/1/restore", nodal,
                    json={"note": "Not my job at all"}).status_code == 403
    grievance = next(p for p in api.get("/processes", owner).get_json() if p["process_id"] == "grievance")
    assert grievance["latest_version"] == 2, "nothing was deployed"


def test_a_deploy_without_a_note_is_refused(api, owner):
    for body in ({}, {"note": "  "}, {"note": "fix"}, {"note": "         "}, {"note": "  fix  "}):
        refused = api.post("/processes/grievance/deploy", owner,
                           json={"files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}, **body})
        assert refused.status_code == 422 and "note" in refused.get_json()["errors"], body


def test_the_restore_form_on_the_page_needs_a_note_and_says_what_it_did(api, two_versions):
    from tests.integration.security.pages import csrf_of, logged_in_pages

    client, _headers = logged_in_pages(api, api.login("process.owner"))
    page = client.get("/processes/grievance/versions/1")
    assert page.status_code == 200 and "Restore as version 3" in page.get_data(as_text=True)
    refused = client.post("/processes/grievance/versions/1/restore", data={"csrf_token": csrf_of(page), "note": ""})
    assert refused.status_code == 422 and 'id="error-summary"' in refused.get_data(as_text=True)
    done = client.post("/processes/grievance/versions/1/restore",
                       data={"csrf_token": csrf_of(page), "note": "Back to the plain flow"}, follow_redirects=True)
    assert "Version 1 is restored as version 3." in done.get_data(as_text=True)
    newest = client.get("/processes/grievance/versions/3").get_data(as_text=True)
    assert "This is the newest version." in newest and "Restore as version" not in newest
    assert client.get("/processes/grievance/compare", query_string={"a": "x"}).status_code == 422
