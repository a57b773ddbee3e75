"""Load, act on and save one process instance in the caller's transaction, then publish what happened."""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, TaskNotFoundException, WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from core.db import lock_for_update
from core.errors import AppError
from engine import definitions, store
from engine.events import (
    EngineEvent,
    InstanceCompleted,
    InstanceStarted,
    TaskCancelled,
    TaskCompleted,
    TaskOpened,
    TaskRef,
    TimerFired,
)
from engine.models import InstanceStatus, ProcessInstance, ProcessModel
from engine.scripting import script_engine
from engine.timers import fired_timer_due, waiting_timers

logger = logging.getLogger(__name__)

Subscriber = Callable[[Session, list[EngineEvent]], None]
_subscribers: list[Subscriber] = []
_session: ContextVar[Session | None] = ContextVar("engine_session", default=None)


def current_session() -> Session:
    """The session of the unit of work now running, for script helpers that read the database."""
    session = _session.get()
    if session is None:
        raise RuntimeError("no process instance is running")
    return session


def subscribe(handler: Subscriber) -> None:
    """Call `handler(session, events)` after every unit of work, inside the same transaction."""
    if handler not in _subscribers:
        _subscribers.append(handler)


def task_ref(task) -> TaskRef:
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    return TaskRef(task_id=str(task.id), bpmn_id=bpmn_id, title=getattr(spec, "bpmn_name", None) or bpmn_id,
                   lane=getattr(spec, "lane", None), kind=type(spec).__name__,
                   properties=definitions.task_properties(spec))


@dataclass
class InstanceView:
    id: int
    status: str
    version: int
    next_timer_at: Any
    lock_version: int


class _UnitOfWork:
    """Collects the events of one load-act-save cycle."""

    def __init__(self, row: ProcessInstance, workflow: BpmnWorkflow, actor: Any):
        self.row, self.workflow, self.actor = row, workflow, actor
        self.events: list[EngineEvent] = []
        self.open_before = self._open_tasks()
        self._data_before: dict[UUID, dict] = {}

    def _open_tasks(self) -> dict[UUID, Any]:
        return {t.id: t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)}

    def _base(self, by_person: bool = False) -> dict:
        """Common event fields. Only what a person did carries them as actor; what the engine ran in
        consequence (scripts, rules, timers, opened tasks) is the system's doing."""
        return dict(instance_id=self.row.id, business_key=self.row.business_key, at=clock.now(),
                    actor=self.actor if by_person else None)

    def will_run(self, task) -> None:
        self._data_before[task.id] = dict(task.data)
        is_timer, due = fired_timer_due(task)
        if is_timer:
            self.events.append(TimerFired(**self._base(), task=task_ref(task), due_at=due))

    def did_run(self, task) -> None:
        before = self._data_before.pop(task.id, {})
        if getattr(task.task_spec, "bpmn_id", None) is None:
            return  # engine plumbing (splits, joins, the root), not an element of the diagram
        changed = {k: v for k, v in task.data.items() if k not in before or before[k] != v}
        self.events.append(TaskCompleted(**self._base(), task=task_ref(task), data_changed=changed,
                                         by_person=False))

    def person_completed(self, task, data: dict) -> None:
        self.events.append(TaskCompleted(**self._base(by_person=True), task=task_ref(task), data_changed=dict(data),
                                         by_person=True))

    def run_engine(self, session: Session, action: Callable[[], None] | None = None) -> None:
        """Run `action` (a person's task, a timer refresh) and then every engine step it unblocks."""
        token = _session.set(session)
        try:
            if action:
                action()
            self.workflow.do_engine_steps(self.will_run, self.did_run)
        except SpiffWorkflowException as exc:
            logger.error("engine error in instance %s: %s", self.row.id, exc)
            raise AppError(500, "process_error", f"The process model failed to run: {exc}") from exc
        finally:
            _session.reset(token)

    def finish(self, session: Session) -> None:
        """Save, derive opened and cancelled human tasks, publish every event in this transaction."""
        store.save(self.row, self.workflow)
        open_after = self._open_tasks()
        for task_id, task in self.open_before.items():
            if task_id not in open_after and task.state != TaskState.COMPLETED:
                self.events.append(TaskCancelled(**self._base(), task=task_ref(task)))
        for task_id, task in open_after.items():
            if task_id not in self.open_before:
                self.events.append(TaskOpened(**self._base(), task=task_ref(task), data=dict(task.data),
                                              deadlines=_deadlines(self.workflow, task)))
        if self.row.status == InstanceStatus.COMPLETED:
            self.events.append(InstanceCompleted(**self._base()))
        session.flush()
        for handler in _subscribers:
            handler(session, self.events)


def _deadlines(workflow: BpmnWorkflow, task) -> list:
    """Due times of timers attached to `task` (its boundary events are its siblings under the split)."""
    siblings = {t.id for t in task.parent.children} if task.parent else set()
    return sorted(due for timer, due in waiting_timers(workflow) if timer.id in siblings)


def start(session: Session, *, process_id: str, data: dict, actor: Any,
          business_key: str | None = None) -> InstanceView:
    """Start the latest version of `process_id` with `data` and run it to its first wait states."""
    model = definitions.latest_model(session, process_id)
    parsed = definitions.parsed(model)
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=script_engine())
    workflow.get_next_task(state=TaskState.READY).data.update(data)
    now = clock.now()
    row = ProcessInstance(process_model_id=model.id, business_key=business_key, status=InstanceStatus.RUNNING,
                          state="", serializer_version="", created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    unit = _UnitOfWork(row, workflow, actor)
    unit.events.append(InstanceStarted(**unit._base(by_person=True), process_id=process_id, version=model.version))
    unit.run_engine(session)
    unit.finish(session)
    return _view(row, model)


def _load_row(session: Session, instance_id: int) -> ProcessInstance:
    # populate_existing: a row this session read before taking the lock must be refreshed, not reused.
    stmt = select(ProcessInstance).where(ProcessInstance.id == instance_id).execution_options(populate_existing=True)
    row = session.scalar(lock_for_update(stmt, session))
    if row is None:
        raise AppError.not_found("process_instance", instance_id)
    return row


def _find_task(workflow: BpmnWorkflow, task_id: str):
    try:
        task = workflow.get_task_from_id(UUID(str(task_id)))
    except (ValueError, TaskNotFoundException, WorkflowException):
        task = None
    if task is None:
        raise AppError.not_found("task", task_id)
    return task


def complete_task(session: Session, *, instance_id: int, task_id: str, data: dict, actor: Any) -> InstanceView:
    """Complete a ready human task with its form data and run the process on to its next wait states."""
    row = _load_row(session, instance_id)
    workflow = store.load(row)
    task = _find_task(workflow, task_id)
    if task.state != TaskState.READY or not task.task_spec.manual:
        state = TaskState.get_name(task.state)
        raise AppError.conflict("task_not_open", f"Task {task_id} is no longer open ({state}).")
    unit = _UnitOfWork(row, workflow, actor)

    def run_task() -> None:
        task.data.update(data)
        task.run()
        unit.person_completed(task, data)

    unit.run_engine(session, run_task)
    unit.finish(session)
    return _view(row)


def fire_timers(session: Session, *, instance_id: int) -> int:
    """Fire every timer of one instance that is due by the app clock; returns how many fired."""
    row = _load_row(session, instance_id)
    if row.status != InstanceStatus.RUNNING:
        row.next_timer_at = None
        return 0
    workflow = store.load(row)
    unit = _UnitOfWork(row, workflow, actor=None)
    unit.run_engine(session, workflow.refresh_timers)
    unit.finish(session)
    return sum(isinstance(e, TimerFired) for e in unit.events)


def send_message(session: Session, *, instance_id: int, name: str, payload: dict, actor: Any) -> None:
    """Deliver message `name` (e.g. a complainant's reply) to the instance; 409 if it is not waiting for it."""
    row = _load_row(session, instance_id)
    workflow = store.load(row)
    unit = _UnitOfWork(row, workflow, actor)

    def deliver() -> None:
        try:
            workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=payload))
        except WorkflowException:
            raise AppError.conflict("not_waiting", f"The case is not waiting for {name.replace('_', ' ')}.") from None

    unit.run_engine(session, deliver)
    unit.finish(session)


def task_details(session: Session, *, instance_id: int, task_id: str) -> dict:
    """A task's title, lane, state, data and form schema, for a worklist to show and validate."""
    row = session.get(ProcessInstance, instance_id)
    if row is None:
        raise AppError.not_found("process_instance", instance_id)
    workflow = store.load(row)
    task = _find_task(workflow, task_id)
    ref = task_ref(task)
    forms = definitions.parsed(session.get(ProcessModel, row.process_model_id)).forms
    return {"task": ref, "state": TaskState.get_name(task.state), "data": dict(task.data),
            "form": forms.get(ref.properties.get("formJsonSchemaFilename", ""), None)}


def _view(row: ProcessInstance, model: ProcessModel | None = None) -> InstanceView:
    version = model.version if model else None
    return InstanceView(id=row.id, status=row.status, version=version, next_timer_at=row.next_timer_at,
                        lock_version=row.lock_version)
