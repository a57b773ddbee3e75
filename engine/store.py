"""Serialization of workflows to and from their process_instance row.

The parsed process spec is not written into each instance (it would be ~20 KB of every ~34 KB row, and
restoring it is half the load time: research/spiffworkflow.md 3.3). Instances reference their immutable
process_model version instead, and loading takes the spec from the parsed-model cache. Specs are then
shared between instances, which is safe because deploy refuses event sub-processes, the one 3.2.0
feature that mutates a spec at run time.

A finished instance keeps only what the audit shows of it: the elements it passed, in order (a tenth of the state
it had, which nothing reads again: no task waits in it, no timer, no message). Loading it refuses as anything
waiting in a finished case does (409 not_waiting).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.helpers import BpmnConverter
from SpiffWorkflow.bpmn.specs import AdHocSubprocessSpec, BpmnProcessSpec
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import object_session

from core import clock
from core.errors import AppError
from engine import definitions
from engine.models import InstanceStatus, ProcessInstance
from engine.scripting import script_engine
from engine.timers import next_due

FORMAT = "spec-ref-1"
COMPACT = "compact-1"  # serializer_version of a finished instance's path
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


@contextmanager
def specs_in_scope(specs: dict[str, object]) -> Iterator[None]:
    """Deserialize with these process specs (by name) standing for the references in the state."""
    token = _specs_in_scope.set(specs)
    try:
        yield
    finally:
        _specs_in_scope.reset(token)


_LOADED = "loaded_workflows"


def load(row: ProcessInstance, *, keep: bool = False) -> BpmnWorkflow:
    """Rebuild the workflow; the script engine is not serialized, so the hardened one is re-attached.

    `keep=True` (a reader that changes nothing, such as a task's details) leaves the workflow with the session, so
    the unit of work that then acts on the instance takes it instead of deserializing the same state again."""
    if is_compact(row):
        raise AppError.conflict("not_waiting", "The process of this case has finished; nothing waits in it.")
    session = object_session(row)
    loaded = session.info.setdefault(_LOADED, {})
    state, workflow = loaded.pop(row.id, (None, None))
    if workflow is None or state != row.state:
        parsed = definitions.parsed_version(session, definitions.model_ref(session, row.process_model_id))
        with specs_in_scope({parsed.spec.name: parsed.spec, **parsed.subprocess_specs}):
            workflow = SERIALIZER.deserialize_json(row.state)
        workflow.script_engine = script_engine()
    if keep:
        loaded[row.id] = (row.state, workflow)
    return workflow


def save(row: ProcessInstance, workflow: BpmnWorkflow) -> None:
    """Write state, status and the next timer due time onto the row (the caller's transaction flushes it); a
    finished instance its path only."""
    now = clock.now()
    row.updated_at = now
    if workflow.completed and row.status == InstanceStatus.RUNNING:
        row.status = InstanceStatus.COMPLETED
        row.completed_at = now
        row.next_timer_at = None
        _compact(row, workflow)
        return
    row.state = SERIALIZER.serialize_json(workflow)
    row.serializer_version = f"{SERIALIZER.VERSION}/{FORMAT}"
    row.next_timer_at = next_due(workflow)


def compact_finished(session, *, limit: int = 200) -> int:
    """Finished instances saved whole (before finished ones were compacted) get their path only, `limit` at a
    time (housekeeping, jobs/periodic.py). Returns how many were compacted."""
    rows = session.scalars(select(ProcessInstance).where(ProcessInstance.status == InstanceStatus.COMPLETED,
                                                         ProcessInstance.serializer_version != COMPACT)
                           .order_by(ProcessInstance.id).limit(limit)).all()
    for row in rows:
        _compact(row, load(row))
    return len(rows)


def _compact(row: ProcessInstance, workflow: BpmnWorkflow) -> None:
    row.state, row.serializer_version = json.dumps({"completed": passed(workflow)}), COMPACT


def is_compact(row: ProcessInstance) -> bool:
    return row.serializer_version == COMPACT


def compact_path(row: ProcessInstance) -> list[str]:
    """The elements a finished instance passed, in order."""
    return json.loads(row.state)["completed"]


def passed(workflow: BpmnWorkflow) -> list[str]:
    """The diagram's elements the workflow has completed, in the order it completed them, each once (engine
    plumbing without an element left out)."""
    done = sorted(workflow.get_tasks(state=TaskState.COMPLETED), key=lambda t: t.last_state_change)
    return list(dict.fromkeys(bpmn_id for t in done if (bpmn_id := getattr(t.task_spec, "bpmn_id", None))))


def serialized_size(row: ProcessInstance) -> int:
    return len(row.state.encode())
