"""A cycle timer (timeCycle, e.g. R2/PT1H on a task: remind twice, an hour apart) a process owner may draw: each
firing is recorded once with its own due time, and the sweep fires it as many times as the cycle says."""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import START
from tests.integration.engine.test_timer_mutants import HEAD, start, sweep

CYCLE = HEAD + """
  <bpmn:process id="cycle" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="L1" name="nodal_officer">
      <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>act</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>done</bpmn:flowNodeRef><bpmn:flowNodeRef>hourly</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>reminded</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="act" name="Act on it"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="hourly" name="Every hour, twice" attachedToRef="act" cancelActivity="false">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="t1">
        <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"R2/PT1H"</bpmn:timeCycle>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="reminded" name="Reminded"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="act"/>
    <bpmn:sequenceFlow id="f2" sourceRef="act" targetRef="done"/>
    <bpmn:sequenceFlow id="f3" sourceRef="hourly" targetRef="reminded"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_each_firing_of_a_cycle_timer_is_recorded_with_its_own_due_time(app, fired, frozen_clock):
    instance_id = start(app, "cycle", CYCLE)
    assert sweep(app, frozen_clock, START + timedelta(minutes=59)) == 0
    assert sweep(app, frozen_clock, START + timedelta(hours=1, minutes=1)) == 1
    assert sweep(app, frozen_clock, START + timedelta(hours=2, minutes=1)) == 1
    assert sweep(app, frozen_clock, START + timedelta(hours=9)) == 0, "two cycles, no more"
    assert [(e.instance_id, e.task.bpmn_id, e.due_at) for e in fired] == [
        (instance_id, "hourly", START + timedelta(hours=1)), (instance_id, "hourly", START + timedelta(hours=2))]
