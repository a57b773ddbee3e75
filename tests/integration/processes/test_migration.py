"""Moving open cases to a new process version: a dry run changes nothing, a real move keeps every SLA due time
(the escalation still fires at the original deadline, once), and a version that removes something is refused."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import engine
from core.clock import parse_iso
from core.db import transaction
from engine.models import ProcessInstance
from tests.conftest import START
from tests.integration.processes.edits import REVIEW, add_review_after_atr, grievance_bpmn, remove_cmo_escalation
from tests.support.diagrams import SLA_PROBE

CITIZEN = "9830012345"
ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}
# The ATR's timers, as the SLA policy sets them for a case lodged on Monday 2 November 2026, 10:00 IST.
REMINDER, DEADLINE = START + timedelta(days=5), START + timedelta(days=8)
SECRETARY, CMO = START + timedelta(days=14), START + timedelta(days=17)


def run_timers(app, as_of) -> str:
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def instance_row(app, reg_no: str) -> dict:
    with app.app_context(), transaction(readonly=True) as session:
        row = session.scalar(select(ProcessInstance).where(ProcessInstance.business_key == reg_no))
        return {"state": row.state, "lock_version": row.lock_version, "model": row.process_model_id,
                "next_timer_at": row.next_timer_at}


def deploy(api, owner, bpmn: str) -> int:
    response = api.post("/processes/grievance/deploy", owner,
                        json={"note": "A test edit", "files": {"grievance.bpmn": bpmn}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["version"]


def migrate(api, owner, *, to_version: int, dry_run: bool, from_version: int = 1) -> dict:
    response = api.post("/processes/grievance/migrate", owner,
                        json={"from_version": from_version, "to_version": to_version, "dry_run": dry_run})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def open_by_version(api, owner) -> dict:
    return {p["process_id"]: p for p in api.get("/processes", owner).get_json()}["grievance"]["open_by_version"]


def history(api, reg_no: str) -> list[dict]:
    return api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]


@pytest.fixture
def waiting_case(api) -> str:
    """A grievance lodged at START, waiting for the nodal officer's ATR with its four timers set."""
    return api.lodge(api.login_citizen(CITIZEN)).get_json()["reg_no"]


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(app, api, waiting_case, frozen_clock):
    frozen_clock.advance(days=3)
    owner = api.login("process.owner")
    deploy(api, owner, add_review_after_atr(grievance_bpmn()))
    before = instance_row(app, waiting_case)

    report = migrate(api, owner, to_version=2, dry_run=True)

    assert (report["dry_run"], report["migrated"], report["refused"], report["removed"]) == (True, 1, 0, [])
    assert any(REVIEW in added for added in report["added"])
    [case] = report["instances"]
    assert (case["business_key"], case["outcome"], case["reason"]) == (waiting_case, "would_migrate", None)
    assert "Submit Action Taken Report (Task_submit_atr)" in case["waiting_at"]
    assert [(t["element_id"], parse_iso(t["due_at"])) for t in case["timers"]] == [
        ("Timer_atr_reminder", REMINDER), ("Timer_sla_breach", DEADLINE), ("Timer_escalate_secretary", SECRETARY),
        ("Timer_escalate_cmo", CMO)]
    assert instance_row(app, waiting_case) == before
    assert open_by_version(api, owner) == {"1": 1, "2": 0}
    assert "process_migrated" not in [e["event_type"] for e in history(api, waiting_case)]


def test_a_migrated_case_keeps_its_deadlines_and_escalates_at_the_original_time_once(app, api, waiting_case,
                                                                                      frozen_clock):
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    assert parse_iso(atr["due_at"]) == DEADLINE
    frozen_clock.advance(days=3)  # three days into the SLA the process owner adds a check after the ATR
    owner = api.login("process.owner")
    deploy(api, owner, add_review_after_atr(grievance_bpmn()))
    before = instance_row(app, waiting_case)

    report = migrate(api, owner, to_version=2, dry_run=False)

    [case] = report["instances"]
    assert (report["migrated"], case["outcome"]) == (1, "migrated")
    assert [parse_iso(t["due_at"]) for t in case["timers"]] == [REMINDER, DEADLINE, SECRETARY, CMO]
    after = instance_row(app, waiting_case)
    assert after["model"] != before["model"] and after["lock_version"] == before["lock_version"] + 1
    assert after["next_timer_at"] == before["next_timer_at"] == REMINDER
    assert open_by_version(api, owner) == {"1": 0, "2": 1}
    [moved] = [e for e in history(api, waiting_case) if e["event_type"] == "process_migrated"]
    assert moved["data"] == {"process": "grievance", "from_version": 1, "to_version": 2}
    assert moved["actor_role"] == "process_owner"
    nodal = api.login("nodal.food.pur")
    [still] = api.worklist(nodal)
    assert (still["task_id"], parse_iso(still["due_at"])) == (atr["task_id"], DEADLINE), "the same task, same due time"

    # The clock runs on: reminder at day 5, nothing before the original deadline, the escalation just after it.
    assert "1 timers fired" in run_timers(app, REMINDER + timedelta(minutes=1))
    assert "0 timers fired" in run_timers(app, DEADLINE - timedelta(minutes=1))
    assert "1 timers fired" in run_timers(app, DEADLINE + timedelta(minutes=1))
    assert "0 timers fired" in run_timers(app, DEADLINE + timedelta(hours=2))
    frozen_clock.set(DEADLINE + timedelta(hours=2))
    hod, nodal = api.login("hod.food"), api.login("nodal.food.pur")
    assert [i["task"] for i in api.worklist(hod)] == ["Task_escalation_review"]
    events = history(api, waiting_case)
    assert [e["event_type"] for e in events].count("sla_breached") == 1
    [fired] = [e for e in events if e["event_type"] == "timer_fired" and e["element_id"] == "Timer_sla_breach"]
    assert parse_iso(fired["data"]["due_at"]) == DEADLINE

    # And the case now follows version 2: after the ATR comes the new check.
    done = api.complete(nodal, atr["task_id"], ATR)
    assert done.status_code == 200, done.get_json()
    assert REVIEW in [i["task"] for i in api.worklist(nodal)]


def test_a_version_that_removes_what_a_case_waits_on_is_refused_for_that_case(app, api, waiting_case):
    owner = api.login("process.owner")
    assert deploy(api, owner, remove_cmo_escalation(grievance_bpmn())) == 2
    before = instance_row(app, waiting_case)

    report = migrate(api, owner, to_version=2, dry_run=False)

    assert (report["migrated"], report["refused"]) == (0, 1)
    assert "Still no ATR: CMO cell (Timer_escalate_cmo)" in report["removed"]
    [case] = report["instances"]
    assert case["outcome"] == "refused"
    assert "Timer_escalate_cmo" in case["reason"] and "removes" in case["reason"]
    assert instance_row(app, waiting_case) == before
    assert open_by_version(api, owner) == {"1": 1, "2": 0}


def test_a_removal_refuses_even_cases_not_at_the_removed_element(app, api, waiting_case):
    owner = api.login("process.owner")
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    api.complete(nodal, atr["task_id"], ATR)
    deploy(api, owner, remove_cmo_escalation(grievance_bpmn()))

    [case] = migrate(api, owner, to_version=2, dry_run=True)["instances"]

    assert case["outcome"] == "refused"
    assert case["reason"].startswith("version 2 removes ") and case["reason"].endswith("nothing is removed")
    assert "Still no ATR: CMO cell (Timer_escalate_cmo)" in case["reason"]


def test_a_case_whose_open_task_would_change_lane_stays_on_its_version(app, api, waiting_case):
    owner = api.login("process.owner")
    moved = grievance_bpmn().replace("<bpmn:flowNodeRef>Task_submit_atr</bpmn:flowNodeRef>", "").replace(
        "<bpmn:flowNodeRef>Task_escalate</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>Task_escalate</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_submit_atr</bpmn:flowNodeRef>")
    deploy(api, owner, moved)

    [case] = migrate(api, owner, to_version=2, dry_run=False)["instances"]

    assert case["outcome"] == "refused"
    assert "moves from lane nodal_officer to head_of_department" in case["reason"]
    assert open_by_version(api, owner) == {"1": 1, "2": 0}


def test_asking_for_a_missing_or_the_same_version_is_an_error(api):
    owner = api.login("process.owner")
    missing = api.post("/processes/grievance/migrate", owner, json={"from_version": 1, "to_version": 7})
    assert missing.status_code == 404
    same = api.post("/processes/grievance/migrate", owner, json={"from_version": 1, "to_version": 1})
    assert same.status_code == 422 and "to_version" in same.get_json()["errors"]


def test_a_duration_timer_keeps_its_due_time_instead_of_restarting_at_migration(app, frozen_clock):
    """SpiffWorkflow recreates a waiting "P7D" timer on migration; the saved due time is what counts."""
    probe_v2 = SLA_PROBE.replace('<bpmn:flowNodeRef>done</bpmn:flowNodeRef>',
                                 '<bpmn:flowNodeRef>done</bpmn:flowNodeRef><bpmn:flowNodeRef>check</bpmn:flowNodeRef>')
    probe_v2 = probe_v2.replace('<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="done"/>',
                                '<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="check"/>'
                                '<bpmn:userTask id="check" name="Check"/>'
                                '<bpmn:sequenceFlow id="f5" sourceRef="check" targetRef="done"/>')
    with app.app_context(), transaction() as session:
        engine.deploy(session, process_id="sla_probe", files={"probe.bpmn": SLA_PROBE}, actor="test")
        instance = engine.start(session, process_id="sla_probe", data={}, actor=None)
    frozen_clock.advance(days=3)
    with app.app_context(), transaction() as session:
        engine.deploy(session, process_id="sla_probe", files={"probe.bpmn": probe_v2}, actor="test")
        report = engine.migrate_instances(session, process_id="sla_probe", from_version=1, to_version=2,
                                          dry_run=False, actor=None)
    assert [(i.outcome, [t.due_at for t in i.timers]) for i in report.instances] == [
        ("migrated", [START + timedelta(days=7)])]
    with app.app_context(), transaction(readonly=True) as session:
        assert session.get(ProcessInstance, instance.id).next_timer_at == START + timedelta(days=7)
        assert engine.open_instances_by_version(session, "sla_probe") == {1: 0, 2: 1}
    frozen_clock.set(START + timedelta(days=7, seconds=1))
    with app.app_context():
        assert engine.fire_due_timers(app.extensions["db"]).timers_fired == 1
