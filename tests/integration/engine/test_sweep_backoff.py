"""An instance whose timers cannot fire is retried with a doubling delay (1, 2, 4 ... minutes) capped at an
hour, and the failure count and last error stay visible; it is never dropped."""
from __future__ import annotations

from datetime import timedelta

from core.db import transaction
from engine.models import ProcessInstance
from tests.integration.engine.test_timers_and_sweep import probe, sweep  # noqa: F401 (fixture)


def test_retries_back_off_doubling_up_to_an_hour(app, probe, frozen_clock):  # noqa: F811
    instance_id, _seen = probe
    with app.app_context(), transaction() as session:
        session.get(ProcessInstance, instance_id).state = "{not json"
    frozen_clock.advance(days=8)
    versions = []
    for failures, minutes in enumerate((1, 2, 4, 8, 16, 32, 60, 60), start=1):
        result = sweep(app)
        assert (result.failures, result.timers_fired) == (1, 0)
        with app.app_context(), transaction(readonly=True) as session:
            row = session.get(ProcessInstance, instance_id)
            assert row.timer_failures == failures and row.last_error.startswith("JSONDecodeError: ")
            assert row.next_timer_at == frozen_clock.now() + timedelta(minutes=minutes), failures
            versions.append(row.lock_version)
        assert sweep(app).failures == 0, "not retried before its time"
        frozen_clock.set(row.next_timer_at + timedelta(seconds=1))
    assert versions == sorted(set(versions)), "each failure is a new version of the instance row"


def test_a_repaired_instance_fires_and_its_failures_are_cleared(app, probe, frozen_clock):  # noqa: F811
    instance_id, _seen = probe
    with app.app_context(), transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        good, row.state = row.state, "{not json"
    frozen_clock.advance(days=8)
    assert sweep(app).failures == 1
    assert sweep(app).failures == 0 and sweep(app).instances == 0
    with app.app_context(), transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        row.state = good  # an administrator restores the instance
        retry_at = row.next_timer_at
    frozen_clock.set(retry_at + timedelta(seconds=1))
    assert (sweep(app).timers_fired, sweep(app).timers_fired) == (1, 0)
    with app.app_context(), transaction(readonly=True) as session:
        row = session.get(ProcessInstance, instance_id)
        assert (row.timer_failures, row.last_error, row.next_timer_at) == (0, None, None)


def test_two_broken_instances_are_both_counted(app, probe, frozen_clock):  # noqa: F811
    import engine

    instance_id, _seen = probe
    with app.app_context(), transaction() as session:
        other = engine.start(session, process_id="sla_probe", data={"n": 2}, actor=None).id
        for broken in (instance_id, other):
            session.get(ProcessInstance, broken).state = "{not json"
    frozen_clock.advance(days=8)
    result = sweep(app)
    assert (result.failures, result.instances, result.timers_fired) == (2, 0, 0)
