"""Reactions to engine events: keep the grievance's columns and its history in step with its process."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from sqlalchemy.orm import Session

import engine
from case_api import history, notices
from case_api.history import append_event
from case_api.models import CaseStatus, Grievance
from core.clock import parse_iso
from directory import queries as directory
from notifications.service import queued_together

# Process variables mirrored onto grievance columns (the BPMN's scripts and forms set them).
_PLAIN = {"status": "status", "priority": "priority", "escalation_level": "escalation_level",
          "send_back_count": "send_back_count", "escalated": "is_escalated", "category": "category_code",
          "outcome": "atr_outcome"}
# The case's current deadline: the ATR's, or in an appeal the appellate authority's or the office's.
_TIMES = {"atr_due_at": "sla_due_at", "atr_reminder_at": "remind_at", "appeal_due_at": "sla_due_at",
          "action_due_at": "sla_due_at"}


def _grievance(session: Session, cache: dict, reg_no: str | None) -> Grievance | None:
    if reg_no not in cache:
        cache[reg_no] = _in_session(session, reg_no) or (
            history.grievance_with_tail(session, reg_no) if reg_no else None)
    return cache[reg_no]


def _in_session(session: Session, reg_no: str | None) -> Grievance | None:
    """The grievance this unit of work already holds (the one being lodged, not yet written), without asking the
    database."""
    return next((obj for obj in chain(session.new, session.identity_map.values())
                 if isinstance(obj, Grievance) and obj.reg_no == reg_no), None) if reg_no else None


def _project(session: Session, grievance: Grievance, changed: dict) -> None:
    for key, column in _PLAIN.items():
        if key in changed and changed[key] is not None:
            setattr(grievance, column, changed[key])
    for key, column in _TIMES.items():
        if changed.get(key):
            setattr(grievance, column, parse_iso(str(changed[key])))
    if "department" in changed:
        dept = directory.find_department(session, changed["department"]) if changed["department"] else None
        grievance.department_id = dept.id if dept else None
    if "office" in changed:
        grievance.office_id = directory.find_office_id(session, changed["office"])


# Elements the engine passes on its own: a step of theirs without a business event name is plumbing. (Start and
# end events stay: they are the diagram's "Grievance lodged" and "Grievance closed", a trace's ends in the event log.)
ENGINE_STEPS = ("Gateway", "ScriptTask")


def history_entry(event) -> tuple[str, dict] | None:
    """The history row (event type, data) an engine event makes, or None for engine plumbing: an event with no
    BPMN element, or a gateway or script the model gives no business event name (with the gateways, a quarter of
    all rows before). What such a script sets is on the grievance's columns and in the next task's opening (its
    deadlines), and the audit diagram's path is read from the instance (engine.case_paths). The business history
    keeps what someone did, what the model names as business events, the diagram's events, timers and the tasks
    opened. Replay maps the events of a candidate model through it too, to compare like with like."""
    if isinstance(event, engine.InstanceStarted):
        return "process_started", {"process": event.process_id, "version": event.version}
    if isinstance(event, engine.InstanceCompleted):
        return "process_completed", {}
    if isinstance(event, engine.TimerFired):
        return "timer_fired", {"due_at": event.due_at}
    if isinstance(event, engine.InstanceMigrated):
        return "process_migrated", {"process": event.process_id, "from_version": event.from_version,
                                    "to_version": event.to_version}
    if isinstance(event, engine.IncidentOpened):
        return "incident_opened", {"element": event.element_name, "error": event.error[:500]}
    if isinstance(event, engine.IncidentResolved):
        return "incident_resolved", {"element": event.element_name, "attempts": event.attempts}
    task = event.task
    if isinstance(event, engine.TaskOpened):
        return "task_opened", {"lane": task.lane, "deadlines": event.deadlines}
    if isinstance(event, engine.TaskCancelled):
        return "task_cancelled", {"lane": task.lane}
    if isinstance(event, engine.TaskCompleted):
        name = task.properties.get("event_name")
        if name is None and not event.by_person and task.kind.endswith(ENGINE_STEPS):
            return None
        return name or "task_completed", event.data_changed
    return None


def history_entries(events: list) -> Iterator[tuple[object, str, dict]]:
    """(event, event type, data) of the events that make history rows, in order. A timer event that fired and
    changed nothing is told once, by its `timer_fired` row: its completion, the same element at the same moment,
    would only repeat it (9 % of all rows before)."""
    fired: set[str] = set()
    for event in events:
        if isinstance(event, engine.TimerFired):
            fired.add(event.task.task_id)
        elif (isinstance(event, engine.TaskCompleted) and event.task.task_id in fired and not event.by_person
              and not event.data_changed and event.task.properties.get("event_name") is None):
            continue
        entry = history_entry(event)
        if entry is not None:
            yield event, *entry


def on_engine_events(session: Session, events: list) -> None:
    """Project variables onto the grievance, append a history row per meaningful event and queue the messages
    they call for (with one statement)."""
    with queued_together(session):
        _project_and_record(session, events)


def _project_and_record(session: Session, events: list) -> None:
    cache: dict = {}
    status_before: dict[int, str] = {}
    rows = {id(event): (event_type, data) for event, event_type, data in history_entries(events)}
    for event in events:
        grievance = _grievance(session, cache, event.business_key)
        if grievance is None:
            continue
        status_before.setdefault(grievance.id, grievance.status)
        if isinstance(event, engine.InstanceStarted):
            grievance.instance_id = event.instance_id  # the grievance's (or its appeal's) process, in this write
        if isinstance(event, engine.TaskCompleted):
            _project(session, grievance, event.data_changed)
        notices.on_event(session, grievance, event)
        entry = rows.get(id(event))
        if entry is None:
            continue
        event_type, data = entry
        task = getattr(event, "task", None)
        append_event(session, grievance_id=grievance.id, event_type=event_type, at=event.at, actor=event.actor,
                     data=data, task_id=task.task_id if task else None,
                     element_id=task.bpmn_id if task else getattr(event, "element_id", None),
                     title=task.title if task else getattr(event, "element_name", None))
        grievance.updated_at = event.at
        if grievance.status != CaseStatus.CLOSED:
            grievance.closed_at = None  # reopened (an appeal): closed again later, at that time
        elif grievance.closed_at is None:
            grievance.closed_at = event.at
    for grievance in cache.values():
        if grievance is not None and grievance.status != status_before.get(grievance.id):
            notices.status_changed(session, grievance, events, seq=history.tail_seq(session, grievance.id))
