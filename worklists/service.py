"""Use cases of the worklist: claim, release and complete a task."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from core import clock
from core.errors import AppError
from worklists.forms import validate_form
from worklists.models import ItemStatus, WorkItem
from worklists.queries import ensure_may_act, get_item, present


def _open_item(session: Session, actor, task_id: str) -> WorkItem:
    item = ensure_may_act(session, actor, get_item(session, task_id, for_update=True))
    if item.status != ItemStatus.OPEN:
        raise AppError.conflict("task_not_open", f"Task {task_id} is already {item.status}.")
    return item


def claim_task(session: Session, *, actor, task_id: str) -> dict:
    item = _open_item(session, actor, task_id)
    if item.claimed_by_id not in (None, actor.user_id):
        raise AppError.conflict("task_claimed", "Another officer has claimed this task.")
    item.claimed_by_id = actor.user_id
    item.claimed_at = clock.now()
    return present(item, clock.now())


def release_task(session: Session, *, actor, task_id: str) -> dict:
    item = _open_item(session, actor, task_id)
    if item.claimed_by_id != actor.user_id:
        raise AppError.conflict("task_not_claimed_by_you", "You have not claimed this task.")
    item.claimed_by_id = None
    item.claimed_at = None
    return present(item, clock.now())


def task_view(session: Session, *, actor, task_id: str) -> dict:
    item = ensure_may_act(session, actor, get_item(session, task_id))
    details = engine.task_details(session, instance_id=item.instance_id, task_id=task_id)
    return {**present(item, clock.now()), "form": details["form"], "data": _visible_data(details["data"])}


def _visible_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def complete_task(session: Session, *, actor, task_id: str, data: dict) -> dict:
    """Validate the form, complete the task in the engine (which moves the case on), report what opened next.
    An unclaimed task is claimed by whoever completes it; a task claimed by someone else is refused."""
    item = _open_item(session, actor, task_id)
    if item.claimed_by_id not in (None, actor.user_id):
        raise AppError.conflict("task_claimed", "Another officer has claimed this task.")
    details = engine.task_details(session, instance_id=item.instance_id, task_id=task_id)
    validate_form(session, details["form"], data, details["forms"])
    item.claimed_by_id = actor.user_id
    view = engine.complete_task(session, instance_id=item.instance_id, task_id=task_id, data=data, actor=actor)
    opened = session.scalars(select(WorkItem).where(WorkItem.instance_id == item.instance_id,
                                                    WorkItem.status == ItemStatus.OPEN)).all()
    now = clock.now()
    return {"task_id": task_id, "reg_no": item.reg_no, "status": item.status,
            "open_tasks": [present(i, now) for i in opened],
            "held_by_incident": view.status == engine.InstanceStatus.INCIDENT}
