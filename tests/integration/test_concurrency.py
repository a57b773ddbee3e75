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


def _second_nodal_officer(app):
    with app.app_context(), transaction() as session:
        create_user(session, username="nodal.food.pur.2", full_name="Second nodal officer", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile="9000000099", office_ids=(get_office(session, "FOOD-PUR").id,))


def _at_once(app, calls) -> list[int]:
    """Run each (method, path, token, json) at the same moment from its own client; return the statuses."""
    barrier = threading.Barrier(len(calls))
    statuses = [None] * len(calls)

    def run(i, method, path, token, body):
        client = Api(app)
        barrier.wait()
        statuses[i] = client.call(method, path, token, json=body).status_code

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_simultaneous_claims_one_wins(app, api):
    api.lodge(api.login("operator"), mobile="9830012345")
    _second_nodal_officer(app)
    first, second = api.login("nodal.food.pur"), api.login("nodal.food.pur.2")
    [atr] = api.worklist(first)
    path = f"/tasks/{atr['task_id']}/claim"
    assert sorted(_at_once(app, [("POST", path, first, None), ("POST", path, second, None)])) == [200, 409]
    [claimed] = api.worklist(first) or api.worklist(second)
    assert claimed["claimed_by_id"] is not None


def test_two_different_tasks_of_one_case_completed_at_once_both_count(app, api, frozen_clock):
    """The ATR and the head of department's escalation review are open together on one instance: completing
    both at the same moment must keep both (no lost update of the serialized process state)."""
    from datetime import timedelta

    reg_no = api.lodge(api.login("operator"), mobile="9830012345").get_json()["reg_no"]
    frozen_clock.advance(timedelta(days=8, minutes=1))
    with app.app_context():
        assert __import__("engine").fire_due_timers(app.extensions["db"]).timers_fired == 2
    nodal, hod = api.login("nodal.food.pur"), api.login("hod.food")
    [atr], [review] = api.worklist(nodal), api.worklist(hod)
    assert {api.post(f"/tasks/{t['task_id']}/claim", who).status_code for t, who in ((atr, nodal), (review, hod))} \
        == {200}
    statuses = _at_once(app, [
        ("POST", f"/tasks/{atr['task_id']}/complete", nodal, {"data": FORM}),
        ("POST", f"/tasks/{review['task_id']}/complete", hod, {"data": {"directive": "Submit the ATR today."}}),
    ])
    assert statuses == [200, 200]
    history = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()
    kinds = [e["event_type"] for e in history["events"]]
    assert kinds.count("atr_submitted") == 1 and kinds.count("escalation_reviewed") == 1
    assert history["chain"]["ok"]
    assert [i["task"] for i in api.worklist(api.login("cmo.cell"))] == ["Task_verify"]
