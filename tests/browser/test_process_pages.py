"""A process owner re-engineers the grievance process in the browser: adds a task in the modeler, validates,
deploys a new version; new grievances follow it while open ones keep theirs. A broken edit is marked on the diagram."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

CITIZEN = "9830012345"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
REVIEW, REVIEW_TITLE = "Task_review_atr", "Check the ATR before verification"

# What a process owner does with the mouse, through the modeler's own API: a user task in the nodal officer's lane
# to the right of Submit ATR, the ATR's outgoing flow re-pointed to it, and a new flow on to the outcome gateway.
ADD_REVIEW_TASK = """async ([id, name]) => {
  const editor = await window.processEditor.open("grievance.bpmn");
  const registry = editor.modeler.get("elementRegistry");
  const modeling = editor.modeler.get("modeling");
  const shape = editor.modeler.get("elementFactory").createShape({ type: "bpmn:UserTask" });
  const task = modeling.createShape(shape, { x: 1670, y: 515 }, registry.get("Participant_cmo"));
  modeling.updateProperties(task, { id: id, name: name });
  modeling.reconnectEnd(registry.get("Flow_14"), task, { x: 1620, y: 515 });
  modeling.connect(task, registry.get("Gateway_atr_outcome"));
  return task.id;
}"""
BREAK_A_SCRIPT = """async () => {
  const editor = await window.processEditor.open("grievance.bpmn");
  const task = editor.modeler.get("elementRegistry").get("Task_set_atr_deadline");
  editor.modeler.get("modeling").updateProperties(task, { script: "atr_due_at = = sla_due(priority)" });
}"""


def open_editor(page) -> None:
    page.get_by_role("link", name="Edit grievance").click()
    page.locator('.modeler-canvas[data-file="grievance.bpmn"][data-ready="true"]').wait_for()


def started_version(api, reg_no: str) -> int:
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    return next(e["data"]["version"] for e in events if e["event_type"] == "process_started")


def open_counts(page) -> tuple[str, str]:
    """Open grievances on versions 1 and 2, as the versions table shows them."""
    return (page.get_by_test_id("open-grievance-1").inner_text(), page.get_by_test_id("open-grievance-2").inner_text())


def serious_violations(tab) -> list[str]:
    tab.evaluate(AXE.read_text())
    result = tab.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})")
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_process_owner_adds_a_task_and_new_grievances_follow_the_new_version(page, people, api, shot):
    operator = api.login("operator")
    old_case = api.lodge(operator, mobile=CITIZEN).get_json()["reg_no"]
    people.officer(page, "process.owner")
    page.goto("/processes")
    assert page.get_by_test_id("open-grievance-1").inner_text() == "1"
    assert serious_violations(page) == []
    open_editor(page)
    assert page.locator('g.djs-element[data-element-id="Task_submit_atr"]').count() == 1, "the diagram is drawn"
    assert serious_violations(page) == []
    shot(page, "1-editor")

    assert page.evaluate(ADD_REVIEW_TASK, [REVIEW, REVIEW_TITLE]) == REVIEW
    expect(page.locator(f'g.djs-element[data-element-id="{REVIEW}"]')).to_have_count(1)
    page.get_by_role("tab", name="routing.dmn").click()  # the decision table opens in dmn-js and is sent back too
    page.locator('.modeler-canvas[data-file="routing.dmn"][data-ready="true"]').wait_for()
    expect(page.locator(".tjs-table")).to_be_visible()
    shot(page, "2-decision-table")
    page.get_by_role("tab", name="grievance.bpmn").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_test_id("editor-status")).to_have_text("No problems found. The model can be deployed.")
    page.get_by_label("Note for the new version").fill("Nodal officers check their ATR before verification")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Version 2 is deployed.")
    shot(page, "3-deployed")

    page.get_by_role("link", name="See all versions").click()
    latest = page.locator("section[data-process=grievance] table.versions tbody tr").first
    expect(latest).to_contain_text("Nodal officers check their ATR before verification")
    assert latest.locator("th").inner_text() == "2" and "Rahul Das" in latest.inner_text()
    assert open_counts(page) == ("1", "0")

    new_case = api.lodge(api.login_citizen(CITIZEN)).get_json()["reg_no"]
    assert (started_version(api, old_case), started_version(api, new_case)) == (1, 2)
    nodal = api.login("nodal.food.pur")
    for item in api.worklist(nodal):
        done = api.complete(nodal, item["task_id"], {"action_taken": "Ration card printed and handed over.",
                                                     "outcome": "redressed"})
        assert done.status_code == 200, done.get_json()
    assert [(i["reg_no"], i["title"]) for i in api.worklist(nodal)] == [(new_case, REVIEW_TITLE)]
    assert [i["reg_no"] for i in api.worklist(api.login("cmo.cell")) if i["task"] == "Task_verify"] == [old_case]
    page.reload()
    assert page.get_by_test_id("open-grievance-2").inner_text() == "1"
    shot(page, "4-versions")


def test_a_broken_edit_is_listed_and_marked_on_its_element(page, people, shot):
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    page.evaluate(BREAK_A_SCRIPT)
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("1 problem(s) found")
    problem = page.locator("#problems li")
    expect(problem).to_have_count(1)
    assert "Task_set_atr_deadline" in problem.inner_text() and "does not compile" in problem.inner_text()
    marked = page.locator('g.djs-element.has-problem[data-element-id="Task_set_atr_deadline"]')
    expect(marked).to_have_count(1)
    expect(page.locator(".problem-badge")).to_have_count(1)
    problem.get_by_role("button", name="Show on the diagram").click()
    expect(page.locator('g.djs-element.selected[data-element-id="Task_set_atr_deadline"]')).to_have_count(1)
    shot(page, "problem-marked")

    page.get_by_label("Note for the new version").fill("A test edit of the process")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Not deployed: 1 problem(s) found.")
    page.goto("/processes")
    assert page.locator("section[data-process=grievance] table.versions tbody tr").count() == 1


def test_the_editor_fits_a_phone_and_its_canvas_scrolls(phone, people, shot):
    people.officer(phone, "process.owner")
    phone.goto("/processes/grievance/edit")
    phone.locator('.modeler-canvas[data-file="grievance.bpmn"][data-ready="true"]').wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling of the page"
    expect(phone.get_by_role("button", name="Validate")).to_be_visible()
    shot(phone, "editor-on-a-phone")


def test_open_cases_are_moved_after_a_dry_run_from_the_versions_page(page, people, api, shot):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    owner = api.login("process.owner")
    bpmn = api.get("/processes/grievance/versions/1", owner).get_json()["files"]["grievance.bpmn"]
    renamed = bpmn.replace('name="Submit Action Taken Report"', 'name="Submit the Action Taken Report"')
    deployed = api.post("/processes/grievance/deploy", owner,
                        json={"note": "A test edit", "files": {"grievance.bpmn": renamed}})
    assert deployed.status_code == 201
    people.officer(page, "process.owner")
    page.goto("/processes")
    form = page.locator("section[data-process=grievance] form.migrate-form")
    form.get_by_label("From version").select_option("1")
    form.get_by_label("To version").select_option("2")
    form.get_by_role("button", name="Dry run").click()
    expect(page.get_by_test_id("migration-summary")).to_have_text(
        "1 case(s) would move, 0 would stay. Nothing has been changed.")
    row = page.locator(f'[data-testid=migration-report] tr[data-case="{reg_no}"]')
    expect(row).to_contain_text("Would move")
    expect(row).to_contain_text("ATR deadline lapsed (Timer_sla_breach): 10 Nov 2026, 10:00")
    assert page.get_by_test_id("open-grievance-1").inner_text() == "1"
    assert serious_violations(page) == []
    shot(page, "1-dry-run")

    form.get_by_role("button", name="Migrate").click()
    expect(page.get_by_test_id("migration-summary")).to_have_text("1 case(s) moved, 0 stayed on version 1.")
    assert open_counts(page) == ("0", "1")
    shot(page, "2-migrated")
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    assert [(e["data"]["from_version"], e["data"]["to_version"], e["actor_role"]) for e in events
            if e["event_type"] == "process_migrated"] == [(1, 2, "process_owner")]


# A user task dropped into the nodal officer's lane and never connected (what a careless edit leaves behind).
DROP_A_DISCONNECTED_TASK = """async (id) => {
  const editor = await window.processEditor.open("grievance.bpmn");
  const registry = editor.modeler.get("elementRegistry");
  const shape = editor.modeler.get("elementFactory").createShape({ type: "bpmn:UserTask" });
  const task = editor.modeler.get("modeling").createShape(shape, { x: 2950, y: 610 }, registry.get("Participant_cmo"));
  editor.modeler.get("modeling").updateProperties(task, { id: id, name: "Double-check the office" });
  return task.id;
}"""


def test_the_editor_marks_a_disconnected_task_while_editing_and_refuses_to_deploy_it(page, people, shot):
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    task = "Task_disconnected_check"
    assert page.evaluate(DROP_A_DISCONNECTED_TASK, task) == task
    # bpmnlint in the editor marks it at once, before any Validate.
    lint_mark = page.locator(f'.djs-overlays[data-container-id="{task}"] .bjsl-overlay .bjsl-icon-error')
    expect(lint_mark).to_have_count(1)
    shot(page, "disconnected-linted")

    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("problem(s) found")
    ours = page.locator(f'#problems li[data-element-id="{task}"]', has_text="cannot be reached from a start event")
    expect(ours).to_have_count(1)
    expect(page.locator(f'g.djs-element.has-problem[data-element-id="{task}"]')).to_have_count(1)
    page.get_by_label("Note for the new version").fill("A test edit of the process")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Not deployed")
    shot(page, "disconnected-refused")
    page.goto("/processes")
    assert page.locator("section[data-process=grievance] table.versions tbody tr").count() == 1


TIMER_LABELS = """async () => {
  const editor = await window.processEditor.open("grievance.bpmn");
  const registry = editor.modeler.get("elementRegistry");
  const ids = ["Timer_atr_reminder", "Timer_sla_breach", "Timer_escalate_secretary", "Timer_escalate_cmo"];
  const shapes = ids.flatMap((id) => [registry.get(id), registry.get(id + "_label")]);
  return { zoom: editor.modeler.get("canvas").zoom(),
           boxes: shapes.map((s) => ({ id: s.id, x: s.x, y: s.y, width: s.width, height: s.height })) };
}"""


def test_the_deadline_timers_of_the_atr_task_and_their_labels_do_not_overlap(page, people):
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    drawn = page.evaluate(TIMER_LABELS)
    assert drawn["zoom"] >= 0.5, "the editor opens at a zoom where names can be read"
    boxes = drawn["boxes"]
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart, (a["id"], b["id"])
