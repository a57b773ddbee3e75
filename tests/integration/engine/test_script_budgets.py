"""Budgets hold on the real engine, in a thread that is not the main one (as in a web server or a worker).

A small diagram has code in each place a process owner can put it: a script task, a business rule task's DMN
cell, a gateway condition and a boundary timer's expression. One of them at a time is made to loop forever or
to build a huge string; `engine.start` runs in a threading.Thread and must come back (the instance parked as an
incident whose error names the element and says which budget), and the thread must live on to start a healthy
instance afterwards.
"""
from __future__ import annotations

import threading
import time
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import select

import engine
from core.db import transaction
from engine.models import Incident

HEALTHY = {"script": "n = 1", "cell": '"ok"', "condition": "n == 1", "timer": '"P7D"'}
LOOP_SCRIPT = "n = 0\nwhile True:\n    n = n + 1"
LOOP_EXPR = "[i for i in range(10**6) for j in range(10**6)] and 'P7D'"
LOOP_TIMER = "[i for i in 'x' * 10**6 for j in 'y' * 10**6] and 'P7D'"  # lint lets timers call helpers only


@pytest.fixture
def settings_overrides() -> dict:
    return {"script_cpu_ms": 100}


def bpmn(code: dict) -> str:
    c = {k: escape(v) for k, v in code.items()}
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="http://example.org/t">
  <bpmn:process id="budget_probe" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="L1" name="nodal_officer"><bpmn:flowNodeRef>work</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="compute" name="Compute"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>{c["script"]}</bpmn:script></bpmn:scriptTask>
    <bpmn:businessRuleTask id="decide" name="Decide">
      <bpmn:extensionElements><spiffworkflow:calledDecisionId>probe_rules</spiffworkflow:calledDecisionId>
      </bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
    </bpmn:businessRuleTask>
    <bpmn:exclusiveGateway id="route" name="Route" default="f5"><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f4</bpmn:outgoing><bpmn:outgoing>f5</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:userTask id="work" name="Work"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="late" name="Late" attachedToRef="work" cancelActivity="false">
      <bpmn:outgoing>f7</bpmn:outgoing>
      <bpmn:timerEventDefinition id="t1">
        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{c["timer"]}</bpmn:timeDuration>
      </bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="done"><bpmn:incoming>f5</bpmn:incoming><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="late_end"><bpmn:incoming>f7</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute"/>
    <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="decide"/>
    <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="route"/>
    <bpmn:sequenceFlow id="f4" sourceRef="route" targetRef="work">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{c["condition"]}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f5" sourceRef="route" targetRef="done"/>
    <bpmn:sequenceFlow id="f6" sourceRef="work" targetRef="done"/>
    <bpmn:sequenceFlow id="f7" sourceRef="late" targetRef="late_end"/>
  </bpmn:process>
</bpmn:definitions>"""


def dmn(code: dict) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="probe_defs" name="Probe"
    namespace="http://example.org/dmn">
  <decision id="probe_rules" name="Probe rules">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="in_n" label="n"><inputExpression id="expr_n" typeRef="integer"><text>n</text></inputExpression>
      </input>
      <output id="out_verdict" label="Verdict" name="verdict" typeRef="string" />
      <rule id="rule_any"><inputEntry id="in_any"><text>-</text></inputEntry>
        <outputEntry id="out_any"><text>{escape(code["cell"])}</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>"""


def start_in_thread(app, code: dict):
    """Deploy the probe with `code` and start it in a new thread; returns what the thread got back."""
    outcome: dict = {}

    def run() -> None:
        try:
            with app.app_context(), transaction() as session:
                engine.deploy(session, process_id="budget_probe", actor="test",
                              files={"probe.bpmn": bpmn(code), "probe.dmn": dmn(code)})
                outcome["view"] = engine.start(session, process_id="budget_probe", data={}, actor=None)
        except BaseException as exc:  # noqa: BLE001 - the point is to see anything that gets out
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="web-request")
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the script was not stopped"
    return outcome


def incident_of(app, outcome: dict) -> Incident:
    """The incident the start parked its instance in (the thread got an answer, not an exception)."""
    assert "view" in outcome, outcome
    assert outcome["view"].status == engine.InstanceStatus.INCIDENT
    with app.app_context(), transaction(readonly=True) as session:
        return session.scalar(select(Incident).where(Incident.instance_id == outcome["view"].id))


def assert_still_starts(app) -> None:
    view = start_in_thread(app, HEALTHY).get("view")
    assert view is not None and view.status == engine.InstanceStatus.RUNNING, "a healthy start in a new thread"


@pytest.mark.parametrize("place, code, element", [
    ("script", LOOP_SCRIPT, "compute"),
    ("cell", LOOP_EXPR, "decide"),
    ("condition", LOOP_EXPR, "route"),
    ("timer", LOOP_TIMER, "late"),
])
def test_an_endless_loop_anywhere_is_stopped_with_the_element_named(app, place, code, element):
    incident = incident_of(app, start_in_thread(app, {**HEALTHY, place: code}))
    assert incident.element_id == element
    assert f"Script budget exceeded in element '{element}': CPU time over the limit of 100 ms" in incident.error
    assert_still_starts(app)


def test_the_error_points_at_the_loop_that_ran_over(app):
    incident = incident_of(app, start_in_thread(app, {**HEALTHY, "script": LOOP_SCRIPT}))
    assert "Line 2: while True:" in incident.error


def test_a_huge_string_in_a_script_is_refused_with_the_element_named(app):
    incident = incident_of(app, start_in_thread(app, {**HEALTHY, "script": "x = 'a' * (2 * 10**9)"}))
    assert "Script budget exceeded in element 'compute': memory over the limit of 64 MB" in incident.error


def test_a_helper_that_exits_does_not_end_the_thread(app):
    def leave(*_args):
        raise SystemExit(1)

    engine.register_helper("probe_leave", leave)
    incident = incident_of(app, start_in_thread(app, {**HEALTHY, "condition": "probe_leave() == 1"}))
    assert "Script error in element 'route': the script raised SystemExit" in incident.error
    assert_still_starts(app)


def test_the_healthy_probe_reaches_its_user_task(app):
    view = start_in_thread(app, HEALTHY)["view"]
    assert view.status == engine.InstanceStatus.RUNNING and view.next_timer_at is not None


CYCLE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://e/t">
  <bpmn:process id="cycle_probe" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:scriptTask id="again" name="Again"><bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing><bpmn:script>n = probe_burn_cpu(20)</bpmn:script></bpmn:scriptTask>
    <bpmn:exclusiveGateway id="more" name="More?" default="f4"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="done"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="again"/>
    <bpmn:sequenceFlow id="f2" sourceRef="again" targetRef="more"/>
    <bpmn:sequenceFlow id="f3" sourceRef="more" targetRef="again">
      <bpmn:conditionExpression>n &gt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="more" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>"""


def burn_cpu(ms: int) -> int:
    """A helper that uses `ms` of the thread's CPU time (time.thread_time, not the app clock: no sleep)."""
    until = time.thread_time() + ms / 1000
    while time.thread_time() < until:
        pass
    return 1


def test_a_diagram_that_loops_through_quick_scripts_is_stopped_by_the_run_limit(app):
    """Each pass of the script (20 ms of CPU) is well within its own 100 ms; all the passes of one engine run
    share 1 s. (SpiffWorkflow itself stops looking past a depth of 1,000 tasks: without the run limit this
    start would spend about 500 passes of the script, 10 s, holding the database.)"""
    engine.register_helper("probe_burn_cpu", burn_cpu)

    with app.app_context(), transaction() as session:
        engine.deploy(session, process_id="cycle_probe", actor="test", files={"cycle.bpmn": CYCLE})
        view = engine.start(session, process_id="cycle_probe", data={}, actor=None)
    incident = incident_of(app, {"view": view})
    assert ("CPU time of all the code this step of the process ran is over the limit of 1000 ms "
            "(does the diagram loop without waiting?)") in incident.error
