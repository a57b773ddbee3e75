"""What an auditor sees of the engine: the path each instance of a case took through its diagram version."""
from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import AppError
from engine import store
from engine.models import ProcessInstance, ProcessModel
from engine.versions import get_model_row

_OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED


@dataclass(frozen=True)
class InstancePath:
    """The BPMN elements an instance has passed (`completed`, in order) and where it stands now (`open`)."""

    instance_id: int
    process_id: str
    version: int
    status: str
    completed: list[str]
    open: list[str]


def _bpmn_id(task) -> str | None:
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None)
    return bpmn_id if bpmn_id else None  # engine plumbing (Start, End, Root) has no element on the diagram


def _ordered_unique(ids) -> list[str]:
    return list(dict.fromkeys(i for i in ids if i))


def case_paths(session: Session, business_key: str) -> list[InstancePath]:
    """Every instance run for `business_key` (a grievance and its appeal), oldest first."""
    paths = []
    rows = session.execute(select(ProcessInstance, ProcessModel).join(
        ProcessModel, ProcessModel.id == ProcessInstance.process_model_id)
        .where(ProcessInstance.business_key == business_key).order_by(ProcessInstance.id))
    for row, model in rows:
        if store.is_compact(row):  # finished: its path is all that is kept
            completed, open_now = store.compact_path(row), []
        else:
            workflow = store.load(row)
            completed = store.passed(workflow)
            open_now = _ordered_unique(_bpmn_id(t) for t in workflow.get_tasks(state=_OPEN))
        paths.append(InstancePath(instance_id=row.id, process_id=model.process_id, version=model.version,
                                  status=row.status, completed=completed, open=open_now))
    return paths


def diagram_xml(session: Session, *, process_id: str, version: int) -> str:
    """The BPMN diagram of one deployed version, as it was deployed."""
    files = get_model_row(session, process_id, version).files
    [xml] = [text for name, text in files.items() if name.endswith(".bpmn")] or [None]
    if xml is None:
        raise AppError.not_found("diagram", f"{process_id} v{version}")
    return xml


def element_kinds(session: Session) -> dict[str, str]:
    """{BPMN element id: its kind (the engine's spec class: UserTask, ScriptTask, ExclusiveGateway, StartEvent...)}
    over every deployed version of every process; an id keeps the kind of its newest version."""
    from engine import definitions
    from engine.replay import elements_of

    kinds: dict[str, str] = {}
    for model in session.scalars(select(ProcessModel).order_by(ProcessModel.id)):
        kinds.update({element.element_id: element.kind for element in elements_of(definitions.parsed(model))})
    return kinds


def boundary_hosts(session: Session, *, process_id: str, version: int) -> dict[str, str]:
    """{boundary event id: id of the task it is attached to} in one version's diagram (its timers' deadlines)."""
    from engine.definitions import parse_xml

    root = parse_xml(f"{process_id}.bpmn", diagram_xml(session, process_id=process_id, version=version))
    return {event.get("id"): event.get("attachedToRef")
            for event in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}boundaryEvent")}
