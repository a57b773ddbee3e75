"""A process owner tests an edit on real cases in the editor before deploying it: the report shows what would
change; an edit that fails on recent cases is marked, refused, and deployed only with a recorded reason."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_process_pages import open_editor, serious_violations
from tests.support.cases import lodge_and_close

BREAK_CLOSURE = """async () => {
  const editor = await window.processEditor.open("grievance.bpmn");
  const task = editor.modeler.get("elementRegistry").get("Task_close");
  editor.modeler.get("modeling").updateProperties(task, { script: "status = closed_status" });
}"""


def test_an_edit_is_tested_on_real_cases_and_deployed_despite_errors_only_with_a_reason(page, people, api, shot):
    operator = api.login("operator")
    lodge_and_close(api, operator, mobile="9830012345")
    api.lodge(operator, mobile="9830012346")
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    report = page.get_by_test_id("replay-report")
    page.get_by_role("button", name="Test on real cases").click()
    expect(report).to_contain_text("Replayed on 2 recent cases: 2 on the same path, 0 on a different path, 0 stuck, "
                                   "0 with errors.")
    expect(report).to_contain_text("Field validation (Task_field_validation)")  # never reached by these two
    expect(page.get_by_label("Reason to deploy although the edit fails on recent cases")).to_be_hidden()
    assert serious_violations(page) == []
    shot(page, "1-same-path")

    page.evaluate(BREAK_CLOSURE)
    page.get_by_role("button", name="Test on real cases").click()
    expect(report).to_contain_text("1 with errors.")
    expect(report.locator(".replay-errors li")).to_contain_text("Task_close: NameError")
    expect(report.get_by_role("row").filter(has_text="error")).to_contain_text("closed_status")
    shot(page, "2-errors")

    page.get_by_label("Note for the new version").fill("A test edit of the process")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Not deployed: 1 problem(s) found.")
    expect(page.locator('g.djs-element.has-problem[data-element-id="Task_close"]')).to_have_count(1)
    reason = page.get_by_label("Reason to deploy although the edit fails on recent cases")
    expect(reason).to_be_visible()
    assert serious_violations(page) == []
    reason.fill("Closure script fixed by hand in the hotfix; tested on staging.")
    page.get_by_label("Note for the new version").fill("A test edit of the process")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Version 2 is deployed.")
    shot(page, "3-deployed-with-reason")
    page.goto("/processes")
    latest = page.locator("section[data-process=grievance] table.versions tbody tr").first
    expect(latest).to_contain_text("Closure script fixed by hand in the hotfix")
