"""What the engine tells the rest of the system after each unit of work: plain dataclasses, no engine objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TaskRef:
    task_id: str
    bpmn_id: str
    title: str
    lane: str | None
    kind: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class EngineEvent:
    instance_id: int
    business_key: str | None
    at: datetime
    actor: Any


@dataclass
class InstanceStarted(EngineEvent):
    process_id: str
    version: int


@dataclass
class TaskOpened(EngineEvent):
    """A human task became ready. `deadlines` are the due times of timers attached to it, earliest first."""

    task: TaskRef
    data: dict
    deadlines: list[datetime]


@dataclass
class TaskCompleted(EngineEvent):
    """A task finished. `by_person` is False for scripts, rules and events the engine ran itself."""

    task: TaskRef
    data_changed: dict
    by_person: bool


@dataclass
class TaskCancelled(EngineEvent):
    task: TaskRef


@dataclass
class TimerFired(EngineEvent):
    task: TaskRef
    due_at: datetime | None


@dataclass
class InstanceCompleted(EngineEvent):
    pass


@dataclass
class InstanceMigrated(EngineEvent):
    """A running instance was moved from one version of its process model to another; its timers kept their due
    times."""

    process_id: str
    from_version: int
    to_version: int


@dataclass
class IncidentOpened(EngineEvent):
    """A step of the model failed; the instance is parked at its last saved state (its case is kept)."""

    incident_id: int
    element_id: str | None
    element_name: str | None
    error: str


@dataclass
class IncidentResolved(EngineEvent):
    """A retry of the failed step went through; the case runs on. `resolved_by` names who retried it."""

    incident_id: int
    element_id: str | None
    element_name: str | None
    attempts: int
