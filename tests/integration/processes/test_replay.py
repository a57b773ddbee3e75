"""Process owners test an edited model on recent real cases before it goes live: each case's recorded decisions,
timer firings and messages are replayed on the edit, and the report says which cases would take another path,
get stuck or fail, how deadlines, escalations and workload would move; a model that fails on them is not
deployed without a recorded reason; nothing the replay does is kept."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

import engine
from case_api.models import CaseEvent
from engine.models import ProcessInstance
from notifications.models import OutboxMessage
from tests.conftest import START
from tests.integration.processes.edits import REVIEW, ROOT, add_review_after_atr, grievance_bpmn
from tests.integration.processes.replay_edits import edited
from tests.support.cases import lodge_and_close, task

ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}
ASK = {"action_taken": "Checked the shop register.", "outcome": "needs_clarification",
       "clarification_question": "Which ration shop do you use?"}
CLOSE = {"call_result": "reached_satisfied", "decision": "close"}


def sweep(app, clock, at) -> None:
    clock.set(at)
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])


def complete(api, user: str, element: str, reg_no: str, data: dict) -> None:
    token = api.login(user)
    answer = api.complete(token, task(api, token, element, reg_no)["task_id"], data)
    assert answer.status_code == 200, answer.get_json()


@pytest.fixture
def cases(app, api, frozen_clock) -> dict[str, str]:
    """Four recent cases, lived through the API: closed on time; closed after the ATR reminder fired; closed after
    the complainant answered a clarification; one still waiting for its ATR."""
    lodge = lambda mobile: api.lodge(api.login("operator"), mobile=mobile).get_json()["reg_no"]  # noqa: E731
    on_time, late, clarified = lodge("9830012341"), lodge("9830012342"), lodge("9830012343")
    complete(api, "nodal.food.pur", "Task_submit_atr", on_time, ATR)
    complete(api, "cmo.cell", "Task_verify", on_time, CLOSE)
    complete(api, "nodal.food.pur", "Task_submit_atr", clarified, ASK)
    frozen_clock.set(START + timedelta(days=2))
    citizen = api.login_citizen("9830012343")
    assert api.post(f"/grievances/{clarified}/clarification", citizen,
                    json={"text": "Shop no. 14, Hura market."}).status_code == 204
    complete(api, "nodal.food.pur", "Task_submit_atr", clarified, ATR)
    complete(api, "cmo.cell", "Task_verify", clarified, CLOSE)
    sweep(app, frozen_clock, START + timedelta(days=5, minutes=1))  # Saturday 7 November: the late case's reminder
    frozen_clock.set(START + timedelta(days=6))
    complete(api, "nodal.food.pur", "Task_submit_atr", late, ATR)
    complete(api, "cmo.cell", "Task_verify", late, CLOSE)
    waiting = lodge("9830012344")
    return {"on_time": on_time, "late": late, "clarified": clarified, "waiting": waiting}


def replay(api, files: dict[str, str], user: str = "process.owner", token: str | None = None, **criteria):
    return api.post("/processes/grievance/replay", token or api.login(user), json={"files": files, **criteria})


def stored_counts(db) -> tuple[int, int, int]:
    with db.transaction(readonly=True) as session:
        return tuple(session.scalar(select(func.count()).select_from(table))
                     for table in (CaseEvent, OutboxMessage, ProcessInstance))


def by_reg_no(report: dict) -> dict[str, dict]:
    return {case["reg_no"]: case for case in report["cases"]}


def test_the_unchanged_model_replays_every_recent_case_on_its_recorded_path(api, db, cases):
    owner = api.login("process.owner")  # (logging in sends an OTP: counted before)
    before = stored_counts(db)
    answer = replay(api, {"grievance.bpmn": grievance_bpmn()}, token=owner)
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["cases_replayed"] == 4
    assert report["outcomes"] == {"same": 4, "different": 0, "stuck": 0, "error": 0}
    outcome = {reg_no: (c["outcome"], c["steps"] == c["steps_replayed"]) for reg_no, c in by_reg_no(report).items()}
    assert outcome == {reg_no: ("same", True) for reg_no in cases.values()}
    assert by_reg_no(report)[cases["waiting"]]["waiting_at"] == ["Event_registration_rerouted", "Task_submit_atr",
                                                                 "Timer_atr_reminder",
                                                                 "Timer_escalate_cmo", "Timer_escalate_secretary",
                                                                 "Timer_sla_breach"]
    # Five ATRs (one asked a question first) and three verifications, at the Purulia food office.
    assert [(w["lane"], w["recorded"], w["replayed"]) for w in report["workload"]["by_lane"]] == [
        ("cmo_cell", 3, 3), ("nodal_officer", 5, 5)]
    assert [(w["office"], w["recorded"], w["replayed"]) for w in report["workload"]["by_office"]] == [
        ("FOOD-PUR", 8, 8)]
    assert all(d["moved"] == 0 for d in report["deadlines"])
    never = {e["element_id"] for e in report["never_reached"]}
    assert {"Task_field_validation", "Task_escalate", "Task_send_back"} <= never
    assert not never & {"Task_submit_atr", "Task_verify", "Task_atr_reminder", "Event_clarification_received"}
    assert stored_counts(db) == before


def test_an_earlier_escalation_reroutes_the_late_case_and_moves_deadlines_and_workload(api, db, cases):
    owner = api.login("process.owner")
    before = stored_counts(db)
    sooner = edited(grievance_bpmn(), "Timer_sla_breach", time_date="atr_reminder_at")
    report = replay(api, {"grievance.bpmn": sooner}, token=owner).get_json()
    per_case = by_reg_no(report)
    assert report["outcomes"] == {"same": 3, "different": 1, "stuck": 0, "error": 0}
    late = per_case[cases["late"]]
    assert late["outcome"] == "different" and late["diverged_at"]["index"] > 0
    assert "Timer_sla_breach" in late["escalations"]["replayed"]
    assert "Timer_sla_breach" not in late["escalations"]["recorded"]
    # The head of department's escalation would come on the reminder day, three days before the deadline.
    [atr] = [d for d in report["deadlines"] if d["element_id"] == "Task_submit_atr"]
    assert atr["moved"] == 5 and atr["max_shift_hours"] == -72.0
    assert late["deadline_changes"][0]["shift_hours"] == -72.0
    breach = next(d for d in report["deadlines"] if d["element_id"] == "Timer_sla_breach")
    assert (breach["recorded_firings"], breach["replayed_firings"]) == (0, 1)
    lanes = {lane["lane"]: lane for lane in report["workload"]["by_lane"]}
    assert (lanes["head_of_department"]["recorded"], lanes["head_of_department"]["replayed"]) == (0, 1)
    assert "Task_escalation_review" not in {e["element_id"] for e in report["never_reached"]}
    assert stored_counts(db) == before


def test_a_new_step_without_recorded_decisions_leaves_closed_cases_stuck_where_it_waits(api, cases):
    report = replay(api, {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}).get_json()
    per_case = by_reg_no(report)
    assert report["outcomes"] == {"same": 1, "different": 0, "stuck": 3, "error": 0}
    stuck = per_case[cases["on_time"]]
    assert (stuck["outcome"], stuck["element_id"], stuck["waiting_at"]) == ("stuck", "Task_verify", [REVIEW])
    assert stuck["diverged_at"]["replayed"] is None
    assert per_case[cases["waiting"]]["outcome"] == "same"
    # The case that asked a question waits at the new step instead of asking: the answer has nowhere to go.
    clarified = per_case[cases["clarified"]]
    assert (clarified["element_id"], clarified["waiting_at"]) == ("clarification_received", [REVIEW])
    # Three verifications never open; the two other closed cases each open the new check in the office.
    lanes = {lane["lane"]: lane["change"] for lane in report["workload"]["by_lane"]}
    assert lanes == {"cmo_cell": -3, "nodal_officer": 2}


def test_deploy_is_refused_when_the_edit_fails_on_recent_cases_unless_a_reason_is_recorded(api, db, cases):
    broken = edited(grievance_bpmn(), "Task_close", script="status = closed_status")
    owner = api.login("process.owner")
    before = stored_counts(db)
    refused = api.post("/processes/grievance/deploy", owner, json={"files": {"grievance.bpmn": broken},
                                                                    "note": "Tidy the closure"})
    assert refused.status_code == 422, refused.get_json()
    body = refused.get_json()
    assert body["code"] == "replay_errors" and "override_reason" in body["errors"]
    assert body["replay"]["outcomes"]["error"] == 3
    [error] = body["replay"]["errors"]
    assert (error["element_id"], error["cases"]) == ("Task_close", 3) and "closed_status" in error["message"]
    assert stored_counts(db) == before
    assert api.get("/processes", owner).get_json()[0]["latest_version"] == 1

    reason = "Closure wording fix goes out with the hotfix tonight; verified by hand."
    deployed = api.post("/processes/grievance/deploy", owner, json={
        "files": {"grievance.bpmn": broken}, "note": "Tidy the closure", "override_reason": reason})
    assert deployed.status_code == 201, deployed.get_json()
    assert deployed.get_json()["override_reason"] == reason
    assert deployed.get_json()["replay"]["outcomes"]["error"] == 3
    versions = {p["process_id"]: p for p in api.get("/processes", owner).get_json()}["grievance"]["versions"]
    assert versions[0]["version"] == 2
    assert versions[0]["note"].startswith("Tidy the closure | Deployed despite replay errors on 3 of 4")
    assert reason in versions[0]["note"]


def test_an_edit_that_runs_cleanly_deploys_without_a_reason(api, cases):
    owner = api.login("process.owner")
    deployed = api.post("/processes/grievance/deploy", owner, json={
        "note": "A test edit", "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}})
    assert deployed.status_code == 201, deployed.get_json()
    assert deployed.get_json()["override_reason"] is None
    assert deployed.get_json()["replay"]["outcomes"]["stuck"] == 3


def test_cases_are_chosen_by_number_period_and_department(api, cases):
    owner, files = api.login("process.owner"), {"grievance.bpmn": grievance_bpmn()}
    count = lambda **criteria: replay(api, files, token=owner, **criteria).get_json()["cases_replayed"]  # noqa: E731
    newest = replay(api, files, token=owner, limit=2).get_json()
    assert [c["reg_no"] for c in newest["cases"]] == [cases["waiting"], cases["clarified"]]
    assert count(since=(START + timedelta(days=1)).isoformat()) == 1
    assert count(until=(START + timedelta(days=1)).isoformat()) == 3
    assert (count(department="FOOD"), count(department="HEALTH")) == (4, 0)


@pytest.mark.parametrize("criteria, field", [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"),
                                             ({"since": "2026-11-05T00:00:00Z", "until": "2026-11-01T00:00:00Z"},
                                              "until"), ({"since": "last week"}, "since"),
                                             ({"department": "NOPE"}, "department")])
def test_bad_criteria_are_refused_with_the_field_named(api, criteria, field):
    answer = replay(api, {"grievance.bpmn": grievance_bpmn()}, **criteria)
    assert answer.status_code == 422
    assert field in answer.get_json()["errors"]


def test_an_invalid_edit_is_refused_before_any_replay(api):
    answer = replay(api, {"grievance.bpmn": "<definitions>not bpmn</definitions>"})
    assert answer.status_code == 422 and answer.get_json()["code"] == "invalid_process_model"


@pytest.mark.parametrize("user, status", [("nodal.food.pur", 403), ("auditor", 403), ("cmo.cell", 403),
                                          ("admin", 200), ("process.owner", 200)])
def test_only_process_owners_and_admins_replay(api, user, status):
    assert replay(api, {"grievance.bpmn": grievance_bpmn()}, user=user).status_code == status


def test_replay_needs_a_login(api):
    assert api.post("/processes/grievance/replay", json={"files": {"grievance.bpmn": "x"}}).status_code == 401


def test_appeals_replay_from_the_feedback_that_opened_them(api, frozen_clock):
    citizen = api.login_citizen("9830012345")
    appealed = lodge_and_close(api, citizen)
    lodge_and_close(api, citizen, description="Street light near the school has been dark for weeks.")
    assert api.post(f"/grievances/{appealed}/feedback", citizen, json={
        "is_satisfied": False, "rating": 1, "comment": "The card has my name wrong."}).status_code == 201
    frozen_clock.advance(hours=3)
    complete(api, "hod.food", "Task_decide_appeal", appealed, {"decision": "close", "reasons": "Name is right."})
    appeal_bpmn = (ROOT / "bpmn" / "appeal" / "appeal.bpmn").read_text(encoding="utf-8")
    owner = api.login("process.owner")
    same = api.post("/processes/appeal/replay", owner, json={"files": {"appeal.bpmn": appeal_bpmn}}).get_json()
    assert [(c["reg_no"], c["outcome"]) for c in same["cases"]] == [(appealed, "same")]
    broken = edited(appeal_bpmn, "Task_close_appeal", script="status = closed")
    failing = api.post("/processes/appeal/replay", owner, json={"files": {"appeal.bpmn": broken}}).get_json()
    assert failing["errors"][0]["element_id"] == "Task_close_appeal" and failing["outcomes"]["error"] == 1
    # The grievance process of the appealed case is replayed up to the appeal, and keeps its path.
    grievances = replay(api, {"grievance.bpmn": grievance_bpmn()}, token=owner).get_json()
    assert grievances["outcomes"] == {"same": 2, "different": 0, "stuck": 0, "error": 0}
