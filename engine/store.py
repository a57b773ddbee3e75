"""Serialization of workflows to and from their process_instance row."""
from __future__ import annotations

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from core import clock
from engine.models import InstanceStatus, ProcessInstance
from engine.scripting import script_engine
from engine.timers import next_due

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def load(row: ProcessInstance) -> BpmnWorkflow:
    """Rebuild the workflow; the script engine is not serialized, so the hardened one is re-attached."""
    workflow = SERIALIZER.deserialize_json(row.state)
    workflow.script_engine = script_engine()
    return workflow


def save(row: ProcessInstance, workflow: BpmnWorkflow) -> None:
    """Write state, status and the next timer due time onto the row (the caller's transaction flushes it)."""
    now = clock.now()
    row.state = SERIALIZER.serialize_json(workflow)
    row.serializer_version = SERIALIZER.VERSION
    row.next_timer_at = next_due(workflow)
    row.updated_at = now
    if workflow.completed and row.status == InstanceStatus.RUNNING:
        row.status = InstanceStatus.COMPLETED
        row.completed_at = now
        row.next_timer_at = None


def serialized_size(row: ProcessInstance) -> int:
    return len(row.state.encode())
