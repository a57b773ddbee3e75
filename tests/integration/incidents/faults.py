"""Mistakes a careless process owner makes in the grievance diagram, applied to its XML as a modeler would save it."""
from __future__ import annotations

from lxml import etree

from tests.integration.processes.edits import BPMN, grievance_bpmn


def with_script(element_id: str, script: str, xml: str | None = None) -> str:
    """The grievance diagram with the script of one script task replaced."""
    root = etree.fromstring((xml or grievance_bpmn()).encode())
    [task] = root.xpath("//*[@id=$id]", id=element_id)
    task.find(BPMN + "script").text = script
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


def deploy(api, owner: str, xml: str, note: str) -> int:
    deployed = api.post("/processes/grievance/deploy", owner, json={"files": {"grievance.bpmn": xml}, "note": note})
    assert deployed.status_code == 201, deployed.get_json()
    return deployed.get_json()["version"]


def migrate(api, owner: str, from_version: int, to_version: int) -> dict:
    moved = api.post("/processes/grievance/migrate", owner, json={"from_version": from_version,
                                                                  "to_version": to_version, "dry_run": False})
    assert moved.status_code == 200, moved.get_json()
    return moved.get_json()
