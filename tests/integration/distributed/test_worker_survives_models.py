"""A real Celery worker survives a process model whose timer path raises SystemExit: that case becomes an
incident, the worker stays up and goes on firing the other cases' timers."""
from __future__ import annotations

import pytest
from sqlalchemy import select

import engine
from core import clock
from core.db import transaction
from engine.models import InstanceStatus, ProcessInstance
from tests.fixtures.databases import backend
from tests.integration.distributed.test_celery_sweep import LONG_AGO, celery, workers  # noqa: F401 - fixtures
from tests.support.celery_workers import wait_until
from tests.support.diagrams import SLA_PROBE

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="Celery workers need PostgreSQL (make test runs it)")

ESCALATION_TASK = """<bpmn:userTask id="escalate" name="Escalation">
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:userTask>"""
EXITING = SLA_PROBE.replace('id="sla_probe"', 'id="exit_probe"').replace(ESCALATION_TASK, """<bpmn:scriptTask
      id="escalate" name="Escalation"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:script>raise SystemExit</bpmn:script></bpmn:scriptTask>""")


def start_long_ago(app, process_id: str, files: dict) -> int:
    with clock.frozen(LONG_AGO), app.app_context(), transaction() as session:
        engine.deploy(session, process_id=process_id, files=files, actor="test")
        return engine.start(session, process_id=process_id, data={}, actor=None).id


def status_of(app, instance_id: int) -> str:
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(ProcessInstance.status).where(ProcessInstance.id == instance_id))


def test_a_worker_survives_system_exit_in_a_model_and_sweeps_on(app, workers, celery):  # noqa: F811
    assert EXITING != SLA_PROBE.replace('id="sla_probe"', 'id="exit_probe"')
    exiting = start_long_ago(app, "exit_probe", {"exit.bpmn": EXITING})
    workers.start(1)
    workers.send(celery, "jobs.sweep_timers", fan_out=False)
    wait_until(lambda: status_of(app, exiting) == InstanceStatus.INCIDENT, 60, "the failing case to be parked")
    assert workers.processes[0].poll() is None, workers.logs()

    healthy = start_long_ago(app, "sla_probe", {"probe.bpmn": SLA_PROBE})
    workers.send(celery, "jobs.sweep_timers", fan_out=False)  # the same worker process takes the next sweep
    with app.app_context(), transaction(readonly=True) as session:
        def fired() -> bool:
            session.expire_all()
            return session.get(ProcessInstance, healthy).next_timer_at is None
        wait_until(fired, 60, "the healthy case's timer to fire")
    assert workers.processes[0].poll() is None, workers.logs()
    with app.app_context(), transaction(readonly=True) as session:
        [incident] = engine.list_incidents(session)[1]
    assert incident.element_id == "escalate" and incident.action == "fire_timers"
