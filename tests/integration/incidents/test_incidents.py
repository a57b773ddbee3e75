"""No process model can stop the system: a step that fails parks its case as an incident, lodging, login and the
other cases go on, and a process owner retries it after moving the case to a fixed version."""
from __future__ import annotations

from datetime import timedelta

import pytest

import engine
from jobs.periodic import sweep_timers
from tests.integration.incidents.faults import deploy, migrate, with_script
from tests.integration.processes.edits import grievance_bpmn
from tests.support.cases import task

CITIZEN = "9830012345"
ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


@pytest.fixture
def owner(api) -> str:
    return api.login("process.owner")


def history_types(api, reg_no: str) -> list[str]:
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    return [e["event_type"] for e in events]


def open_incidents(api, owner: str) -> list[dict]:
    listed = api.get("/incidents", owner)
    assert listed.status_code == 200, listed.get_json()
    return listed.get_json()["items"]


def test_a_script_failing_at_lodging_keeps_the_grievance_and_opens_an_incident(api, owner):
    broken = deploy(api, owner, with_script("Task_register", "status = lodged_status_typo"), "a typo in the status")
    operator = api.login("operator")

    lodged = api.lodge(operator, mobile=CITIZEN)
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    assert any(reg_no in sms for sms in api.sms_to("+91" + CITIZEN))  # acknowledged with its number
    assert api.get(f"/track/{reg_no}").status_code == 200
    [incident] = open_incidents(api, owner)
    assert incident["business_key"] == reg_no and incident["element_name"] == "Register grievance"
    assert "NameError" in incident["error"] and incident["action"] == "start" and incident["attempts"] == 1
    assert history_types(api, reg_no)[-1] == "incident_opened"
    # Everyone else goes on: another lodging, an officer's login.
    assert api.lodge(operator, mobile="9830012399").status_code == 201
    assert api.login("nodal.food.pur")

    # Retrying on the same broken version fails again and says so; after moving the case to a fixed version it runs.
    again = api.post(f"/incidents/{incident['id']}/retry", owner).get_json()
    assert again["status"] == "open" and again["attempts"] == 2
    fixed = deploy(api, owner, grievance_bpmn(), "typo fixed")
    assert migrate(api, owner, broken, fixed)["migrated"] == 2
    retried = api.post(f"/incidents/{incident['id']}/retry", owner).get_json()
    assert retried["status"] == "resolved" and retried["resolved_by"].startswith("process_owner:")
    assert task(api, api.login("nodal.food.pur"), "Task_submit_atr", reg_no)
    assert "incident_resolved" in history_types(api, reg_no) and open_incidents(api, owner) == [
        i for i in open_incidents(api, owner) if i["business_key"] != reg_no]


@pytest.mark.parametrize("script, error", [
    ("while True:\n    pass", "CPU"),
    ("status = 'a' * (2 * 10 ** 9)", "memory"),
    ("raise SystemExit", "SystemExit"),
])
def test_no_script_stops_lodging_or_login(api, owner, script, error):
    """A careless process owner's loop, memory bomb or exit: each case lodges and parks, the system goes on."""
    deploy(api, owner, with_script("Task_register", script), "careless")
    operator = api.login("operator")
    for mobile in ("9830012345", "9830012399"):
        lodged = api.lodge(operator, mobile=mobile)
        assert lodged.status_code == 201, lodged.get_json()
    incidents = open_incidents(api, owner)
    assert len(incidents) == 2 and all(i["element_name"] == "Register grievance" for i in incidents)
    assert error.lower() in incidents[0]["error"].lower(), incidents[0]["error"]
    assert api.login("nodal.food.pur") and api.login_citizen("9830012345")


def test_a_failing_step_after_an_officers_task_keeps_the_submission(api, owner):
    broken = deploy(api, owner, with_script("Task_mark_atr_submitted", "raise SystemExit"), "exit after ATR")
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    atr = task(api, nodal, "Task_submit_atr", reg_no)

    answered = api.complete(nodal, atr["task_id"], ATR)
    assert answered.status_code == 200, answered.get_json()
    assert answered.get_json()["held_by_incident"] is True
    [incident] = open_incidents(api, owner)
    assert incident["element_name"] == "Await verification" and incident["action"] == "complete_task"
    held = api.complete(nodal, atr["task_id"], ATR)
    assert held.status_code == 409 and held.get_json()["code"] == "case_held_by_incident"

    fixed = deploy(api, owner, grievance_bpmn(), "no exit")
    migrate(api, owner, broken, fixed)
    assert api.post(f"/incidents/{incident['id']}/retry", owner).get_json()["status"] == "resolved"
    assert task(api, api.login("cmo.cell"), "Task_verify", reg_no)
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    [submitted] = [e for e in events if e["event_type"] == "atr_submitted"]
    assert submitted["actor_role"] == "nodal_officer", submitted  # the officer's, not the retrying owner's


def test_a_failing_timer_script_parks_one_case_and_the_sweep_goes_on(app, api, owner, frozen_clock):
    healthy_case = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    broken = deploy(api, owner, with_script("Task_atr_reminder", "raise SystemExit"), "exit in reminder")
    broken_cases = [api.lodge(api.login("operator"), mobile=mobile).get_json()["reg_no"]
                    for mobile in ("9830012399", "9830012398")]

    frozen_clock.advance(timedelta(days=6))
    result = sweep_timers(app)  # the embedded worker's and Celery's job: SystemExit must not escape it
    assert result.incidents == 2 and result.timers_fired >= 1, "each parked case is counted"
    assert "atr_reminder_sent" in history_types(api, healthy_case)
    owner = api.login("process.owner")  # six days on: a fresh login
    incidents = open_incidents(api, owner)
    assert sorted(i["business_key"] for i in incidents) == sorted(broken_cases)
    assert all(i["action"] == "fire_timers" for i in incidents)
    assert all("SystemExit" in i["error"] or "not allowed" in i["error"] for i in incidents)
    assert sweep_timers(app).incidents == 0  # parked: not retried by every sweep
    assert api.lodge(api.login("operator"), mobile="9830012388").status_code == 201

    fixed = deploy(api, owner, grievance_bpmn(), "no exit")
    migrate(api, owner, broken, fixed)
    for incident in incidents:
        assert api.post(f"/incidents/{incident['id']}/retry", owner).get_json()["status"] == "resolved"
        assert "atr_reminder_sent" in history_types(api, incident["business_key"])


def test_incidents_are_for_process_owners_and_administrators(api):
    for username in ("admin", "process.owner"):
        assert api.get("/incidents", api.login(username)).status_code == 200
    for username in ("nodal.food.pur", "cmo.cell", "auditor"):
        assert api.get("/incidents", api.login(username)).status_code == 403
    assert api.get("/incidents").status_code == 401
    assert api.post("/incidents/999/retry", api.login("admin")).status_code == 404
    assert api.get("/incidents?status=maybe", api.login("admin")).status_code == 422


def test_the_engine_reports_no_incident_for_a_refused_action(app, api):
    """A person's mistake (a task no longer open) is a 409 for them, never an incident."""
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    assert api.complete(nodal, atr["task_id"], ATR).status_code == 200
    assert api.complete(nodal, atr["task_id"], ATR).status_code in (404, 409)
    with app.app_context(), app.extensions["db"].transaction(readonly=True) as session:
        assert engine.count_open(session) == 0
