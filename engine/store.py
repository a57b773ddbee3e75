"""Serialization of workflows to and from their process_instance row.

The parsed process spec is not written into each instance (it would be ~20 KB of every ~34 KB row, and
restoring it is half the load time: research/spiffworkflow.md 3.3). Instances reference their immutable
process_model version instead, and loading takes the spec from the parsed-model cache. Specs are then
shared between instances, which is safe because deploy refuses event sub-processes, the one 3.2.0
feature that mutates a spec at run time.
"""
from __future__ import annotations

from contextvars import ContextVar

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.helpers import BpmnConverter
from SpiffWorkflow.bpmn.specs import AdHocSubprocessSpec, BpmnProcessSpec
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from sqlalchemy.orm import object_session

from core import clock
from engine import definitions
from engine.models import InstanceStatus, ProcessInstance, ProcessModel
from engine.scripting import script_engine
from engine.timers import next_due

FORMAT = "spec-ref-1"
_specs_in_scope: ContextVar[dict[str, object] | None] = ContextVar("specs_in_scope", default=None)


class SpecReferenceConverter(BpmnConverter):
    """Writes a process spec as its name; restores it from the model version being loaded."""

    def to_dict(self, spec):
        return {"name": spec.name}

    def from_dict(self, dct):
        specs = _specs_in_scope.get()
        if specs is None or dct["name"] not in specs:
            raise LookupError(f"process spec {dct['name']!r} is not part of the instance's model version")
        return specs[dct["name"]]


def _serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnProcessSpec] = SpecReferenceConverter
    config[AdHocSubprocessSpec] = SpecReferenceConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))


SERIALIZER = _serializer()


def load(row: ProcessInstance) -> BpmnWorkflow:
    """Rebuild the workflow; the script engine is not serialized, so the hardened one is re-attached."""
    model = object_session(row).get(ProcessModel, row.process_model_id)
    parsed = definitions.parsed(model)
    token = _specs_in_scope.set({parsed.spec.name: parsed.spec, **parsed.subprocess_specs})
    try:
        workflow = SERIALIZER.deserialize_json(row.state)
    finally:
        _specs_in_scope.reset(token)
    workflow.script_engine = script_engine()
    return workflow


def save(row: ProcessInstance, workflow: BpmnWorkflow) -> None:
    """Write state, status and the next timer due time onto the row (the caller's transaction flushes it)."""
    now = clock.now()
    row.state = SERIALIZER.serialize_json(workflow)
    row.serializer_version = f"{SERIALIZER.VERSION}/{FORMAT}"
    row.next_timer_at = next_due(workflow)
    row.updated_at = now
    if workflow.completed and row.status == InstanceStatus.RUNNING:
        row.status = InstanceStatus.COMPLETED
        row.completed_at = now
        row.next_timer_at = None


def serialized_size(row: ProcessInstance) -> int:
    return len(row.state.encode())
