"""The whole life of a grievance through the HTTP API on the embedded default (SQLite, in-process engine)."""
from __future__ import annotations

import re
from datetime import timedelta

from core.clock import parse_iso
from tests.conftest import START

CITIZEN = "9830012345"


def one(items, task):
    matching = [i for i in items if i["task"] == task]
    assert len(matching) == 1, items
    return matching[0]


def run_timers(app, as_of) -> str:
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def test_grievance_lives_from_lodging_to_closure_with_escalation_send_back_and_audit(app, api, frozen_clock):
    citizen = api.login_citizen(CITIZEN)
    lodged = api.lodge(citizen)
    assert lodged.status_code == 201, lodged.get_json()
    case = lodged.get_json()
    reg_no = case["reg_no"]
    assert re.fullmatch(r"CMO/2026/\d{6}", reg_no)
    assert case["status"] == "forwarded" and case["office"] == "FOOD-PUR"
    # Seven working days from Monday 2 November: Sunday 8 November is off, so Tuesday 10 November, 10:00 IST.
    assert parse_iso(case["sla_due_at"]) == START + timedelta(days=8)

    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    assert (atr["task"], atr["reg_no"], atr["sla"]) == ("Task_submit_atr", reg_no, "green")
    assert parse_iso(atr["due_at"]) == START + timedelta(days=8)

    # Two working days before the deadline (Saturday 7 November) the reminder fires. (Logins last 12 hours.)
    assert "1 timers fired" in run_timers(app, START + timedelta(days=5, minutes=1))
    frozen_clock.set(START + timedelta(days=5, minutes=1))
    nodal = api.login("nodal.food.pur")
    assert one(api.worklist(nodal), "Task_submit_atr")["sla"] == "amber"

    # No ATR by the deadline + 1 minute: the escalation reaches the head of department, exactly once.
    assert api.worklist(api.login("hod.food")) == []
    assert "0 timers fired" in run_timers(app, START + timedelta(days=7, minutes=1)), "Sunday does not count"
    deadline_passed = START + timedelta(days=8, minutes=1)
    assert "1 timers fired" in run_timers(app, deadline_passed)
    assert "0 timers fired" in run_timers(app, deadline_passed + timedelta(hours=1))
    frozen_clock.set(deadline_passed + timedelta(hours=1))
    citizen, nodal, hod = api.login_citizen(CITIZEN), api.login("nodal.food.pur"), api.login("hod.food")
    assert one(api.worklist(hod), "Task_escalation_review")["role"] == "head_of_department"
    assert one(api.worklist(nodal), "Task_submit_atr")["sla"] == "red"
    seen_by_hod = api.get(f"/grievances/{reg_no}", hod).get_json()
    assert (seen_by_hod["sla"], seen_by_hod["is_escalated"], seen_by_hod["escalation_level"]) == (
        "red", True, "head_of_department")

    # The nodal officer submits the ATR late; the CMO cell's verification call sends it back.
    atr_done = api.complete(nodal, atr["task_id"], {"action_taken": "Ration card printed and handed over.",
                                                    "outcome": "redressed"})
    assert atr_done.status_code == 200, atr_done.get_json()
    cmo = api.login("cmo.cell")
    verify = one(api.worklist(cmo), "Task_verify")
    sent_back = api.complete(cmo, verify["task_id"], {"call_result": "reached_not_satisfied", "decision": "send_back",
                                                      "reasons": "Citizen says the card has the wrong address."})
    assert sent_back.status_code == 200, sent_back.get_json()
    detail = api.get(f"/grievances/{reg_no}", cmo).get_json()
    assert (detail["status"], detail["send_back_count"]) == ("sent_back", 1)

    # A fresh ATR round with a fresh deadline, seven working days from Tuesday 10 November 11:01 IST: Bhai Duj
    # (Wed 11), the second Saturday and Sunday are off, so Friday 20 November 11:01.
    second_atr = one(api.worklist(nodal), "Task_submit_atr")
    assert parse_iso(second_atr["due_at"]) == deadline_passed + timedelta(hours=1, days=10)
    assert api.complete(nodal, second_atr["task_id"], {"action_taken": "Address corrected, new card delivered.",
                                                       "outcome": "redressed"}).status_code == 200
    verify = one(api.worklist(cmo), "Task_verify")
    assert api.complete(cmo, verify["task_id"], {"call_result": "not_reachable",
                                                 "decision": "field_validation"}).status_code == 200
    field = one(api.worklist(cmo), "Task_field_validation")
    assert api.complete(cmo, field["task_id"], {"field_result": "confirmed", "decision": "close"}).status_code == 200

    closed = api.get(f"/grievances/{reg_no}", citizen).get_json()
    assert closed["status"] == "closed" and closed["closed_at"] and closed["sla"] is None
    assert api.worklist(hod) == [], "closing the case withdraws the open escalation review"
    assert api.get(f"/track/{reg_no}").get_json()["status"] == "closed"

    # The auditor sees every step, who did it and when, and the hash chain verifies.
    auditor = api.login("auditor")
    history = api.get(f"/grievances/{reg_no}/history", auditor).get_json()
    assert history["chain"]["ok"] is True
    steps = [(e["event_type"], e["actor_role"]) for e in history["events"]]
    for expected in [("grievance_lodged", "citizen"), ("case_categorised", "system"), ("case_forwarded", "system"),
                     ("atr_reminder_sent", "system"), ("sla_breached", "system"), ("atr_submitted", "nodal_officer"),
                     ("complainant_verified", "cmo_cell"), ("case_sent_back", "system"),
                     ("field_validated", "cmo_cell"), ("case_closed", "system"), ("process_completed", "system")]:
        assert expected in steps, expected
    assert steps.count(("sla_breached", "system")) == 1
    assert [e["event_type"] for e in history["events"]].count("timer_fired") == 2
    timers = [e["element_id"] for e in history["events"] if (e["element_id"] or "").startswith("Timer_")]
    assert sorted(timers) == ["Timer_atr_reminder", "Timer_sla_breach"], "a fired timer is one row, not two"
    assert all(e["at"] for e in history["events"])
