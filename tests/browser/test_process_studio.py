"""A process owner configures a new step in the properties panel: task type, lane, a new form made in the form
dialog, a deadline timer; bpmnlint marks a disconnected element while drawing; the deploy carries the form, and an
officer of that lane sees the new task and fills in its form (in English and Bengali); the comparison with the
previous version highlights the added task."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.test_process_pages import open_editor, serious_violations

CITIZEN = "9830012345"
CHECK, CHECK_TITLE, CHECK_TITLE_BN = "Task_check_atr", "Check the ATR on the ground", "মাঠে এটিআর যাচাই"

# What the process owner draws with the mouse (through the modeler's API): a plain task in the CM's cell's lane
# after Submit ATR, wired in its place; then a timer on its edge and an end event, not yet connected.
DRAW_THE_TASK = """async ([id]) => {
  const modeler = (await window.processEditor.open("grievance.bpmn")).modeler;
  const registry = modeler.get("elementRegistry"), modeling = modeler.get("modeling");
  const task = modeling.createShape(modeler.get("elementFactory").createShape({ type: "bpmn:Task" }),
                                    { x: 1670, y: 380 }, registry.get("Participant_cmo"));
  modeling.updateProperties(task, { id: id });
  modeling.reconnectEnd(registry.get("Flow_14"), task, { x: 1620, y: 380 });
  modeling.connect(task, registry.get("Gateway_atr_outcome"));
  modeler.get("selection").select(task);
}"""
DRAW_THE_TIMER = """async ([id]) => {
  const modeler = (await window.processEditor.open("grievance.bpmn")).modeler;
  const registry = modeler.get("elementRegistry"), modeling = modeler.get("modeling");
  const factory = modeler.get("elementFactory"), task = registry.get(id);
  const timer = modeling.createShape(factory.createShape({ type: "bpmn:BoundaryEvent",
      businessObject: modeler.get("bpmnFactory").create("bpmn:BoundaryEvent", { cancelActivity: false }),
      eventDefinitionType: "bpmn:TimerEventDefinition" }),
    { x: task.x + task.width / 2, y: task.y + task.height }, task, { attach: true });
  modeling.updateProperties(timer, { id: "Timer_check_atr", name: "Check overdue" });
  const end = modeling.createShape(factory.createShape({ type: "bpmn:EndEvent" }),
                                   { x: task.x + task.width + 60, y: task.y + task.height + 40 },
                                   registry.get("Participant_cmo"));
  modeling.updateProperties(end, { id: "End_check_overdue", name: "Check overdue noted" });
  modeler.get("selection").select(timer);
}"""
CONNECT_THE_TIMER = """async () => {
  const modeler = (await window.processEditor.open("grievance.bpmn")).modeler;
  const registry = modeler.get("elementRegistry");
  modeler.get("modeling").connect(registry.get("Timer_check_atr"), registry.get("End_check_overdue"));
}"""
LANE_OF = """async ([id]) => {
  const modeler = (await window.processEditor.open("grievance.bpmn")).modeler;
  const task = modeler.get("elementRegistry").get(id);
  const lane = modeler.get("elementRegistry").filter((e) => e.type === "bpmn:Lane"
    && (e.businessObject.flowNodeRef || []).indexOf(task.businessObject) >= 0)[0];
  return [task.type, lane && lane.businessObject.name];
}"""


def make_the_form(page) -> None:
    page.get_by_role("button", name="Create a new form…").click()
    dialog = page.get_by_role("dialog", name="New form")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Create the form").click()  # nothing written yet
    expect(dialog.get_by_role("alert")).to_contain_text("Write the form's title in English.")
    expect(dialog.get_by_role("alert")).to_contain_text("Field 1: write its label in English.")
    dialog.get_by_label("Title of the form (English)").fill("ATR check")
    dialog.get_by_label("Title of the form (Bengali)").fill("এটিআর যাচাই")
    first = dialog.locator("li.form-field").nth(0)
    first.get_by_label("Label (English)").fill("Was the action seen on the ground?")
    first.get_by_label("Kind of answer").select_option("yes_no")
    dialog.get_by_role("button", name="Add a field").click()
    second = dialog.locator("li.form-field").nth(1)
    second.get_by_label("Label (English)").fill("Findings")
    second.get_by_label("Label (Bengali)").fill("পর্যবেক্ষণ")
    second.get_by_label("Kind of answer").select_option("long_text")
    second.get_by_label("An answer is required").check()
    dialog.get_by_role("button", name="Add a field").click()
    third = dialog.locator("li.form-field").nth(2)
    third.get_by_label("Label (English)").fill("Verdict")
    third.get_by_label("Kind of answer").select_option("choice")
    third.get_by_label("Choices, one per line (English)").fill("Done as reported\nNot done")
    third.get_by_label("The same choices in Bengali, in the same order").fill("যেমন জানানো হয়েছে তেমন করা হয়েছে\nকরা হয়নি")
    third.get_by_label("An answer is required").check()
    dialog.get_by_role("button", name="Create the form").click()
    expect(dialog).to_be_hidden()


def test_a_new_step_configured_in_the_panel_reaches_the_officer_with_its_form(page, people, api, shot):
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    page.evaluate(DRAW_THE_TASK, [CHECK])
    panel = page.locator('.modeler-panel[data-file="grievance.bpmn"]')
    panel.locator("#bio-properties-panel-name").fill(CHECK_TITLE)
    expect(page.locator(f'g.djs-element[data-element-id="{CHECK}"] text')).to_contain_text("Check the ATR")
    panel.get_by_label("Name in Bengali").fill(CHECK_TITLE_BN)
    panel.get_by_label("Task type").select_option(label="Done by a person (user task)")
    panel.get_by_label("Lane (who does it)").select_option(label="the office (nodal_officer)")
    assert page.evaluate(LANE_OF, [CHECK]) == ["bpmn:UserTask", "nodal_officer"]
    make_the_form(page)
    expect(panel.get_by_label("Form the officer fills in")).to_have_value("atr_check.schema.json")
    expect(page.get_by_test_id("editor-status")).to_contain_text("The form atr_check.schema.json is made")
    panel.get_by_label("Name in the case history").fill("atr_checked")
    shot(page, "1-task-configured")
    assert serious_violations(page) == []

    page.evaluate(DRAW_THE_TIMER, [CHECK])
    lint_mark = page.locator('.djs-overlays[data-container-id="End_check_overdue"] .bjsl-overlay .bjsl-icon-error')
    expect(lint_mark).to_have_count(1)  # bpmnlint marks the end event nothing reaches
    panel.get_by_label("Deadline").select_option(label="The category's service level, from now")
    page.evaluate(CONNECT_THE_TIMER)
    expect(lint_mark).to_have_count(0)
    shot(page, "2-timer-configured")

    page.get_by_label("Note for the new version").fill("The office checks its ATR on the ground")
    page.get_by_role("button", name="Deploy as a new version").click()
    expect(page.get_by_test_id("editor-status")).to_contain_text("Version 2 is deployed.")
    owner = api.login("process.owner")
    files = api.get("/processes/grievance/versions/2", owner).get_json()["files"]
    form = json.loads(files["forms/atr_check.schema.json"])
    assert form["required"] == ["findings", "verdict"] and form["properties"]["findings"]["x-title-bn"] == "পর্যবেক্ষণ"
    assert 'name="formJsonSchemaFilename" value="atr_check.schema.json"' in files["grievance.bpmn"]
    assert "sla_due(priority, category, department)</bpmn:timeDate>" in files["grievance.bpmn"]

    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    atr = next(item for item in api.worklist(nodal) if item["reg_no"] == reg_no)
    assert api.complete(nodal, atr["task_id"], {"action_taken": "Ration card printed and handed over.",
                                                "outcome": "redressed"}).status_code == 200
    page.context.clear_cookies()
    people.officer(page, "nodal.food.pur")
    row = page.locator(f"tr[data-reg-no='{reg_no}']")
    expect(row).to_contain_text(CHECK_TITLE)
    row.get_by_role("link", name=reg_no).click()
    page.get_by_role("button", name="Submit").click()  # the required findings and verdict are missing
    assert "Please fill this in." in page.locator("#findings-error").inner_text()
    page.goto(page.url.split("?")[0] + "?lang=bn")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CHECK_TITLE_BN)
    expect(page.get_by_label("পর্যবেক্ষণ")).to_be_visible()
    expect(page.get_by_label("করা হয়নি")).to_be_visible()
    shot(page, "3-officer-form-bn")
    page.goto(page.url.split("?")[0] + "?lang=en")
    page.get_by_label("Was the action seen on the ground?").check()
    page.get_by_label("Findings").fill("Card seen with the complainant.")
    page.get_by_label("Done as reported").check()
    page.get_by_role("button", name="Submit").click()
    assert f"Task completed for {reg_no}" in page.get_by_role("status").inner_text()
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    checked = [e for e in events if e["event_type"] == "atr_checked"]
    assert checked and checked[0]["data"]["findings"] == "Card seen with the complainant."
    assert [i["task"] for i in api.worklist(api.login("cmo.cell")) if i["reg_no"] == reg_no] == ["Task_verify"]

    page.context.clear_cookies()
    people.officer(page, "process.owner")
    page.goto("/processes/grievance/compare?a=1&b=2")
    expect(page.get_by_text(f"Added: {CHECK_TITLE}")).to_be_visible()


SAVED = """async () => (await window.processEditor.editedFiles())["grievance.bpmn"]"""
SELECT = """async ([id]) => {
  const modeler = (await window.processEditor.open("grievance.bpmn")).modeler;
  modeler.get("selection").select(modeler.get("elementRegistry").get(id));
}"""


def spiff_elements(xml: str) -> list[tuple]:
    """Every SpiffWorkflow extension element of a diagram, in order, with its attributes and text."""
    from lxml import etree

    root = etree.fromstring(xml.encode())
    return [(etree.QName(e).localname, dict(e.attrib), (e.text or "").strip()) for e in root.iter()
            if isinstance(e.tag, str) and e.tag.startswith("{http://spiffworkflow.org/")]


def test_scripts_and_conditions_are_edited_in_the_panel_and_the_engine_attributes_survive(page, people, api):
    people.officer(page, "process.owner")
    page.goto("/processes")
    open_editor(page)
    original = api.get("/processes/grievance/versions/1", api.login("process.owner")).get_json()["files"]
    assert spiff_elements(page.evaluate(SAVED)) == spiff_elements(original["grievance.bpmn"]), \
        "opening and saving keeps every form, event name, deadline variable and decision reference"

    panel = page.locator('.modeler-panel[data-file="grievance.bpmn"]')
    page.evaluate(SELECT, ["Task_atr_reminder"])
    script = panel.get_by_label("Script (Python)")
    expect(script).to_have_value("reminder_count = reminder_count + 1")
    script.fill("reminder_count = reminder_count + 2")
    page.evaluate(SELECT, ["Flow_field"])
    condition = panel.get_by_label("Condition", exact=True)
    expect(condition).to_have_value('decision == "field_validation"')
    condition.fill('decision == "field_validation" and not escalated')
    page.evaluate(SELECT, ["Task_verify"])
    expect(panel.get_by_label("Form the officer fills in")).to_have_value("verify.schema.json")
    expect(panel.get_by_label("Name in the case history")).to_have_value("complainant_verified")
    expect(panel.get_by_label("Lane (who does it)")).to_have_value("Lane_cmo_cell")
    page.evaluate(SELECT, ["Task_categorise"])
    expect(panel.get_by_label("Decision table (its id in the .dmn file)")).to_have_value("routing")
    page.evaluate(SELECT, ["Timer_sla_breach"])
    expect(panel.get_by_label("Deadline")).to_have_value("escalate_hod_at")

    saved = page.evaluate(SAVED)
    assert "reminder_count = reminder_count + 2" in saved
    assert 'decision == "field_validation" and not escalated</bpmn:conditionExpression>' in saved.replace("&#34;", '"')
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_test_id("editor-status")).to_have_text("No problems found. The model can be deployed.")
