"""Load, act on and save one process instance in the caller's transaction, then publish what happened."""
from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException, WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core import cache, clock
from core.db import lock_for_update
from core.errors import AppError
from engine import definitions, incidents, store
from engine.events import (
    EngineEvent,
    IncidentOpened,
    IncidentResolved,
    InstanceStarted,
    TimerFired,
)
from engine.incidents import RecordedActor
from engine.models import IncidentStatus, InstanceStatus, ProcessInstance
from engine.recorder import EventRecorder, task_ref
from engine.scripting import script_engine

logger = logging.getLogger(__name__)

Subscriber = Callable[[Session, list[EngineEvent]], None]
_subscribers: list[Subscriber] = []
_session: ContextVar[Session | None] = ContextVar("engine_session", default=None)
_LOCKED = "locked_instances"  # ids of instances locked by this transaction (until it or a savepoint ends)


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


@dataclass
class InstanceView:
    id: int
    status: str
    version: int
    next_timer_at: Any
    lock_version: int


class _UnitOfWork(EventRecorder):
    """The events of one load-act-save cycle of a stored instance."""

    def __init__(self, row: ProcessInstance, workflow: BpmnWorkflow, actor: Any):
        self.row, self.actor = row, actor
        super().__init__(workflow, self._fields)

    def _fields(self, actor: Any) -> dict:
        return dict(instance_id=self.row.id, business_key=self.row.business_key, at=clock.now(), actor=actor)

    def run_engine(self, session: Session, action: Callable[[], None] | None = None) -> None:
        """Run `action` (a person's task, a timer refresh) and then every engine step it unblocks. A failure of
        the model (whatever it raises, BaseException included) becomes a ModelFailure naming the element; a
        refusal of the action itself (AppError) and a database error propagate unchanged."""
        token = _session.set(session)
        try:
            with session.no_autoflush:  # helpers only read: nothing is written until the unit is saved
                if action:
                    action()
                self.workflow.do_engine_steps(self.will_run, self.did_run)
        except (AppError, SQLAlchemyError, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001 - a model's script may raise anything, SystemExit included
            failure = incidents.failure_from(exc, self.running)
            logger.error("process model failed in instance %s at %s: %s", self.row.id, failure.element_id,
                         failure.message)
            raise failure from exc
        finally:
            _session.reset(token)

    def finish(self, session: Session) -> None:
        """Save, derive opened and cancelled human tasks, publish every event in this transaction."""
        store.save(self.row, self.workflow)
        self.note_open_tasks()
        if self.row.status == InstanceStatus.COMPLETED:
            self.completed()
        _publish(session, self.events, self.row)


def _publish(session: Session, events: list[EngineEvent], row: ProcessInstance | None = None) -> None:
    """Tell the subscribers, in this transaction. Nothing is flushed for them (the row and what they add are written
    together at their end or at commit) except a new instance, whose id the events made before it had one get
    here. Handlers that read back what they added themselves must flush first."""
    if row is not None and row.id is None:
        session.flush()  # a new instance is inserted now, once, with the state it reached
    for event in events if row is not None else ():
        event.instance_id = row.id
    with session.no_autoflush:  # what the handlers add is written together, in one flush at their end or commit
        for handler in _subscribers:
            handler(session, events)


def _new_workflow(session: Session, model: definitions.ModelRef, data: dict) -> BpmnWorkflow:
    parsed = definitions.parsed_version(session, model)
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=script_engine())
    workflow.get_next_task(state=TaskState.READY).data.update(data)
    return workflow


def _step_for(workflow: BpmnWorkflow, unit: _UnitOfWork, action: dict) -> Callable[[], None] | None:
    """What to do before the engine runs on: the recorded action (see `Incident.action`) made callable."""
    kind = action["kind"]
    if kind == "start":
        return None
    if kind == "fire_timers":
        return workflow.refresh_timers
    if kind == "complete_task":
        task = _find_task(workflow, action["task_id"])
        if task.state != TaskState.READY or not task.task_spec.manual:
            state = TaskState.get_name(task.state)
            raise AppError.conflict("task_not_open", f"Task {action['task_id']} is no longer open ({state}).")

        def run_task() -> None:
            task.data.update(action["data"])
            task.run()
            unit.person_completed(task, action["data"], unit.actor)
        return run_task

    def deliver() -> None:
        try:
            workflow.send_event(BpmnEvent(MessageEventDefinition(action["name"]), payload=action["payload"]))
        except WorkflowException:
            name = action["name"].replace("_", " ")
            raise AppError.conflict("not_waiting", f"The case is not waiting for {name}.") from None
    return deliver


def _perform(session: Session, row: ProcessInstance, action: dict, actor: Any,
             workflow: BpmnWorkflow | None = None, first_events: list[EngineEvent] = ()) -> _UnitOfWork:
    workflow = workflow or store.load(row)
    unit = _UnitOfWork(row, workflow, actor)
    unit.events.extend(first_events)
    unit.run_engine(session, _step_for(workflow, unit, action))
    unit.finish(session)
    return unit


def _guarded(session: Session, row: ProcessInstance, action: dict, actor: Any, *,
             on_failure: Callable[[], list[EngineEvent]] = list, **perform) -> _UnitOfWork | None:
    """Perform `action`. When the model fails, park the instance as an incident at its last saved state (in the
    caller's transaction, which goes on and commits) and return None. No savepoint is needed: the engine runs
    without writing (no autoflush, helpers only read) and the instance row is changed only once the run succeeded,
    so a failure leaves nothing to undo but the workflow in memory, which is dropped."""
    try:
        return _perform(session, row, action, actor, **perform)
    except incidents.ModelFailure as failure:
        events = on_failure()
        session.flush()  # a new instance gets its id
        incident = incidents.open_incident(session, row=row, action={**action, "actor": RecordedActor.of(actor)},
                                           failure=failure)
        events.append(IncidentOpened(instance_id=row.id, business_key=row.business_key, at=clock.now(), actor=None,
                                     incident_id=incident.id, element_id=failure.element_id,
                                     element_name=failure.element_name, error=failure.message))
        _publish(session, events, row)
        return None


def start(session: Session, *, process_id: str, data: dict, actor: Any, business_key: str | None = None,
          instance_id: int | None = None) -> InstanceView:
    """Start the latest version of `process_id` with `data` and run it to its first wait states. If the model
    fails on the way, the instance is kept as an incident at its start (the caller's work still commits). The
    instance row is inserted once, with the state it reached: at once when it gets its id from the database, at
    the caller's next flush when the caller gives `instance_id` (taken from the table's sequence)."""
    model = definitions.latest_ref(session, process_id)
    now = clock.now()
    row = ProcessInstance(id=instance_id, process_model_id=model.id, business_key=business_key,
                          status=InstanceStatus.RUNNING, state="", serializer_version="", created_at=now,
                          updated_at=now)
    session.add(row)

    def started() -> InstanceStarted:
        return InstanceStarted(instance_id=row.id, business_key=business_key, at=clock.now(), actor=actor,
                               process_id=process_id, version=model.version)

    def park_at_start() -> list[EngineEvent]:
        store.save(row, _new_workflow(session, model, data))
        return [started()]

    _guarded(session, row, {"kind": "start", "data": data}, actor, workflow=_new_workflow(session, model, data),
             first_events=[started()], on_failure=park_at_start)
    return _view(row, model)


def _load_row(session: Session, instance_id: int, *, lock: bool = True) -> ProcessInstance:
    """The instance row, locked for this transaction (unless `lock=False`). A row this transaction has locked
    already is current and is not read again."""
    locked = cache.unit_memo(session, _LOCKED, dict)
    if instance_id in locked:
        return locked[instance_id]
    # populate_existing: a row this session read before taking the lock must be refreshed, not reused.
    stmt = select(ProcessInstance).where(ProcessInstance.id == instance_id).execution_options(populate_existing=True)
    with session.no_autoflush:
        row = session.scalar(lock_for_update(stmt, session) if lock else stmt)
    if row is None:
        raise AppError.not_found("process_instance", instance_id)
    if lock:
        locked[instance_id] = row  # held here too: the session's identity map keeps rows only weakly
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
    """Complete a ready human task with its form data and run the process on to its next wait states. If the model
    fails after the task, the instance becomes an incident holding the submission (status `incident`)."""
    row = _load_row(session, instance_id)
    incidents.ensure_not_parked(row)
    _guarded(session, row, {"kind": "complete_task", "task_id": str(task_id), "data": data}, actor)
    return _view(row)


def fire_timers(session: Session, *, instance_id: int) -> int:
    """Fire every timer of one instance that is due by the app clock; returns how many fired."""
    row = _load_row(session, instance_id)
    if row.status == InstanceStatus.INCIDENT:
        return 0  # parked: its timers stay due and fire after the retry
    if row.status != InstanceStatus.RUNNING:
        row.next_timer_at = None
        return 0
    unit = _guarded(session, row, {"kind": "fire_timers"}, None)
    return sum(isinstance(e, TimerFired) for e in unit.events) if unit else 0


def send_message(session: Session, *, instance_id: int, name: str, payload: dict, actor: Any) -> None:
    """Deliver message `name` (e.g. a complainant's reply) to the instance; 409 if it is not waiting for it."""
    row = _load_row(session, instance_id)
    incidents.ensure_not_parked(row)
    _guarded(session, row, {"kind": "send_message", "name": name, "payload": payload}, actor)


def retry_incident(session: Session, *, incident_id: int, by: str) -> incidents.IncidentView:
    """Do the failed action again on the instance's saved state and current version. On success the incident is
    resolved and the case runs on; on failure it stays open with one more attempt and the new error."""
    incident = incidents.get_incident(session, incident_id)
    if incident.status != IncidentStatus.OPEN:
        raise AppError.conflict("incident_resolved", f"Incident {incident_id} is already resolved.")
    row = _load_row(session, incident.instance_id)
    recorded = incident.action.get("actor")
    actor = RecordedActor(**recorded) if recorded else None
    row.status = InstanceStatus.RUNNING
    fresh = None
    if incident.action["kind"] == "start":  # afresh, on the version the case is on now (it may have been migrated)
        fresh = _new_workflow(session, definitions.model_ref(session, row.process_model_id), incident.action["data"])
    unit = _guarded(session, row, incident.action, actor, workflow=fresh)
    if unit is not None:
        attempts = incident.attempts + 1
        incidents.resolve(session, incident, by=by)
        row.last_error = None
        _publish(session, [IncidentResolved(instance_id=row.id, business_key=row.business_key, at=clock.now(),
                                            actor=None, incident_id=incident.id, element_id=incident.element_id,
                                            element_name=incident.element_name, attempts=attempts)], row)
    return incidents.incident_view(session, incident_id)


def task_details(session: Session, *, instance_id: int, task_id: str) -> dict:
    """A task's title, lane, state, data and form schema, for a worklist to show and validate. In a writing unit
    of work (about to complete the task) the instance is locked and its workflow kept, so completing it reads and
    deserializes the instance only once."""
    writing = not session.get_bind().get_execution_options().get("readonly", False)
    row = _load_row(session, instance_id, lock=writing)
    workflow = store.load(row, keep=writing)
    task = _find_task(workflow, task_id)
    ref = task_ref(task)
    forms = definitions.parsed_version(session, definitions.model_ref(session, row.process_model_id)).forms
    return {"task": ref, "state": TaskState.get_name(task.state), "data": dict(task.data),
            "form": forms.get(ref.properties.get("formJsonSchemaFilename", ""), None), "forms": forms}


def _view(row: ProcessInstance, model: definitions.ModelRef | None = None) -> InstanceView:
    version = model.version if model else None
    return InstanceView(id=row.id, status=row.status, version=version, next_timer_at=row.next_timer_at,
                        lock_version=row.lock_version)
