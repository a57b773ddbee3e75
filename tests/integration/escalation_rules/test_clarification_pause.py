"""While the office waits for the complainant's answer the SLA is paused: nothing is due, nothing escalates;
the answer (or the end of the wait) resumes it with the deadlines moved by the time paused."""
from __future__ import annotations

from datetime import timedelta

import engine
from core.clock import parse_iso
from tests.conftest import START

ASK = {"action_taken": "Checked the ration shop register.", "outcome": "needs_clarification",
       "clarification_question": "Which ration shop do you use, and since when?"}


def sweep(app, clock, at) -> int:
    clock.set(at)
    with app.app_context():
        return engine.fire_due_timers(app.extensions["db"]).timers_fired


def test_a_reply_resumes_the_sla_with_the_paused_time_added(app, api, frozen_clock):
    citizen = api.login_citizen("9830012345")
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    frozen_clock.set(START + timedelta(days=2))                      # Wednesday 4 November
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    assert api.complete(nodal, atr["task_id"], ASK).status_code == 200
    case = api.get(f"/grievances/{reg_no}", nodal).get_json()
    assert case["status"] == "awaiting_clarification" and api.worklist(nodal) == []
    assert any("Which ration shop" in t for t in api.sms_to("+919830012345"))

    # The old deadline (Tuesday 10 November) passes while paused: no reminder, no escalation.
    assert sweep(app, frozen_clock, START + timedelta(days=8, hours=1)) == 0
    frozen_clock.set(START + timedelta(days=7))                      # Monday 9 November: the answer comes
    citizen = api.login_citizen("9830012345")
    assert api.post(f"/grievances/{reg_no}/clarification", citizen,
                    json={"text": "Shop no. 14, Hura market, since 2019."}).status_code == 204
    nodal = api.login("nodal.food.pur")
    [resumed] = api.worklist(nodal)
    # Paused 5 days: Tue 10 Nov + 5 days = Sun 15 Nov, not a working day, so Monday 16 November.
    assert parse_iso(resumed["due_at"]) == START + timedelta(days=14)
    assert parse_iso(resumed["remind_at"]) == START + timedelta(days=10)  # Sat 7 + 5 days = Thu 12 Nov
    assert api.get(f"/grievances/{reg_no}", nodal).get_json()["status"] == "forwarded"
    forwarded = [text for text in api.sms_to("+919830012345") if "has been sent to" in text]
    assert len(forwarded) == 2, "the complainant is told again when the case goes back to the office"

    history = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()
    steps = [(e["event_type"], e["actor_role"]) for e in history["events"]]
    for step in [("clarification_requested", "system"), ("clarification_received", "citizen"),
                 ("sla_resumed", "system")]:
        assert step in steps
    assert ("timer_fired", "system") not in steps, "the reply, not the wait's timer, resumed it"
    assert history["chain"]["ok"]


def test_without_an_answer_the_sla_resumes_when_the_wait_ends(app, api, frozen_clock):
    api.lodge(api.login("operator"), mobile="9830012345")
    frozen_clock.set(START + timedelta(days=2))
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    api.complete(nodal, atr["task_id"], ASK)
    # Ten working days from Wednesday 4 November: 5, 6, 7, 9, 10, 12, 13, 16, 17, 18 (11th Bhai Duj, 14/15 off).
    assert sweep(app, frozen_clock, START + timedelta(days=16) - timedelta(minutes=1)) == 0
    assert sweep(app, frozen_clock, START + timedelta(days=16, minutes=1)) == 1
    [resumed] = api.worklist(api.login("nodal.food.pur"))
    assert resumed["task"] == "Task_submit_atr"
    assert parse_iso(resumed["due_at"]) > START + timedelta(days=16)
    events = api.get(f"/grievances/{resumed['reg_no']}/history", api.login("auditor")).get_json()["events"]
    fired = [parse_iso(e["data"]["due_at"].replace(" ", "T")) for e in events if e["event_type"] == "timer_fired"]
    assert fired == [START + timedelta(days=16)], "the wait's end (Wednesday 18 November, 10:00) is recorded"


def test_a_reply_nobody_asked_for_is_refused(api):
    citizen = api.login_citizen("9830012345")
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    refused = api.post(f"/grievances/{reg_no}/clarification", citizen, json={"text": "Here is more detail."})
    assert refused.status_code == 409 and refused.get_json()["code"] == "not_awaiting_clarification"
    stranger = api.login_citizen("9830099999")
    assert api.post(f"/grievances/{reg_no}/clarification", stranger, json={"text": "Not my case."}).status_code == 404
    assert api.post(f"/grievances/{reg_no}/clarification", citizen, json={"text": ""}).status_code == 422
