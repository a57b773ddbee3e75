"""The engine on its own: a minimal diagram, the app clock driving SpiffWorkflow timers, the sweep."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import engine
from core.db import transaction
from engine.models import ProcessInstance
from tests.support.diagrams import SLA_PROBE as DIAGRAM


@pytest.fixture
def probe(app):
    """Start one instance of the probe diagram; collect every event the engine publishes."""
    seen: list = []
    engine.subscribe(lambda session, events: seen.extend(events))
    with app.app_context(), transaction() as session:
        engine.deploy(session, process_id="sla_probe", files={"probe.bpmn": DIAGRAM}, actor="test")
        instance = engine.start(session, process_id="sla_probe", data={"n": 1}, actor=None)
    yield instance.id, seen
    engine.runtime._subscribers.remove(engine.runtime._subscribers[-1])


def next_timer(app, instance_id):
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(ProcessInstance.next_timer_at).where(ProcessInstance.id == instance_id))


def sweep(app):
    with app.app_context():
        return engine.fire_due_timers(app.extensions["db"])


def test_due_time_is_stored_from_the_app_clock(app, probe, frozen_clock):
    instance_id, seen = probe
    start = frozen_clock.now()
    assert next_timer(app, instance_id) == start + timedelta(days=7)
    opened = [e for e in seen if isinstance(e, engine.TaskOpened)]
    assert [(e.task.bpmn_id, e.task.lane, e.deadlines) for e in opened] == [
        ("work", "nodal_officer", [start + timedelta(days=7)])]


def test_timer_fires_once_only_after_its_due_time(app, probe, frozen_clock):
    instance_id, seen = probe
    frozen_clock.advance(days=7)
    assert sweep(app).timers_fired == 0, "due at exactly now is not yet past"
    frozen_clock.advance(seconds=1)
    assert sweep(app).timers_fired == 1
    assert sweep(app).timers_fired == 0
    assert next_timer(app, instance_id) is None
    assert [e.task.bpmn_id for e in seen if isinstance(e, engine.TaskOpened)] == ["work", "escalate"]


def test_a_broken_instance_is_retried_later_not_skipped(app, probe, frozen_clock):
    instance_id, _seen = probe
    with app.app_context(), transaction() as session:
        row = session.get(ProcessInstance, instance_id)
        row.state = "{not json"
    frozen_clock.advance(days=8)
    result = sweep(app)
    assert (result.failures, result.timers_fired) == (1, 0)
    with app.app_context(), transaction(readonly=True) as session:
        row = session.get(ProcessInstance, instance_id)
        assert row.timer_failures == 1 and "JSONDecodeError" in row.last_error
        assert row.next_timer_at == frozen_clock.now() + timedelta(minutes=1)
