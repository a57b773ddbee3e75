"""Instances are stored compactly (spec by reference to its model version) and survive a round trip."""
from __future__ import annotations

import json

from sqlalchemy import select

from core.db import transaction
from engine import store
from engine.definitions import InvalidModel, parse_model, read_model_folder
from engine.models import ProcessInstance


def test_instances_reference_their_model_instead_of_embedding_it(app, api):
    api.lodge(api.login("operator"), mobile="9830012345")
    with app.app_context(), transaction() as session:
        row = session.scalar(select(ProcessInstance))
        state = json.loads(row.state)
        assert state["spec"]["name"] == "grievance" and "task_specs" not in row.state
        assert store.serialized_size(row) < 20_000
        before = row.state
        store.save(row, store.load(row))
        assert json.loads(row.state)["tasks"] == json.loads(before)["tasks"]


def test_event_subprocesses_are_refused_at_deploy(app):
    files = read_model_folder(app.extensions["settings"].bpmn_dir / "grievance")
    event_subprocess = """<bpmn:subProcess id="Sub_withdraw" triggeredByEvent="true">
      <bpmn:startEvent id="Start_withdraw"><bpmn:outgoing>Flow_w</bpmn:outgoing>
        <bpmn:signalEventDefinition id="Sig_def" /></bpmn:startEvent>
      <bpmn:endEvent id="End_withdraw"><bpmn:incoming>Flow_w</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="Flow_w" sourceRef="Start_withdraw" targetRef="End_withdraw" />
    </bpmn:subProcess>
  </bpmn:process>"""
    files["grievance.bpmn"] = files["grievance.bpmn"].replace("</bpmn:process>", event_subprocess, 1)
    try:
        parse_model("grievance", files)
    except InvalidModel as exc:
        assert any("event sub-process" in p.message for p in exc.problems), exc.problems
    else:
        raise AssertionError("an event sub-process was accepted")
