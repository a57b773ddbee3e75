"""The dashboard's summary rows equal a direct count of the grievances after every kind of change a case goes
through (lodging, re-routing, escalation, ATR, closure, appeal, process migration), at any moment of reading,
and stay exact when two workers change cases of one district at the same time."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from case_counts import queries
from case_counts.rules import ist_day
from case_counts.service import KEYS, MODELS, rebuild
from core.db import transaction
from directory.models import Department, Office
from tests.integration.analytics.scenario import run_timers
from tests.integration.case_counts.oracle import direct_figures, direct_per_day
from tests.integration.processes.edits import add_review_after_atr, grievance_bpmn
from tests.support.api import Api
from tests.support.cases import task

ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


def assert_exact(app, now) -> None:
    """Summary equals direct at `now` and at moments around it (the overdue buckets: hours, days, blocks)."""
    with app.app_context(), transaction(readonly=True) as db:
        departments = list(db.scalars(select(Department.id)))
        offices = [0, *db.scalars(select(Office.id))]
        for moment in (now, now - timedelta(hours=5), now + timedelta(hours=1), now + timedelta(days=3),
                       now + timedelta(days=9, hours=7), now + timedelta(days=40), now + timedelta(days=400)):
            for group in ("department", "district"):
                summary = {k: v for k, v in queries.figures(db, now=moment, group=group).items() if v["received"]}
                assert summary == direct_figures(db, now=moment, group=group), (group, moment)
            by_office = {k: v for k, v in queries.office_figures(db, now=moment, office_ids=offices).items()
                         if v["received"]}
            assert by_office == direct_figures(db, now=moment, group="office"), ("office", moment)
            for department_id in departments:
                summary = {k: v for k, v in queries.figures(db, now=moment, group="district",
                                                              department_id=department_id).items() if v["received"]}
                assert summary == direct_figures(db, now=moment, group="district", department_id=department_id)
        first, last = ist_day(now) - timedelta(days=60), ist_day(now) + timedelta(days=60)
        for department_id in (None, *departments):
            assert (queries.per_day(db, first=first, last=last, department_id=department_id)
                    == direct_per_day(db, first=first, last=last, department_id=department_id))


def lodge(api, mobile: str, **fields) -> str:
    response = api.lodge(api.login_citizen(mobile), **fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reg_no"]


def complete(api, user: str, name: str, reg_no: str, data: dict) -> None:
    token = api.login(user)
    response = api.complete(token, task(api, token, name, reg_no)["task_id"], data)
    assert response.status_code == 200, response.get_json()


def test_counts_equal_a_direct_count_through_every_kind_of_change(app, api, frozen_clock):
    wrong_office = lodge(api, "9830000001", description="Ration card not issued though applied in March.")
    to_close = lodge(api, "9830000002", district="KOL", category="FOOD_PDS_DEALER", address="Park Circus",
                     description="The ration dealer gives short weight every month.")
    lodge(api, "9830000003", category="PRD_MGNREGA_WAGES", description="MGNREGA wages for June are unpaid.")
    frozen_clock.advance(hours=20)
    lodge(api, "9830000004", district="BAN", category="PRD_HOUSING", address="Khatra",
          description="Banglar Bari house sanctioned but no instalment has come.")
    assert_exact(app, frozen_clock.now())

    # Re-routing: the office says it does not pertain to it; the CMO cell sends it to another department.
    complete(api, "nodal.food.pur", "Task_submit_atr", wrong_office,
             {"action_taken": "This is a wages matter, not ours.", "outcome": "not_pertaining"})
    assert_exact(app, frozen_clock.now())
    complete(api, "cmo.cell", "Task_review_category", wrong_office,
             {"category": "PRD_MGNREGA_WAGES", "department": "PRD", "priority": "normal"})
    assert_exact(app, frozen_clock.now())

    # An ATR, then closure; the complainant is not satisfied: the case reopens as an appeal.
    frozen_clock.advance(days=2)
    complete(api, "nodal.food.kol", "Task_submit_atr", to_close, ATR)
    assert_exact(app, frozen_clock.now())
    complete(api, "cmo.cell", "Task_verify", to_close, {"call_result": "reached_satisfied", "decision": "close"})
    assert_exact(app, frozen_clock.now())
    citizen = api.login_citizen("9830000002")
    appeal = api.post(f"/grievances/{to_close}/feedback", citizen, json={"is_satisfied": False, "rating": 1})
    assert appeal.status_code == 201 and appeal.get_json()["appeal_opened"], appeal.get_json()
    assert_exact(app, frozen_clock.now())

    # A new process version; the open cases move to it.
    owner = api.login("process.owner")
    deployed = api.post("/processes/grievance/deploy", owner,
                        json={"note": "A test edit",
                              "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}})
    assert deployed.status_code == 201, deployed.get_json()
    moved = api.post("/processes/grievance/migrate", owner, json={"from_version": 1, "to_version": 2,
                                                                 "dry_run": False})
    assert moved.status_code == 200 and moved.get_json()["migrated"] >= 3, moved.get_json()
    assert_exact(app, frozen_clock.now())

    # The deadlines lapse: escalations to the heads of department, then further up the ladder.
    for days in (9, 16, 40):
        run_timers(app, frozen_clock.now() + timedelta(days=days))
        assert_exact(app, frozen_clock.now() + timedelta(days=days))

    # The migration's backfill (and bench/scale.py's) recomputes the very rows the changes left behind.
    with app.app_context(), transaction() as db:
        kept = summary_rows(db)
        assert rebuild(db.connection()) == 4
        assert summary_rows(db) == kept


def summary_rows(db) -> dict:
    return {table: {tuple(row[:len(KEYS[table])]): tuple(row[len(KEYS[table]):])
                    for row in db.execute(select(model)).all() if any(row[len(KEYS[table]):])}
            for table, model in ((t, MODELS[t].__table__) for t in MODELS)}


@pytest.mark.parametrize("workers", [2])
def test_two_workers_changing_cases_of_one_district_at_once_keep_the_counts_exact(app, api, frozen_clock, workers):
    """Real concurrent transactions (threads with their own connections) lodging and reporting in Purulia."""
    reg_nos = [lodge(api, f"98300001{i:02d}", description=f"Ration card number {i} not issued since March.")
               for i in range(2 * workers)]
    barrier, errors = threading.Barrier(workers), []
    # The officer logs in once per worker beforehand: two logins of one person at once would each read "the
    # latest code sent to the officer's phone", which may be the other's (that race, not the counts, failed here).
    nodal_tokens = [api.login("nodal.food.pur") for _ in range(workers)]

    def work(index: int) -> None:
        client = Api(app)
        try:
            barrier.wait()
            for round_ in range(3):
                response = client.lodge(client.login_citizen(f"98300002{index}{round_}"),
                                        description=f"Ration shop {index}-{round_} closed all week.")
                assert response.status_code == 201, response.get_json()
            nodal = nodal_tokens[index]
            for reg_no in reg_nos[index::workers]:
                atr = task(client, nodal, "Task_submit_atr", reg_no)
                assert client.complete(nodal, atr["task_id"], ATR).status_code == 200
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_exact(app, frozen_clock.now())
