"""A timer a process owner may draw beyond the shipped diagrams fires through the sweep and is recorded with its
due time: an event-based gateway whose first branch is the timer (the reply second; the shipped clarification
gateway has the reply first)."""
from __future__ import annotations

from datetime import timedelta

import engine
from core.db import transaction
from tests.conftest import START

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://example.org/t">"""

# Waits a day for a reply; the timer is the gateway's first outgoing flow, the reply its second.
TIMER_FIRST = HEAD + """
  <bpmn:message id="reply_msg" name="reply"/>
  <bpmn:process id="timer_first" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="L1" name="nodal_officer">
      <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>gw</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>wait</bpmn:flowNodeRef><bpmn:flowNodeRef>reply</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>chase</bpmn:flowNodeRef><bpmn:flowNodeRef>chased</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>answered</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:eventBasedGateway id="gw"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f_timer</bpmn:outgoing><bpmn:outgoing>f_reply</bpmn:outgoing></bpmn:eventBasedGateway>
    <bpmn:intermediateCatchEvent id="wait" name="A day passes"><bpmn:incoming>f_timer</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="t1">
        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P1D"</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="reply" name="Reply"><bpmn:incoming>f_reply</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing><bpmn:messageEventDefinition id="m1" messageRef="reply_msg"/>
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="chase" name="Chase the reply"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="chased"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="answered"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
    <bpmn:sequenceFlow id="f_timer" sourceRef="gw" targetRef="wait"/>
    <bpmn:sequenceFlow id="f_reply" sourceRef="gw" targetRef="reply"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="chase"/>
    <bpmn:sequenceFlow id="f3" sourceRef="reply" targetRef="answered"/>
    <bpmn:sequenceFlow id="f4" sourceRef="chase" targetRef="chased"/>
  </bpmn:process>
</bpmn:definitions>"""

def start(app, process_id: str, diagram: str) -> int:
    with app.app_context(), transaction() as session:
        engine.deploy(session, process_id=process_id, files={f"{process_id}.bpmn": diagram}, actor="test")
        return engine.start(session, process_id=process_id, data={}, actor=None).id


def sweep(app, clock, at) -> int:
    clock.set(at)
    with app.app_context():
        return engine.fire_due_timers(app.extensions["db"]).timers_fired


def test_a_gateways_first_branch_timer_fires_and_is_recorded(app, fired, frozen_clock):
    instance_id = start(app, "timer_first", TIMER_FIRST)
    assert sweep(app, frozen_clock, START + timedelta(hours=23)) == 0
    assert sweep(app, frozen_clock, START + timedelta(days=1, minutes=1)) == 1
    assert [(e.instance_id, e.due_at) for e in fired] == [(instance_id, START + timedelta(days=1))]
    assert sweep(app, frozen_clock, START + timedelta(days=3)) == 0, "fired once"



def test_a_stale_due_time_is_corrected_not_reported_as_a_failure(app, fired, frozen_clock):
    """An instance whose stored due time is earlier than any timer it waits for (written by an older version, or
    left by a crash) is swept, fires nothing and gets its true due time back, with no failure recorded."""
    from engine.models import ProcessInstance

    instance_id = start(app, "timer_first", TIMER_FIRST)
    with app.app_context(), transaction() as session:
        session.get(ProcessInstance, instance_id).next_timer_at = START + timedelta(hours=1)
    assert sweep(app, frozen_clock, START + timedelta(hours=2)) == 0
    with app.app_context(), transaction(readonly=True) as session:
        row = session.get(ProcessInstance, instance_id)
        assert (row.timer_failures, row.last_error) == (0, None), "nothing failed"
        assert row.next_timer_at == START + timedelta(days=1), "the timer's own due time"
    assert fired == []
