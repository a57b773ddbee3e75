"""Keep work items in step with the engine: a row per opened human task, closed when it completes or is cancelled."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from directory import queries as directory
from worklists.models import ItemStatus, WorkItem


def _open(session: Session, event: engine.TaskOpened) -> None:
    data = event.data
    department = directory.find_department(session, data["department"]) if data.get("department") else None
    deadlines = event.deadlines
    session.add(WorkItem(
        task_id=event.task.task_id, instance_id=event.instance_id, grievance_id=data.get("grievance_id"),
        reg_no=event.business_key, element_id=event.task.bpmn_id, title=event.task.title, role=event.task.lane,
        office_id=directory.find_office_id(session, data.get("office")),
        department_id=department.id if department else None, status=ItemStatus.OPEN, opened_at=event.at,
        # The last timer on a task is its deadline; any earlier one is a reminder point.
        due_at=deadlines[-1] if deadlines else None, remind_at=deadlines[0] if len(deadlines) > 1 else None))


def _close(session: Session, event, status: ItemStatus) -> None:
    item = session.scalar(select(WorkItem).where(WorkItem.task_id == event.task.task_id))
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
