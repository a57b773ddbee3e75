"""Edits a process owner makes to the grievance diagram, done on the XML as a modeler would save it."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[3]
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
BPMNDI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
DI = "{http://www.omg.org/spec/DD/20100524/DI}"
REVIEW = "Task_review_atr"
REVIEW_TITLE = "Check the ATR before verification"


def grievance_bpmn() -> str:
    return (ROOT / "bpmn" / "grievance" / "grievance.bpmn").read_text(encoding="utf-8")


def _by_id(root, element_id: str):
    [found] = root.xpath("//*[@id=$id]", id=element_id)
    return found


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    element.text = text
    return element


def add_review_after_atr(xml: str, *, in_lane: bool = True) -> str:
    """A user task in the nodal officer's lane between Submit ATR and the outcome gateway."""
    root = etree.fromstring(xml.encode())
    process = _by_id(root, "grievance")
    if in_lane:
        lane = _by_id(root, "Lane_nodal_officer")
        _sub(lane, BPMN + "flowNodeRef", REVIEW)
    task = etree.Element(BPMN + "userTask", id=REVIEW, name=REVIEW_TITLE)
    _sub(task, BPMN + "incoming", "Flow_14")
    _sub(task, BPMN + "outgoing", "Flow_review_atr")
    _by_id(root, "Timer_atr_reminder").addprevious(task)
    _by_id(root, "Flow_14").set("targetRef", REVIEW)
    gateway = _by_id(root, "Gateway_atr_outcome")
    gateway.find(BPMN + "incoming").text = "Flow_review_atr"
    _sub(process, BPMN + "sequenceFlow", id="Flow_review_atr", sourceRef=REVIEW, targetRef="Gateway_atr_outcome")
    plane = root.find(f".//{BPMNDI}BPMNPlane")
    shape = _sub(plane, BPMNDI + "BPMNShape", id=f"{REVIEW}_di", bpmnElement=REVIEW)
    _sub(shape, DC + "Bounds", x=1620, y=475, width=100, height=80)
    flow_14 = plane.find(f"{BPMNDI}BPMNEdge[@bpmnElement='Flow_14']")
    for point in flow_14.findall(DI + "waypoint"):
        flow_14.remove(point)
    _sub(flow_14, DI + "waypoint", x=1570, y=515)
    _sub(flow_14, DI + "waypoint", x=1620, y=515)
    edge = _sub(plane, BPMNDI + "BPMNEdge", id="Flow_review_atr_di", bpmnElement="Flow_review_atr")
    _sub(edge, DI + "waypoint", x=1650, y=475)
    _sub(edge, DI + "waypoint", x=1650, y=175)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


def remove_cmo_escalation(xml: str) -> str:
    """Drop the third rung of the escalation ladder: the CMO-cell timer on the ATR and what it leads to."""
    gone = ["Timer_escalate_cmo", "Flow_25", "Task_escalate_cmo", "Flow_26", "Task_cmo_escalation_review", "Flow_27",
            "End_cmo_escalation"]
    root = etree.fromstring(xml.encode())
    for element_id in gone:
        element = _by_id(root, element_id)
        element.getparent().remove(element)
        for ref in root.xpath("//*[@bpmnElement=$id] | //*[local-name()='flowNodeRef'][text()=$id]", id=element_id):
            ref.getparent().remove(ref)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


DISCONNECTED = "Task_disconnected_check"


def add_disconnected_task(xml: str, *, lane: str = "Lane_nodal_officer", task_id: str = DISCONNECTED) -> str:
    """A user task dropped on the diagram in a lane and never connected to anything."""
    root = etree.fromstring(xml.encode())
    _sub(_by_id(root, lane), BPMN + "flowNodeRef", task_id)
    _by_id(root, "Timer_atr_reminder").addprevious(etree.Element(BPMN + "userTask", id=task_id,
                                                                 name="Double-check the office"))
    shape = _sub(root.find(f".//{BPMNDI}BPMNPlane"), BPMNDI + "BPMNShape", id=f"{task_id}_di", bpmnElement=task_id)
    _sub(shape, DC + "Bounds", x=1900, y=900, width=100, height=80)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


def _remove(root, element_ids: list[str]) -> None:
    for element_id in element_ids:
        element = _by_id(root, element_id)
        element.getparent().remove(element)
        for ref in root.xpath("//*[@bpmnElement=$id] | //*[local-name()='flowNodeRef'][text()=$id]"
                              " | //*[local-name()='incoming' or local-name()='outgoing'][text()=$id]", id=element_id):
            ref.getparent().remove(ref)


def delete_atr_step(xml: str) -> str:
    """The "Submit Action Taken Report" task deleted with its timers and what they lead to, and the deadline step
    joined straight to the outcome gateway: a tidy diagram that has simply lost the ATR."""
    root = etree.fromstring(xml.encode())
    _remove(root, ["Task_submit_atr", "Flow_14",
                   "Timer_atr_reminder", "Flow_9", "Task_atr_reminder", "Flow_10", "End_reminder",
                   "Timer_sla_breach", "Flow_11", "Task_escalate", "Flow_12", "Task_escalation_review", "Flow_13",
                   "End_escalation",
                   "Timer_escalate_secretary", "Flow_22", "Task_escalate_secretary", "Flow_23",
                   "Task_secretary_review", "Flow_24", "End_secretary_review",
                   "Timer_escalate_cmo", "Flow_25", "Task_escalate_cmo", "Flow_26", "Task_cmo_escalation_review",
                   "Flow_27", "End_cmo_escalation"])
    _by_id(root, "Flow_8").set("targetRef", "Gateway_atr_outcome")
    _sub(_by_id(root, "Gateway_atr_outcome"), BPMN + "incoming", "Flow_8").getparent().insert(
        0, _by_id(root, "Gateway_atr_outcome").find(BPMN + "incoming[last()]"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()
