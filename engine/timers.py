"""Timers: the app clock wired into SpiffWorkflow, due times read from waiting timer tasks, the sweep."""
from __future__ import annotations

import datetime as _dt
import logging

import SpiffWorkflow.bpmn.specs.event_definitions.timer as spiff_timer
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition, TimerEventDefinition

from core import clock

logger = logging.getLogger(__name__)


class _AppClockDatetime(_dt.datetime):
    """SpiffWorkflow 3.2.0 has no clock hook: its timer module calls `datetime.now(timezone.utc)`.
    Rebinding that module's `datetime` name to this subclass makes every timer read the app clock."""

    @classmethod
    def now(cls, tz=None):
        current = clock.now()
        return current.astimezone(tz) if tz else current.astimezone().replace(tzinfo=None)


spiff_timer.datetime = _AppClockDatetime


def _is_timer(task_spec) -> bool:
    event = getattr(task_spec, "event_definition", None)
    if isinstance(event, MultipleEventDefinition):
        return any(isinstance(e, TimerEventDefinition) for e in event.event_definitions)
    return isinstance(event, TimerEventDefinition)


def timer_value_to_datetime(value) -> _dt.datetime | None:
    """The due time stored in a timer task's internal_data['event_value'] (cycles keep it under 'next')."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("next")
    if isinstance(value, _dt.datetime):
        due = value
    else:
        due = TimerEventDefinition.parse_time_or_duration(str(value))
    if not isinstance(due, _dt.datetime):
        return None
    return due if due.tzinfo else due.replace(tzinfo=_dt.UTC)


def waiting_timers(workflow) -> list[tuple[object, _dt.datetime]]:
    """(task, due) for every waiting timer, sub-processes and event-based gateways included."""
    out = []
    for task in workflow.event_manager.tasks.values():
        if _is_timer(task.task_spec):
            due = timer_value_to_datetime(task.internal_data.get("event_value"))
            if due is not None:
                out.append((task, due))
    return out


def next_due(workflow) -> _dt.datetime | None:
    return min((due for _task, due in waiting_timers(workflow)), default=None)


def cycle_timer_of(task):
    """The waiting cycle timer whose firing added `task` (see fired_timer_due), or None."""
    parent = task.parent
    if parent is not None and isinstance(getattr(parent.task_spec, "event_definition", None),
                                         CycleTimerEventDefinition):
        return parent
    return None


def fired_timer_due(task) -> tuple[bool, _dt.datetime | None]:
    """Whether running `task` means a timer fired, and its due time.

    In 3.2.0 an event-based gateway waits on behalf of its branches: it holds their event definitions (in the
    order of its outgoing flows) and the due time, and its branch events carry no definition of their own. So
    the gateway completing is not a firing (a message may have won); the branch that then runs says which event
    it was.

    A cycle timer (timeCycle) does not complete when it fires: it stays waiting and adds a run of its outgoing
    path each time, moving its next due time on by the interval; so that run is the firing, due one interval
    before the next. Its own completion, after the last cycle, is not a firing."""
    event = getattr(task.task_spec, "event_definition", None)
    if isinstance(event, CycleTimerEventDefinition):
        return False, None
    if (cycle := cycle_timer_of(task)) is not None:
        value = cycle.internal_data.get("event_value")
        if isinstance(value, dict) and value.get("next") and value.get("duration") is not None:
            return True, timer_value_to_datetime(value) - _dt.timedelta(seconds=value["duration"])
    if isinstance(event, TimerEventDefinition):
        return True, timer_value_to_datetime(task.internal_data.get("event_value"))
    gateway = task.parent
    gateway_event = getattr(gateway.task_spec, "event_definition", None) if gateway is not None else None
    if isinstance(gateway_event, MultipleEventDefinition):
        outputs = gateway.task_spec.outputs
        index = outputs.index(task.task_spec) if task.task_spec in outputs else -1
        if 0 <= index < len(gateway_event.event_definitions) and isinstance(
                gateway_event.event_definitions[index], TimerEventDefinition):
            return True, timer_value_to_datetime(gateway.internal_data.get("event_value"))
    return False, None
