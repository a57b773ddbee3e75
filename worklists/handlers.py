"""Keep work items in step with the engine: a row per opened human task, closed when it completes or is cancelled."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from core.clock import parse_iso
from directory import queries as directory
from worklists.models import ItemStatus, WorkItem


def _time_of(data: dict, variable: str | None):
    return parse_iso(str(data[variable])) if variable and data.get(variable) else None


def _open(session: Session, event: engine.TaskOpened) -> None:
    data, properties = event.data, event.task.properties
    department = directory.find_department(session, data["department"]) if data.get("department") else None
    session.add(WorkItem(
        task_id=event.task.task_id, instance_id=event.instance_id, grievance_id=data.get("grievance_id"),
        reg_no=event.business_key, element_id=event.task.bpmn_id, title=event.task.title,
        title_bn=properties.get("name_bn") or None, role=event.task.lane,
        office_id=directory.find_office_id(session, data.get("office")),
        department_id=department.id if department else None, status=ItemStatus.OPEN, opened_at=event.at,
        # The diagram names the process variables holding a task's deadline and reminder point.
        due_at=_time_of(data, properties.get("dueDateVariable")),
        remind_at=_time_of(data, properties.get("reminderDateVariable"))))


def _item_of(session: Session, task_id: str) -> WorkItem | None:
    """The work item of `task_id`: the one this unit of work already holds (a completion loaded it to check who
    holds the task), else read."""
    held = next((obj for obj in session.identity_map.values()
                 if isinstance(obj, WorkItem) and obj.task_id == task_id), None)
    return held or session.scalar(select(WorkItem).where(WorkItem.task_id == task_id))


def _close(session: Session, event, status: ItemStatus) -> None:
    item = _item_of(session, event.task.task_id)
    if item is None or item.status != ItemStatus.OPEN:
        return
    item.status = status
    item.closed_at = event.at
    item.closed_by_id = getattr(event.actor, "user_id", None) or None


def on_engine_events(session: Session, events: list) -> None:
    for event in events:
        if isinstance(event, engine.TaskOpened):
            _open(session, event)
        elif isinstance(event, engine.TaskCompleted) and event.by_person:
            _close(session, event, ItemStatus.COMPLETED)
        elif isinstance(event, engine.TaskCancelled):
            _close(session, event, ItemStatus.CANCELLED)
    session.flush()
