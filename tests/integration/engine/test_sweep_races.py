"""Two workers sweeping at once: a worker that listed a case as due just before another worker fired its timers
finds, inside the row lock, that nothing is due any more, and leaves the case alone (both backends)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import engine
from core.db import transaction
from engine.models import ProcessInstance
from tests.conftest import START
from tests.support.races import second_worker_at

DUE_LIST = "ORDER BY process_instance.next_timer_at"  # the sweep's query for the instances due


def instance_versions(app) -> dict[int, int]:
    with app.app_context(), transaction(readonly=True) as session:
        return dict(session.execute(select(ProcessInstance.id, ProcessInstance.lock_version)).all())


def test_a_sweep_leaves_alone_the_cases_another_worker_fired_after_it_listed_them(app, api, frozen_clock):
    operator = api.login("operator")
    cases = [api.lodge(operator, mobile=f"98300{n:05d}", description=f"Ration card pending, request {n}.")
             .get_json()["reg_no"] for n in range(3)]
    frozen_clock.set(START + timedelta(days=8, minutes=1))  # the ATR deadline and its reminder have passed
    db = app.extensions["db"]

    def other_worker():
        with app.app_context():
            return engine.fire_due_timers(db), instance_versions(app)

    with app.app_context(), second_worker_at(db, DUE_LIST, other_worker) as race:
        late = engine.fire_due_timers(db)
    assert not race.errors, race.errors
    [(first, versions_after_first)] = race.results
    assert (first.instances, first.timers_fired) == (3, 6), "reminder and escalation of each case"
    assert (late.instances, late.timers_fired, late.failures) == (0, 0, 0), "nothing was left for the late worker"
    assert instance_versions(app) == versions_after_first, "the late worker did not rewrite the cases"
    reviews = [i["reg_no"] for i in api.worklist(api.login("hod.food")) if i["task"] == "Task_escalation_review"]
    assert sorted(reviews) == sorted(cases)
