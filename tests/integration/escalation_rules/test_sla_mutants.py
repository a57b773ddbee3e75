"""Deadlines moved by a clarification pause land on a working day in Kolkata, not in UTC: a moved deadline at
01:30 on a Saturday in Kolkata (still Friday evening in UTC) moves on to the next working day there."""
from __future__ import annotations

from datetime import timedelta

from core.clock import parse_iso
from tests.conftest import START

ASK = {"action_taken": "Checked the ration shop register.", "outcome": "needs_clarification",
       "clarification_question": "Which ration shop do you use, and since when?"}


def test_a_moved_deadline_is_judged_by_the_kolkata_date(api, frozen_clock):
    citizen = api.login_citizen("9830012345")
    reg_no = api.lodge(citizen).get_json()["reg_no"]       # due Tuesday 10 November 10:00, reminder Saturday 7th
    paused_at = START + timedelta(days=2)                     # Wednesday 4 November, 10:00 in Kolkata
    frozen_clock.set(paused_at)
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    assert api.complete(nodal, atr["task_id"], ASK).status_code == 200
    # The answer comes 3 days 15 h 30 min later (Sunday 8 November 01:30 in Kolkata).
    frozen_clock.set(paused_at + timedelta(days=3, hours=15, minutes=30))
    citizen = api.login_citizen("9830012345")
    assert api.post(f"/grievances/{reg_no}/clarification", citizen,
                    json={"text": "Shop no. 14, Hura market, since 2019."}).status_code == 204
    [resumed] = api.worklist(api.login("nodal.food.pur"))
    # Deadline: Tue 10 Nov 04:30 UTC + the pause = Fri 13 Nov 20:00 UTC, which is Saturday the 14th (second
    # Saturday, off) 01:30 in Kolkata; Sunday is off too, so Monday 16th 01:30 in Kolkata = Sunday 20:00 UTC.
    assert parse_iso(resumed["due_at"]) == START + timedelta(days=13, hours=15, minutes=30)
    # Reminder: Sat 7 Nov 04:30 UTC + the pause = Tue 10 Nov 20:00 UTC, Wednesday 11th (Bhai Duj) in Kolkata,
    # so Thursday 12th 01:30 in Kolkata = Wednesday 20:00 UTC.
    assert parse_iso(resumed["remind_at"]) == START + timedelta(days=9, hours=15, minutes=30)
