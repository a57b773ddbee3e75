"""Small edits a process owner makes to the grievance diagram, for replay tests and the replay bench."""
from __future__ import annotations

from lxml import etree


def edited(xml: str, element_id: str, *, script: str | None = None, time_date: str | None = None) -> str:
    """The grievance diagram with one script or one timer's due-time expression rewritten, as the modeler saves."""
    root = etree.fromstring(xml.encode())
    [element] = root.xpath("//*[@id=$id]", id=element_id)
    if script is not None:
        element.find("{http://www.omg.org/spec/BPMN/20100524/MODEL}script").text = script
    if time_date is not None:
        [expression] = element.xpath(".//*[local-name()='timeDate']")
        expression.text = time_date
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()
