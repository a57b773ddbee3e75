"""Replay: run a candidate process model on recorded cases, in memory, and say what the engine would have done.

A recorded case is plain data (its start data, then the ordered steps people and timers took); the caller builds
it from its own history. Each case runs on a fresh in-memory workflow of the candidate spec with a clock of its own
(`core.clock.pinned`, so no other request sees the replayed time) moved to each step's recorded time; timers due
before a step fire first, at their due time, or at the recorded sweep time when the step is a timer firing (so an
unchanged model reproduces the deadlines the sweep computed). Nothing is stored: the workflow is never saved and
no subscriber hears the events, which are returned instead. Scripts run in the shared script engine, under its
budgets; the session is only there for script helpers that read master data.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session

from core import clock
from engine import definitions, runtime
from engine.events import EngineEvent
from engine.recorder import EventRecorder
from engine.scripting import script_engine
from engine.timers import next_due

logger = logging.getLogger(__name__)

# A timer fires once its due time has passed (SpiffWorkflow compares strictly), so "at its due time" is just after.
_JUST_AFTER = timedelta(microseconds=1)
MAX_TIMER_FIRINGS = 200  # per case: more means a timer that keeps firing (a cycle, a due time in the past)
_WAITING = TaskState.READY | TaskState.WAITING | TaskState.STARTED


@dataclass(frozen=True)
class PersonStep:
    """A person (of `role`) completed the human task `element_id` with form data `data` at `at`."""

    element_id: str
    data: dict
    at: datetime
    role: str | None = None


@dataclass(frozen=True)
class TimerStep:
    """The timer on `element_id` fired at `at` (the sweep's time; `due_at` is when it was due)."""

    element_id: str
    at: datetime
    due_at: datetime | None = None


@dataclass(frozen=True)
class MessageStep:
    """Message `name` (with `payload`) was delivered at `at`."""

    name: str
    payload: dict
    at: datetime


Step = PersonStep | TimerStep | MessageStep


@dataclass(frozen=True)
class RecordedCase:
    key: str
    started_at: datetime
    start_data: dict
    steps: list[Step] = field(default_factory=list)


@dataclass
class CaseReplay:
    """What the candidate did with one case. `outcome`: completed, waiting (still open), stuck (a recorded step
    could not be applied: `element_id` names it) or error (`element_id` failed with `message`)."""

    key: str
    outcome: str
    events: list[EngineEvent]
    steps_replayed: int
    waiting_at: list[str]
    element_id: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Element:
    element_id: str
    title: str
    kind: str
    lane: str | None


@dataclass
class Replay:
    elements: list[Element]
    cases: list[CaseReplay]


class _Stuck(Exception):
    def __init__(self, element_id: str, message: str):
        super().__init__(message)
        self.element_id = element_id


class _Run(EventRecorder):
    """One case on an in-memory workflow, collecting the events the engine would publish after each unit of work."""

    def __init__(self, workflow: BpmnWorkflow, key: str, own_clock: clock.FrozenClock):
        self.key, self.clock = key, own_clock
        self.finished = False
        super().__init__(workflow, self._fields)

    def _fields(self, actor: Any) -> dict:
        return dict(instance_id=0, business_key=self.key, at=clock.now(), actor=actor)

    def settle(self) -> None:
        """Run the engine to its next wait states, then note the human tasks that opened or were cancelled."""
        self.workflow.do_engine_steps(self.will_run, self.did_run)
        self.note_open_tasks()
        if self.workflow.completed and not self.finished:
            self.finished = True
            self.completed()

    def fire_due(self, before: datetime, sweep_at: datetime | None = None) -> None:
        """Fire, in due order, every timer due before `before`: at `sweep_at` when given (a recorded sweep), else
        just after its due time."""
        for _ in range(MAX_TIMER_FIRINGS):
            due = next_due(self.workflow)
            if due is None or due >= before:
                return
            self.clock.set(sweep_at if sweep_at and sweep_at > due else due + _JUST_AFTER)
            self.workflow.refresh_timers()
            self.settle()
        raise RuntimeError(f"more than {MAX_TIMER_FIRINGS} timer firings: a timer keeps firing")

    def person(self, step: PersonStep) -> None:
        task = next((t for t in self.open.values() if t.task_spec.bpmn_id == step.element_id), None)
        if task is None:
            raise _Stuck(step.element_id, f"{step.element_id} is not open for the recorded decision")
        self.running = task
        task.data.update(step.data)
        task.run()
        self.person_completed(task, step.data, SimpleNamespace(user_id=None, role=step.role or "person", name=""))
        self.settle()

    def message(self, step: MessageStep) -> None:
        try:
            self.workflow.send_event(BpmnEvent(MessageEventDefinition(step.name), payload=step.payload))
        except WorkflowException:
            raise _Stuck(step.name, f"the case is not waiting for {step.name}") from None
        self.settle()

    def waiting_at(self) -> list[str]:
        ids = (getattr(t.task_spec, "bpmn_id", None) for t in self.workflow.get_tasks(state=_WAITING))
        return sorted({i for i in ids if i})


def _apply(run: _Run, step: Step) -> None:
    if isinstance(step, TimerStep):
        run.fire_due(step.at + _JUST_AFTER, sweep_at=step.at)
        return
    run.fire_due(step.at)
    run.clock.set(step.at)
    if isinstance(step, PersonStep):
        run.person(step)
    else:
        run.message(step)


def _failed_element(run: _Run, exc: BaseException) -> str | None:
    task = getattr(exc, "task", None) or run.running
    return getattr(getattr(task, "task_spec", None), "bpmn_id", None)


def _replay_one(parsed: definitions.ParsedModel, case: RecordedCase, until: datetime) -> CaseReplay:
    done = 0
    with clock.pinned(case.started_at) as own_clock:
        workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs, script_engine=script_engine())
        workflow.get_next_task(state=TaskState.READY).data.update(case.start_data)
        run = _Run(workflow, case.key, own_clock)
        try:
            run.settle()
            for step in case.steps:
                _apply(run, step)
                done += 1
            run.fire_due(until)
        except _Stuck as stuck:
            return CaseReplay(case.key, "stuck", run.events, done, run.waiting_at(), stuck.element_id, str(stuck))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a model's scripts may raise anything, SystemExit included: it is a finding
            # SpiffWorkflow's own errors already name what failed (e.g. "NameError: name 'x' is not defined")
            message = (str(exc) if isinstance(exc, SpiffWorkflowException) else f"{type(exc).__name__}: {exc}")[:500]
            return CaseReplay(case.key, "error", run.events, done, run.waiting_at(), _failed_element(run, exc),
                              message)
    return CaseReplay(case.key, "completed" if run.finished else "waiting", run.events, done, run.waiting_at())


def elements_of(parsed: definitions.ParsedModel) -> list[Element]:
    """Every BPMN element of a parsed model with its name, kind (the engine's spec class) and lane, by id."""
    specs = [parsed.spec, *parsed.subprocess_specs.values()]
    found: dict[str, Element] = {}
    for spec in specs:
        for ts in spec.task_specs.values():
            bpmn_id = getattr(ts, "bpmn_id", None)
            if bpmn_id and bpmn_id not in found:
                found[bpmn_id] = Element(bpmn_id, getattr(ts, "bpmn_name", None) or bpmn_id, type(ts).__name__,
                                         getattr(ts, "lane", None))
    return sorted(found.values(), key=lambda e: e.element_id)


def replay_cases(session: Session, *, process_id: str, files: dict[str, str], cases: list[RecordedCase],
                 until: datetime) -> Replay:
    """Replay `cases` on the model made of `files` (raises InvalidModel when it does not parse), firing timers up
    to `until` after the last step. `session` is lent to script helpers that read; the replay writes nothing."""
    digest = definitions.content_hash(files)
    parsed = definitions._cache.get(digest) or definitions.parse_model(process_id, files)
    token = runtime._session.set(session)
    try:
        results = [_replay_one(parsed, case, until) for case in cases]
    finally:
        runtime._session.reset(token)
    return Replay(elements=elements_of(parsed), cases=results)
