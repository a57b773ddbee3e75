"""Lint with meaning: a model that would not work as a process (a task nobody can reach, the ATR step deleted, a
lane that is no role, a timer calling an unknown function) is refused on every deploy path — the editor page, the
API, the CLI, seeding — while warnings are shown and do not block."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from core.db import transaction
from engine.bpmnlint import available as bpmnlint_available
from engine.lint import MANIFEST
from engine.versions import validate_files
from tests.integration.processes.edits import (
    DISCONNECTED,
    ROOT,
    add_disconnected_task,
    delete_atr_step,
    grievance_bpmn,
)

ATR_TIMER = "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">atr_reminder_at</bpmn:timeDate>"


def with_timer(expression: str) -> str:
    assert ATR_TIMER in grievance_bpmn()
    return grievance_bpmn().replace(ATR_TIMER, ATR_TIMER.replace("atr_reminder_at", expression))


def renamed_lane(xml: str) -> str:
    return xml.replace('name="nodal_officer"', 'name="nodal_officers"')


BROKEN = {
    "disconnected task": (add_disconnected_task, DISCONNECTED, "not connected"),
    "deleted ATR step": (delete_atr_step, "Task_submit_atr", 'milestone "Submit Action Taken Report"'),
}


@pytest.fixture
def owner(api) -> str:
    return api.login("process.owner")


def latest_version(api, owner) -> int:
    return {p["process_id"]: p["latest_version"] for p in api.get("/processes", owner).get_json()}["grievance"]


def errors(problems: list[dict]) -> list[dict]:
    return [p for p in problems if p["severity"] == "error"]


def editor_page(api, owner):
    """A logged-in process owner's browser session on the editor page, with the page's CSRF token."""
    client = api.app.test_client()
    with client.session_transaction() as session:
        session["token"] = owner
    page = client.get("/processes/grievance/edit")
    assert page.status_code == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client, {"X-CSRFToken": token}


@pytest.mark.parametrize("edit", BROKEN, ids=list(BROKEN))
def test_a_broken_model_is_refused_by_the_api(api, owner, edit):
    change, element_id, message = BROKEN[edit]
    files = {"files": {"grievance.bpmn": change(grievance_bpmn())}}
    checked = api.post("/processes/grievance/validate", owner, json=files).get_json()
    assert checked["ok"] is False
    assert any(p["element_id"] == element_id and message in p["message"] for p in errors(checked["problems"]))
    refused = api.post("/processes/grievance/deploy", owner, json={**files, "note": "A test edit"})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert any(message in m for key, ms in refused.get_json()["errors"].items() if key.endswith(element_id) for m in ms)
    assert latest_version(api, owner) == 1


@pytest.mark.parametrize("edit", BROKEN, ids=list(BROKEN))
def test_a_broken_model_is_refused_by_the_editor_page(api, owner, edit):
    change, element_id, message = BROKEN[edit]
    client, headers = editor_page(api, owner)
    files = {"files": {"grievance.bpmn": change(grievance_bpmn())}}
    checked = client.post("/processes/grievance/validate", json=files, headers=headers)
    assert checked.status_code == 200 and checked.get_json()["ok"] is False
    refused = client.post("/processes/grievance/deploy", json={**files, "note": "A test edit"}, headers=headers)
    assert refused.status_code == 422
    problems = refused.get_json()["problems"]
    assert any(p["element_id"] == element_id and message in p["message"] for p in errors(problems))
    assert latest_version(api, owner) == 1


@pytest.mark.parametrize("edit", BROKEN, ids=list(BROKEN))
def test_a_broken_model_is_refused_by_the_cli(app, api, owner, tmp_path, edit):
    change, element_id, message = BROKEN[edit]
    folder = tmp_path / "grievance"
    shutil.copytree(ROOT / "bpmn" / "grievance", folder)
    (folder / "grievance.bpmn").write_text(change(grievance_bpmn()), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["process", "deploy", "grievance", "--folder", str(folder)])
    assert result.exit_code == 1
    assert "not deployed" in result.output and element_id in result.output and message in result.output
    assert latest_version(api, owner) == 1


def test_the_cli_deploys_a_model_with_warnings_and_prints_them(app, api, owner, tmp_path):
    folder = tmp_path / "grievance"
    shutil.copytree(ROOT / "bpmn" / "grievance", folder)
    (folder / "grievance.bpmn").write_text(with_timer("atr_remind_at"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["process", "deploy", "grievance", "--folder", str(folder)])
    assert result.exit_code == 0, result.output
    assert "warning: grievance.bpmn #Timer_atr_reminder" in result.output and '"atr_remind_at"' in result.output
    assert latest_version(api, owner) == 2


def test_seeding_refuses_a_model_folder_that_lost_a_milestone(app, tmp_path):
    from bootstrap.seed import seed_base
    from engine import InvalidModel

    bpmn_dir = tmp_path / "bpmn"
    shutil.copytree(ROOT / "bpmn", bpmn_dir)
    (bpmn_dir / "grievance" / "grievance.bpmn").write_text(delete_atr_step(grievance_bpmn()), encoding="utf-8")
    settings = app.extensions["settings"].with_(bpmn_dir=bpmn_dir)
    with app.app_context(), pytest.raises(InvalidModel) as refused, transaction() as session:
        seed_base(session, settings=settings)
    assert any(p.element_id == "Task_submit_atr" for p in refused.value.problems)


def test_warnings_are_shown_on_the_element_and_do_not_block(api, owner):
    files = {"files": {"grievance.bpmn": with_timer("atr_remind_at")}}
    checked = api.post("/processes/grievance/validate", owner, json=files).get_json()
    assert checked["ok"] is True
    [warning] = checked["problems"]
    assert (warning["severity"], warning["element_id"]) == ("warning", "Timer_atr_reminder")
    assert '"atr_remind_at"' in warning["message"]
    deployed = api.post("/processes/grievance/deploy", owner, json={**files, "note": "A test edit"})
    assert deployed.status_code == 201, deployed.get_json()
    assert [w["element_id"] for w in deployed.get_json()["warnings"]] == ["Timer_atr_reminder"]
    assert latest_version(api, owner) == 2


def test_a_lane_that_is_not_a_role_is_refused(api, owner):
    refused = api.post("/processes/grievance/deploy", owner,
                       json={"note": "A test edit", "files": {"grievance.bpmn": renamed_lane(grievance_bpmn())}})
    assert refused.status_code == 422
    message = refused.get_json()["errors"]["grievance.bpmn#Task_submit_atr"][0]
    assert 'lane "nodal_officers", which is not a role' in message and "nodal_officer," in message


@pytest.mark.parametrize("expression, message", [
    ("remind_me(atr_due_at)", "calls remind_me(), which is not a registered helper"),
    ("atr_due_at.upper()", "calls a method, which is not a registered helper"),
    ("'P7X'", "'P7X' is not an ISO 8601 date"),
    ("PT2H", "quote it ('PT2H')"),
])
def test_a_timer_that_does_not_evaluate_to_a_time_is_refused(api, owner, expression, message):
    files = {"files": {"grievance.bpmn": with_timer(expression)}}
    refused = api.post("/processes/grievance/deploy", owner, json={**files, "note": "A test edit"})
    assert refused.status_code == 422
    assert message in refused.get_json()["errors"]["grievance.bpmn#Timer_atr_reminder"][0]


def test_a_timer_calling_a_registered_helper_on_a_set_variable_passes(api, owner):
    files = {"files": {"grievance.bpmn": with_timer('sla_escalation("secretary", atr_due_at, department)')}}
    assert api.post("/processes/grievance/validate", owner, json=files).get_json() == {"ok": True, "problems": []}


@pytest.mark.parametrize("ref, message", [
    ("http://127.0.0.1:5199/remote.json", "points outside the model"),
    ("file:///etc/passwd", "points outside the model"),
    ("../../secrets.schema.json", "points outside the model"),
    ("missing.schema.json#/$defs/x", "names a form that is not part of the model"),
])
def test_a_form_ref_outside_the_models_forms_is_refused(api, owner, ref, message):
    form = json.dumps({"type": "object", "properties": {"remarks": {"$ref": ref}}})
    checked = api.post("/processes/grievance/validate", owner,
                       json={"files": {"forms/verify.schema.json": form}}).get_json()
    assert checked["ok"] is False
    assert any(p["file"].endswith("verify.schema.json") and (message in p["message"] or ref in p["message"])
               for p in checked["problems"]), checked


def test_a_ref_to_another_form_of_the_model_passes(api, owner):
    form = '{"type": "object", "properties": {"x": {"$ref": "submit_atr.schema.json"}, "y": {"$ref": "#/$defs/y"}},' \
           ' "$defs": {"y": {"type": "string"}}}'
    checked = api.post("/processes/grievance/validate", owner, json={"files": {"forms/verify.schema.json": form}})
    assert checked.get_json()["ok"] is True, checked.get_json()


def test_an_edited_manifest_that_names_a_missing_milestone_is_refused(api, owner):
    manifest = json.loads((ROOT / "bpmn" / "grievance" / MANIFEST).read_text(encoding="utf-8"))
    manifest["milestones"].append({"id": "Task_hearing", "name": "Hear the complainant"})
    checked = api.post("/processes/grievance/validate", owner,
                       json={"files": {MANIFEST: json.dumps(manifest)}}).get_json()
    assert checked["ok"] is False
    [problem] = checked["problems"]
    assert 'required milestone "Hear the complainant" (Task_hearing) is missing' in problem["message"]


def test_an_edit_cannot_drop_a_milestone_together_with_its_step(api, owner):
    manifest = (ROOT / "bpmn" / "grievance" / MANIFEST).read_text(encoding="utf-8").replace(
        '{"id": "Task_submit_atr", "name": "Submit Action Taken Report"},', "")
    edit = {"files": {MANIFEST: manifest, "grievance.bpmn": delete_atr_step(grievance_bpmn())}}
    refused = api.post("/processes/grievance/deploy", owner, json={**edit, "note": "A test edit"})
    assert refused.status_code == 422
    assert 'drops the required milestone "Submit Action Taken Report"' in refused.get_json()["errors"][
        f"{MANIFEST}#Task_submit_atr"][0]
    assert latest_version(api, owner) == 1


@pytest.mark.parametrize("process_id", ["grievance", "appeal"])
def test_the_shipped_models_pass_without_warnings(app, process_id):
    from engine import read_model_folder

    with app.app_context():
        assert validate_files(process_id, read_model_folder(ROOT / "bpmn" / process_id)) == []


@pytest.mark.skipif(not bpmnlint_available(), reason="node and node_modules/bpmnlint are not installed")
def test_bpmnlint_runs_on_the_server_with_the_editors_rules(api, owner):
    checked = api.post("/processes/grievance/validate", owner,
                       json={"files": {"grievance.bpmn": add_disconnected_task(grievance_bpmn())}}).get_json()
    rules = {p["message"].rsplit("bpmnlint: ", 1)[-1].rstrip(")") for p in checked["problems"] if "bpmnlint" in
             p["message"] and p["element_id"] == DISCONNECTED}
    assert "no-disconnected" in rules
    assert Path(ROOT / ".bpmnlintrc").is_file()
