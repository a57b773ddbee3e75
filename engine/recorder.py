"""The business events of engine steps, derived the same way for a real unit of work and for a replay: timers
that fired, tasks the engine ran (with the data they changed), human tasks that opened or were cancelled, and the
end of the process."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine import definitions
from engine.events import (
    EngineEvent,
    InstanceCompleted,
    TaskCancelled,
    TaskCompleted,
    TaskOpened,
    TaskRef,
    TimerFired,
)
from engine.timers import cycle_timer_of, fired_timer_due, waiting_timers


def task_ref(task) -> TaskRef:
    spec = task.task_spec
    bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
    return TaskRef(task_id=str(task.id), bpmn_id=bpmn_id, title=getattr(spec, "bpmn_name", None) or bpmn_id,
                   lane=getattr(spec, "lane", None), kind=type(spec).__name__,
                   properties=definitions.task_properties(spec))


def deadlines(workflow: BpmnWorkflow, task) -> list:
    """Due times of timers attached to `task` (its boundary events are its siblings under the split)."""
    siblings = {t.id for t in task.parent.children} if task.parent else set()
    return sorted(due for timer, due in waiting_timers(workflow) if timer.id in siblings)


def ready_human_tasks(workflow: BpmnWorkflow) -> dict[UUID, Any]:
    return {t.id: t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}


class EventRecorder:
    """Collects the events of engine steps on `workflow`. `base(actor)` gives the common event fields; only what a
    person did carries an actor, what the engine ran in consequence is the system's doing."""

    def __init__(self, workflow: BpmnWorkflow, base: Callable[[Any], dict]):
        self.workflow, self.base = workflow, base
        self.events: list[EngineEvent] = []
        self.running = None  # the task the engine is running, to name the element if it fails
        self.open = ready_human_tasks(workflow)
        self._data_before: dict[UUID, dict] = {}

    def will_run(self, task) -> None:
        self.running = task
        self._data_before[task.id] = dict(task.data)
        is_timer, due = fired_timer_due(task)
        if is_timer:  # a cycle's firing is told as its timer's, not as the step it starts
            self.events.append(TimerFired(**self.base(None), task=task_ref(cycle_timer_of(task) or task), due_at=due))

    def did_run(self, task) -> None:
        self.running = None
        before = self._data_before.pop(task.id, {})
        if getattr(task.task_spec, "bpmn_id", None) is None:
            return  # engine plumbing (splits, joins, the root), not an element of the diagram
        changed = {k: v for k, v in task.data.items() if k not in before or before[k] != v}
        self.events.append(TaskCompleted(**self.base(None), task=task_ref(task), data_changed=changed,
                                         by_person=False))

    def person_completed(self, task, data: dict, actor: Any) -> None:
        self.events.append(TaskCompleted(**self.base(actor), task=task_ref(task), data_changed=dict(data),
                                         by_person=True))

    def note_open_tasks(self) -> None:
        """Human tasks opened or cancelled since the last call (or since the start)."""
        now_open = ready_human_tasks(self.workflow)
        for task_id, task in self.open.items():
            if task_id not in now_open and task.state != TaskState.COMPLETED:
                self.events.append(TaskCancelled(**self.base(None), task=task_ref(task)))
        for task_id, task in now_open.items():
            if task_id not in self.open:
                self.events.append(TaskOpened(**self.base(None), task=task_ref(task), data=dict(task.data),
                                              deadlines=deadlines(self.workflow, task)))
        self.open = now_open

    def completed(self) -> None:
        self.events.append(InstanceCompleted(**self.base(None)))
