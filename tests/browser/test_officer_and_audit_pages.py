"""An officer claims a task and submits an ATR with evidence on the pages; an auditor then reads the case's full
history beside the diagram with the path taken highlighted, the hash chain verified, and exports it."""
from __future__ import annotations

import json

from tests.support.cases import task
from tests.support.files import pdf

CITIZEN = "9830012345"


def test_officer_claims_and_reports_then_the_auditor_sees_the_path(page, people, api, shot, tmp_path):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]

    people.officer(page, "nodal.food.pur")
    assert page.url.endswith("/worklist")
    row = page.locator(f"tr[data-reg-no='{reg_no}']")
    assert row.locator(".sla").inner_text() == "on time"
    row.get_by_role("button", name="Claim").click()
    row.get_by_role("button", name="Release").wait_for()  # the row was swapped in place by htmx
    shot(page, "1-worklist-claimed")
    row.get_by_role("link", name=reg_no).click()
    assert "ration card application" in page.locator(".description").inner_text()

    page.get_by_role("button", name="Submit").click()  # nothing filled in
    assert "Please fill this in." in page.locator("#action_taken-error").inner_text()
    assert page.get_by_role("alert").is_visible()
    shot(page, "2-atr-form-errors")
    page.get_by_label("Action taken").fill("Ration card printed and handed over at the block office.")
    page.get_by_label("Outcome").select_option("redressed")
    evidence = tmp_path / "receipt.pdf"
    evidence.write_bytes(pdf())
    page.get_by_label("Evidence (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Submit").click()
    assert f"Task completed for {reg_no}" in page.get_by_role("status").inner_text()
    assert page.locator(f"tr[data-reg-no='{reg_no}']").count() == 0

    cmo = api.login("cmo.cell")
    verify = task(api, cmo, "Task_verify", reg_no)
    assert api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied", "decision": "close"}).status_code \
        == 200

    page.context.clear_cookies()
    people.officer(page, "auditor")
    page.get_by_label("Registration number").fill(reg_no)
    page.get_by_role("button", name="Open its history").click()
    assert "History intact" in page.get_by_test_id("chain").inner_text()
    diagram = page.locator(".diagram").first
    page.locator(".diagram[data-ready='true']").first.wait_for()  # CSP forbids eval, so no wait_for_function
    for passed in ("Task_submit_atr", "Task_verify", "Task_close", "Flow_14"):
        assert diagram.locator(f"[data-element-id='{passed}'].path-passed").count() == 1, passed
    assert diagram.locator("[data-element-id='Task_review_category'].path-passed").count() == 0
    history = page.locator("table.history")
    for event in ("grievance_lodged", "atr_submitted", "attachments_added", "complainant_verified", "case_closed"):
        assert history.locator(f"tr[data-event='{event}']").count() >= 1, event
    shot(page, "3-audit")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export (JSON)").click()
    exported = json.loads(download.value.path().read_text())
    assert exported["chain"]["ok"] is True and exported["reg_no"] == reg_no
    assert "Task_submit_atr" in exported["paths"][0]["completed"]


def test_pages_check_the_role(page, people, api):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    page.goto(f"/audit/{reg_no}")
    assert "/login" in page.url  # anonymous: asked to log in
    people.officer(page, "nodal.food.pur")
    response = page.goto(f"/audit/{reg_no}")
    assert response.status == 403 and "You may not see this page" in page.content()
    assert page.goto("/worklist").status == 200
    page.context.clear_cookies()
    people.officer(page, "nodal.food.kol")
    [item] = api.worklist(api.login("nodal.food.pur"))
    assert page.goto(f"/work/{item['task_id']}").status == 404  # another office's task
