"""Two officers completing the same task at the same moment: one wins, the other gets 409, nothing is lost."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from case_api.models import CaseEvent
from core.db import transaction
from tests.support.api import Api

FORM = {"action_taken": "Card issued to the complainant.", "outcome": "redressed"}


def test_simultaneous_completions_one_succeeds_one_conflicts(app, api):
    operator = api.login("operator")
    reg_no = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    barrier = threading.Barrier(2)
    statuses = []

    def complete():
        client = Api(app)
        barrier.wait()
        statuses.append(client.complete(nodal, atr["task_id"], FORM).status_code)

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]

    auditor = api.login("auditor")
    history = api.get(f"/grievances/{reg_no}/history", auditor).get_json()
    assert history["chain"]["ok"]
    assert [e["event_type"] for e in history["events"]].count("atr_submitted") == 1
    with app.app_context(), transaction(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(CaseEvent)) == len(history["events"])
