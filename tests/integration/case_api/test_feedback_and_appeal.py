"""After closure the complainant says whether they are satisfied; "not satisfied" reopens the case as an appeal
to the head of department, decided within 30 days or escalated to the CMO cell."""
from __future__ import annotations

from datetime import timedelta

from core.clock import parse_iso
from tests.support.cases import close, lodge_and_close, task

CITIZEN = "9830012345"


def feedback(api, token, reg_no, **body):
    return api.post(f"/grievances/{reg_no}/feedback", token, json=body)


def history_types(api, reg_no) -> list[str]:
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    return [e["event_type"] for e in events]


def test_a_satisfied_complainant_rates_once_and_the_case_stays_closed(api):
    citizen = api.login_citizen(CITIZEN)
    reg_no = lodge_and_close(api, citizen)
    given = feedback(api, citizen, reg_no, is_satisfied=True, rating=5, comment="Got my card, thank you.")
    assert given.status_code == 201, given.get_json()
    assert (given.get_json()["appeal_opened"], given.get_json()["status"]) == (False, "closed")
    case = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()
    assert (case["status"], case["feedback_rating"], case["is_satisfied"], case["appeal_count"]) == (
        "closed", 5, True, 0)
    again = feedback(api, citizen, reg_no, is_satisfied=False, rating=1)
    assert again.status_code == 409 and again.get_json()["code"] == "feedback_given"
    assert history_types(api, reg_no).count("feedback_received") == 1


def test_not_satisfied_reopens_as_an_appeal_that_the_head_of_department_decides(api, frozen_clock):
    citizen = api.login_citizen(CITIZEN)
    reg_no = lodge_and_close(api, citizen)
    appeal = feedback(api, citizen, reg_no, is_satisfied=False, rating=1, comment="The card has my name wrong.")
    assert appeal.status_code == 201, appeal.get_json()
    assert (appeal.get_json()["appeal_opened"], appeal.get_json()["status"]) == (True, "under_appeal")
    assert parse_iso(appeal.get_json()["appeal_due_at"]) == frozen_clock.now() + timedelta(days=30)
    assert api.get(f"/track/{reg_no}").get_json()["status"] == "under_appeal"
    assert any("appeal" in text.lower() for text in api.sms_to("+91" + CITIZEN))

    hod, nodal = api.login("hod.food"), api.login("nodal.food.pur")
    decide = task(api, hod, "Task_decide_appeal", reg_no)
    assert parse_iso(decide["due_at"]) == frozen_clock.now() + timedelta(days=30)
    assert any(reg_no in text and "Decide by" in text for text in api.sms_to("+919000000006"))
    frozen_clock.advance(hours=3)
    assert api.worklist(api.login("nodal.food.kol")) == [] and api.worklist(nodal) == []
    refused = api.complete(hod, decide["task_id"], {"decision": "direct_action", "reasons": "Name is misspelt."})
    assert refused.status_code == 422 and "instructions" in refused.get_json()["errors"]
    assert api.complete(hod, decide["task_id"], {
        "decision": "direct_action", "reasons": "The card carries a misspelt name.",
        "instructions": "Issue a corrected card within a week."}).status_code == 200

    frozen_clock.advance(hours=3)
    action = task(api, nodal, "Task_appeal_action", reg_no)
    assert api.complete(nodal, action["task_id"], {"summary": "Corrected card issued and delivered."}).status_code \
        == 200
    decide_again = task(api, hod, "Task_decide_appeal", reg_no)
    assert api.complete(hod, decide_again["task_id"], {"decision": "close",
                                                       "reasons": "Corrected card delivered."}).status_code == 200
    closed = api.get(f"/grievances/{reg_no}", citizen).get_json()
    assert (closed["status"], closed["appeal_count"]) == ("closed", 1) and closed["closed_at"]
    assert api.worklist(hod) == [] and api.worklist(nodal) == []

    # Feedback again after the appeal: recorded, but the appeal was the last level.
    final = feedback(api, citizen, reg_no, is_satisfied=False, rating=2)
    assert final.status_code == 201 and final.get_json()["appeal_opened"] is False
    steps = history_types(api, reg_no)
    for expected in ("feedback_received", "process_started", "appeal_opened", "appeal_reviewed",
                     "appeal_action_reported", "appeal_closed"):
        assert expected in steps, expected
    assert api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["chain"]["ok"] is True


def test_an_appeal_left_undecided_for_30_days_goes_to_the_cmo_cell(app, api, frozen_clock):
    citizen = api.login_citizen(CITIZEN)
    reg_no = lodge_and_close(api, citizen)
    feedback(api, citizen, reg_no, is_satisfied=False, rating=1)
    late = frozen_clock.now() + timedelta(days=30, minutes=1)
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", late.isoformat()])
    assert "1 timers fired" in result.output, result.output
    frozen_clock.set(late)
    cmo = api.login("cmo.cell")
    assert task(api, cmo, "Task_review_overdue_appeal", reg_no)["role"] == "cmo_cell"
    case = api.get(f"/grievances/{reg_no}", cmo).get_json()
    assert (case["is_escalated"], case["sla"]) == (True, "red")
    assert task(api, api.login("hod.food"), "Task_decide_appeal", reg_no)["sla"] == "red"


def test_feedback_is_refused_before_closure_after_30_days_from_others_and_out_of_range(api, frozen_clock):
    citizen = api.login_citizen(CITIZEN)
    open_case = api.lodge(citizen).get_json()["reg_no"]
    early = feedback(api, citizen, open_case, is_satisfied=True, rating=4)
    assert early.status_code == 409 and early.get_json()["code"] == "not_closed"
    reg_no = lodge_and_close(api, citizen, description="Street light near the school has been dark for weeks.")
    assert feedback(api, citizen, reg_no, is_satisfied=True, rating=6).status_code == 422
    assert feedback(api, citizen, reg_no, rating=3).status_code == 422
    assert feedback(api, api.login("nodal.food.pur"), reg_no, is_satisfied=True, rating=3).status_code == 403
    assert feedback(api, api.login_citizen("9830099999"), reg_no, is_satisfied=False, rating=1).status_code == 404
    frozen_clock.advance(days=31)
    late = feedback(api, api.login_citizen(CITIZEN), reg_no, is_satisfied=False, rating=1)
    assert late.status_code == 409 and late.get_json()["code"] == "feedback_window_closed"


def test_the_30_days_for_feedback_count_from_closure_not_from_lodging(api, frozen_clock):
    """A case that took three weeks to close still gives the complainant 30 days from its closure."""
    citizen = api.login_citizen(CITIZEN)
    lodged = api.lodge(citizen).get_json()["reg_no"]
    late_case = api.lodge(citizen, description="Street light near the school has been dark for weeks.").get_json()[
        "reg_no"]
    frozen_clock.advance(days=21)
    for reg_no in (lodged, late_case):
        close(api, reg_no)
    frozen_clock.advance(days=29, hours=23)  # 50 days after lodging, just under 30 after closure
    citizen = api.login_citizen(CITIZEN)
    given = feedback(api, citizen, lodged, is_satisfied=False, rating=2, comment="Still no card.")
    assert given.status_code == 201, given.get_json()
    assert given.get_json()["appeal_opened"] is True
    frozen_clock.advance(hours=1, minutes=1)  # now 30 days and a minute after closure
    late = feedback(api, citizen, late_case, is_satisfied=True, rating=4)
    assert late.status_code == 409 and late.get_json()["code"] == "feedback_window_closed"
    assert "30 days of closure" in late.get_json()["detail"]

