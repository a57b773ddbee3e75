"""A case the escalation ladder has escalated is red on every page, even when the sweep ran ahead of the wall clock
(`timers run --as-of`, as the demo and an operator catching up do): pages never call an escalated case on time."""
from __future__ import annotations

from datetime import timedelta

from analytics.queries import list_cases
from core import clock
from core.db import transaction
from tests.conftest import START
from tests.integration.test_lifecycle import one, run_timers


def test_escalated_ahead_of_the_clock_is_red_everywhere(app, api, frozen_clock):
    reg_no = api.lodge(api.login("operator"), mobile="9831000001").get_json()["reg_no"]
    assert "2 timers fired" in run_timers(app, START + timedelta(days=8, minutes=1))  # reminder and escalation
    # The wall clock stays at lodging: by the deadline alone the case would be green.
    cmo, nodal, hod = api.login("cmo.cell"), api.login("nodal.food.pur"), api.login("hod.food")
    case = api.get(f"/grievances/{reg_no}", cmo).get_json()
    assert (case["is_escalated"], case["sla"]) == (True, "red")
    assert one(api.worklist(nodal), "Task_submit_atr")["sla"] == "red"
    assert one(api.worklist(hod), "Task_escalation_review")["sla"] == "green"  # the new task has its own time
    with app.app_context(), transaction(readonly=True) as db:
        [row], _total = list_cases(db, now=clock.now(), department_id=None, state="escalated")
    assert (row["reg_no"], row["sla"]) == (reg_no, "red")  # the dashboard's drill-down
