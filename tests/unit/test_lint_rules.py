"""The meaning rules on small diagrams: which elements a case can reach and leave, inside sub-processes, through
boundary events, event-based gateways and link events; what a timer literal must look like."""
from __future__ import annotations

import pytest

from engine.definitions import parse_xml
from engine.lint import check_flow, check_milestones, read_manifest
from engine.lint_timers import check_timers

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
        'targetNamespace="http://example.org/t"><bpmn:process id="p" isExecutable="true">')
TAIL = "</bpmn:process></bpmn:definitions>"


def diagram(body: str):
    return parse_xml("p.bpmn", HEAD + body + TAIL)


def flow(flow_id: str, source: str, target: str) -> str:
    return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}"/>'


def faulty(body: str) -> dict[str, str]:
    return {p.element_id: p.message for p in check_flow("p.bpmn", diagram(body))}


def test_a_boundary_event_path_counts_as_reached_through_its_task():
    body = ('<bpmn:startEvent id="s"/><bpmn:userTask id="work"/><bpmn:endEvent id="e"/>'
            '<bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>'
            '<bpmn:scriptTask id="escalate"/><bpmn:endEvent id="e2"/>'
            + flow("f1", "s", "work") + flow("f2", "work", "e") + flow("f3", "late", "escalate")
            + flow("f4", "escalate", "e2"))
    assert faulty(body) == {}
    dead_end = body.replace(flow("f4", "escalate", "e2"), "")
    assert set(faulty(dead_end)) == {"late", "escalate", "e2"}
    assert "cannot reach an end event" in faulty(dead_end)["escalate"]
    assert "cannot be reached from a start event" in faulty(dead_end)["e2"]


def test_an_event_based_gateway_leads_to_its_catch_events():
    body = ('<bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="g"/>'
            '<bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>'
            '<bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>'
            '<bpmn:endEvent id="e"/>'
            + flow("f1", "s", "g") + flow("f2", "g", "reply") + flow("f3", "g", "timeout")
            + flow("f4", "reply", "e") + flow("f5", "timeout", "e"))
    assert faulty(body) == {}
    assert set(faulty(body.replace(flow("f3", "g", "timeout"), ""))) == {"timeout"}


def test_a_sub_process_is_checked_inside():
    inner = ('<bpmn:startEvent id="is"/><bpmn:userTask id="step"/><bpmn:userTask id="forgotten"/>'
             '<bpmn:endEvent id="ie"/>' + flow("i1", "is", "step") + flow("i2", "step", "ie"))
    body = (f'<bpmn:startEvent id="s"/><bpmn:subProcess id="sub">{inner}</bpmn:subProcess><bpmn:endEvent id="e"/>'
            + flow("f1", "s", "sub") + flow("f2", "sub", "e"))
    assert set(faulty(body)) == {"forgotten"}
    no_end = body.replace('<bpmn:endEvent id="ie"/>', "").replace(flow("i2", "step", "ie"), "")
    assert faulty(no_end) == {"sub": "subProcess has no end event: a case could not finish"}


def test_a_link_throw_continues_at_its_catch():
    body = ('<bpmn:startEvent id="s"/>'
            '<bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="A"/></bpmn:intermediateThrowEvent>'
            '<bpmn:intermediateCatchEvent id="on"><bpmn:linkEventDefinition name="A"/></bpmn:intermediateCatchEvent>'
            '<bpmn:endEvent id="e"/>' + flow("f1", "s", "go") + flow("f2", "on", "e"))
    assert faulty(body) == {}


@pytest.mark.parametrize("kind, literal, ok", [
    ("timeDuration", "'P7D'", True), ("timeDuration", "'PT36H'", True), ("timeDuration", "'7 days'", False),
    ("timeDate", "'2026-12-01T10:00:00+05:30'", True), ("timeDate", "'P7D'", False),
    ("timeCycle", "'R3/PT1H'", True), ("timeCycle", "'every hour'", False), ("timeDuration", "7", False),
])
def test_a_timer_literal_must_be_iso_8601(kind, literal, ok):
    body = (f'<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:{kind}>{literal}'
            f'</bpmn:{kind}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>')
    problems = check_timers("p.bpmn", diagram(body), set())
    assert (problems == []) is ok, problems


def test_a_malformed_manifest_is_reported_and_milestones_are_looked_up_by_id():
    problems = []
    assert read_manifest({"process.json": '{"milestones": ["Task_x"]}'}, problems).milestones == []
    assert "not a valid process manifest" in problems[0].message
    manifest = read_manifest({"process.json": '{"milestones": [{"id": "s", "name": "Start"}, {"id": "gone"}]}'}, [])
    [missing] = check_milestones(manifest, {"p.bpmn": diagram('<bpmn:startEvent id="s"/>')})
    assert missing.element_id == "gone" and "(gone) is missing" in missing.message
