"""A department that works every day (power) counts its clarification wait and its paused deadlines on its own
calendar: a Sunday is a day like any other there."""
from __future__ import annotations

from datetime import timedelta

import engine
from accounts.models import Role
from accounts.service import create_user
from core.clock import parse_iso
from core.db import transaction
from directory.queries import get_office, route_office
from tests.conftest import START

ASK = {"action_taken": "Checked the meter reading on record.", "outcome": "needs_clarification",
       "clarification_question": "What reading does your meter show today?"}


def power_case(app, api, frozen_clock) -> tuple[str, str]:
    """A billing complaint from Purulia, lodged Monday 2 November; the power office asks a question on Wednesday."""
    reg_no = api.lodge(api.login("operator"), mobile="9830012345", category="POWER_BILLING",
                       description="My electricity bill for October is ten times the usual amount.").get_json()[
        "reg_no"]
    with app.app_context(), transaction() as session:
        office_id = get_office(session, route_office(session, department="POWER", district="PUR",
                                                     subdivision=None)).id
        create_user(session, username="nodal.power.pur", full_name="Nodal officer, Power Purulia",
                    role=Role.NODAL_OFFICER, password="Demo@12345", mobile="9000000095", office_ids=(office_id,))
    frozen_clock.set(START + timedelta(days=2))
    nodal = api.login("nodal.power.pur")
    [atr] = api.worklist(nodal)
    assert parse_iso(atr["due_at"]) == START + timedelta(days=7), "seven days, Sunday included"
    assert api.complete(nodal, atr["task_id"], ASK).status_code == 200
    return reg_no, nodal


def test_a_paused_power_deadline_may_move_onto_a_sunday(app, api, frozen_clock):
    reg_no, _ = power_case(app, api, frozen_clock)
    frozen_clock.set(START + timedelta(days=8))  # Tuesday 10 November: paused six days
    citizen = api.login_citizen("9830012345")
    assert api.post(f"/grievances/{reg_no}/clarification", citizen,
                    json={"text": "The meter shows 4512 units."}).status_code == 204
    [resumed] = api.worklist(api.login("nodal.power.pur"))
    assert parse_iso(resumed["due_at"]) == START + timedelta(days=13), "Monday 9 + 6 days = Sunday 15 November"


def test_the_power_clarification_wait_counts_every_day(app, api, frozen_clock):
    power_case(app, api, frozen_clock)
    wait_ends = START + timedelta(days=12)  # ten days from Wednesday 4 November: Saturday 14 November
    frozen_clock.set(wait_ends - timedelta(minutes=1))
    with app.app_context():
        assert engine.fire_due_timers(app.extensions["db"]).timers_fired == 0
    frozen_clock.set(wait_ends + timedelta(minutes=1))
    with app.app_context():
        assert engine.fire_due_timers(app.extensions["db"]).timers_fired == 1
    assert [i["task"] for i in api.worklist(api.login("nodal.power.pur"))] == ["Task_submit_atr"]
