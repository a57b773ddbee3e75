"""A real Celery worker survives the scripts of a bad model: a timer leads to a script that loops forever and
another that raises a BaseException; the worker's sweep parks both (their last error names the element) and goes on to
fire a healthy instance's timer."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

import engine
from core import clock
from core.db import transaction
from engine.models import ProcessInstance
from tests.fixtures.databases import backend
from tests.integration.distributed.test_celery_sweep import celery, workers  # noqa: F401 - fixtures
from tests.support.celery_workers import wait_until
from tests.support.diagrams import SLA_PROBE
from worklists.models import WorkItem

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="Celery workers need PostgreSQL (make test runs it)")

LONG_AGO = datetime(2020, 1, 6, 4, 30, tzinfo=UTC)  # the 7-day timers are due by the workers' real clocks
ESCALATE_TASK = re.compile(r'<bpmn:userTask id="escalate".*?</bpmn:userTask>', re.S)


def probe_with_script(process_id: str, script: str) -> str:
    """SLA_PROBE with its escalation done by a script task `escalate` instead of a person."""
    task = (f'<bpmn:scriptTask id="escalate" name="Escalate"><bpmn:incoming>f3</bpmn:incoming>'
            f'<bpmn:outgoing>f4</bpmn:outgoing><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>')
    return ESCALATE_TASK.sub(task, SLA_PROBE).replace('id="sla_probe"', f'id="{process_id}"')


def start_due(app, process_id: str, diagram: str) -> int:
    with clock.frozen(LONG_AGO), app.app_context(), transaction() as session:
        engine.deploy(session, process_id=process_id, files={"probe.bpmn": diagram}, actor="test")
        return engine.start(session, process_id=process_id, data={}, actor=None).id


def last_errors(app, ids: list[int]) -> dict[int, str | None]:
    with app.app_context(), transaction(readonly=True) as session:
        return dict(session.execute(select(ProcessInstance.id, ProcessInstance.last_error)
                                    .where(ProcessInstance.id.in_(ids))).all())


def escalated(app, instance_id: int) -> bool:
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(WorkItem.id).where(WorkItem.instance_id == instance_id,
                                                        WorkItem.element_id == "escalate")) is not None


def test_a_worker_survives_a_looping_and_an_exiting_script(app, workers, celery):  # noqa: F811
    looping = start_due(app, "loop_probe", probe_with_script("loop_probe", "while True:\n    pass"))
    exiting = start_due(app, "exit_probe", probe_with_script("exit_probe", "raise Exception.mro()[1]('bye')"))
    healthy = start_due(app, "sla_probe", SLA_PROBE)
    workers.start(1)
    workers.send(celery, "jobs.sweep_timers", fan_out=False)
    try:
        wait_until(lambda: escalated(app, healthy) and all(last_errors(app, [looping, exiting]).values()),
                   120, "the sweep to fire the healthy timer and record both failures")
    except AssertionError:
        pytest.fail(f"{last_errors(app, [looping, exiting])}\n{workers.logs()}")
    errors = last_errors(app, [looping, exiting])
    assert "Script budget exceeded in element 'escalate': CPU time over the limit of 200 ms" in errors[looping]
    assert "Script error in element 'escalate': the script raised BaseException" in errors[exiting]
    assert workers.processes[0].poll() is None, "the worker process is still running"
