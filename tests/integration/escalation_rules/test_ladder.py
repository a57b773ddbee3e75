"""An unanswered grievance climbs the ladder (head of department, secretary, CMO cell) at the times the policy
and the working-day calendar give, each level exactly once; an ATR stops the climb."""
from __future__ import annotations

from datetime import timedelta

import engine
from core.clock import parse_iso
from tests.conftest import START

# Lodged Monday 2 Nov 10:00 IST. ATR due Tue 10 Nov (Sun 8 off). Secretary 3 working days later: Wed 11 (Bhai Duj),
# Sat 14 (second Saturday) and Sun 15 are off, so Mon 16 Nov. CMO cell 3 working days after that: Thu 19 Nov.
HOD_AT, SECRETARY_AT, CMO_AT = (START + timedelta(days=d) for d in (8, 14, 17))
MINUTE = timedelta(minutes=1)


def sweep(app, clock, at) -> int:
    clock.set(at)
    with app.app_context():
        return engine.fire_due_timers(app.extensions["db"]).timers_fired


def tasks(api, who, task):
    return [i for i in api.worklist(api.login(who)) if i["task"] == task]


def test_the_ladder_is_climbed_on_the_calendar_once_per_level(app, api, frozen_clock):
    operator = api.login("operator")
    waiting = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    answered = api.lodge(operator, mobile="9830099999").get_json()["reg_no"]

    assert sweep(app, frozen_clock, HOD_AT - MINUTE) == 2, "the two reminders only"
    assert sweep(app, frozen_clock, HOD_AT + MINUTE) == 2
    assert {i["reg_no"] for i in tasks(api, "hod.food", "Task_escalation_review")} == {waiting, answered}

    nodal = api.login("nodal.food.pur")
    [atr] = [i for i in api.worklist(nodal) if i["reg_no"] == answered]
    api.complete(nodal, atr["task_id"], {"action_taken": "Card issued to the complainant.", "outcome": "redressed"})

    assert sweep(app, frozen_clock, SECRETARY_AT - MINUTE) == 0
    assert sweep(app, frozen_clock, SECRETARY_AT + MINUTE) == 1, "only the unanswered case climbs"
    assert sweep(app, frozen_clock, SECRETARY_AT + timedelta(hours=2)) == 0
    assert [i["reg_no"] for i in tasks(api, "secretary.food", "Task_secretary_review")] == [waiting]
    assert [t for t in api.sms_to("+919000000009") if waiting in t and "escalated" in t]

    assert sweep(app, frozen_clock, CMO_AT - MINUTE) == 0
    assert sweep(app, frozen_clock, CMO_AT + MINUTE) == 1
    assert [i["reg_no"] for i in tasks(api, "cmo.cell", "Task_cmo_escalation_review")] == [waiting]
    assert api.get(f"/grievances/{waiting}", api.login("cmo.cell")).get_json()["escalation_level"] == "cmo_cell"
    assert sweep(app, frozen_clock, CMO_AT + timedelta(days=30)) == 0, "the ladder has no more levels"


def test_a_sweep_after_a_long_outage_climbs_every_level_it_missed(app, api, frozen_clock):
    """No worker ran for three weeks: the first sweep fires the reminder and each level of the ladder in turn,
    each once, the later ones due only after the earlier have fired."""
    waiting = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    [atr] = api.worklist(api.login("nodal.food.pur"))
    assert sweep(app, frozen_clock, CMO_AT + timedelta(days=2)) == 4, "reminder, head, secretary, CMO cell"
    events = api.get(f"/grievances/{waiting}/history", api.login("auditor")).get_json()["events"]
    fired = [parse_iso(e["data"]["due_at"].replace(" ", "T")) for e in events if e["event_type"] == "timer_fired"]
    assert fired == [parse_iso(atr["remind_at"]), HOD_AT, SECRETARY_AT, CMO_AT], "each firing records its due time"
    assert sweep(app, frozen_clock, CMO_AT + timedelta(days=2, minutes=1)) == 0
    assert [i["reg_no"] for i in tasks(api, "cmo.cell", "Task_cmo_escalation_review")] == [waiting]
    assert api.get(f"/grievances/{waiting}", api.login("cmo.cell")).get_json()["escalation_level"] == "cmo_cell"
