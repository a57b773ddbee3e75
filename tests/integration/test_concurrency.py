"""Two officers completing the same task at the same moment: one wins, the other gets 409, nothing is lost."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from accounts.models import Role
from accounts.service import create_user
from case_api.models import CaseEvent
from core.db import transaction
from directory.queries import get_office
from tests.support.api import Api

FORM = {"action_taken": "Card issued to the complainant.", "outcome": "redressed"}


def test_simultaneous_completions_one_succeeds_one_conflicts(app, api):
    operator = api.login("operator")
    reg_no = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    with app.app_context(), transaction() as session:
        create_user(session, username="nodal.food.pur.2", full_name="Second nodal officer", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile="9000000099", office_ids=(get_office(session, "FOOD-PUR").id,))
    officers = [api.login("nodal.food.pur"), api.login("nodal.food.pur.2")]
    [atr] = api.worklist(officers[0])
    barrier = threading.Barrier(2)
    statuses = []

    def complete(token):
        client = Api(app)
        barrier.wait()
        statuses.append(client.complete(token, atr["task_id"], FORM).status_code)

    threads = [threading.Thread(target=complete, args=(token,)) for token in officers]
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
