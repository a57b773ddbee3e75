"""Use cases of the worklist: claim (one or several), release and complete a task; each claim and release is in
the case's history."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import engine
from case_api import history
from core import clock
from core.errors import AppError
from worklists.forms import validate_form
from worklists.models import ItemStatus, WorkItem
from worklists.queries import get_actionable_item, present

MAX_BULK = 100


def open_item(session: Session, actor, task_id: str) -> WorkItem:
    """The task, row-locked, if the caller may act on it and it is still open."""
    item = get_actionable_item(session, actor, task_id, for_update=True)
    if item.status != ItemStatus.OPEN:
        raise AppError.conflict("task_not_open", f"Task {task_id} is already {item.status}.")
    return item


def record(session: Session, item: WorkItem, event_type: str, *, actor, data: dict | None = None) -> None:
    """A step of the task in its case's history (claims, releases, assignments), in the caller's transaction.
    It names the task but no diagram element: it is who handled the case, not a step of its path (replay and the
    audit diagram read element rows as steps)."""
    if item.grievance_id is not None:
        history.append_event(session, grievance_id=item.grievance_id, event_type=event_type, at=clock.now(),
                             actor=actor, data={"task": item.element_id, **(data or {})}, task_id=item.task_id,
                             title=item.title)


def hold(item: WorkItem, user_id: int) -> None:
    item.claimed_by_id = user_id
    item.claimed_at = clock.now()


def claim_task(session: Session, *, actor, task_id: str) -> dict:
    item = open_item(session, actor, task_id)
    if item.claimed_by_id not in (None, actor.user_id):
        raise AppError.conflict("task_claimed", "Another officer has claimed this task.")
    if item.claimed_by_id is None:
        hold(item, actor.user_id)
        record(session, item, "task_claimed", actor=actor)
    return present(item, clock.now())


def claim_tasks(session: Session, *, actor, task_ids: list[str]) -> dict:
    """Claim several tasks at once: each is claimed or refused with its reason (a colleague was quicker, it was
    completed meanwhile); the claimed ones are kept either way. Rows are locked in a fixed order."""
    if len(set(task_ids)) > MAX_BULK:
        raise AppError.invalid("task_ids", f"claim at most {MAX_BULK} tasks at once")
    claimed, refused = [], []
    for task_id in sorted(set(task_ids)):
        try:
            claim_task(session, actor=actor, task_id=task_id)
            claimed.append(task_id)
        except AppError as exc:
            refused.append({"task_id": task_id, "code": exc.code, "detail": exc.detail})
    return {"claimed": claimed, "refused": refused}


def release_task(session: Session, *, actor, task_id: str) -> dict:
    item = open_item(session, actor, task_id)
    if item.claimed_by_id != actor.user_id:
        raise AppError.conflict("task_not_claimed_by_you", "You have not claimed this task.")
    item.claimed_by_id = None
    item.claimed_at = None
    record(session, item, "task_released", actor=actor)
    return present(item, clock.now())


def task_view(session: Session, *, actor, task_id: str) -> dict:
    item = get_actionable_item(session, actor, task_id)
    details = engine.task_details(session, instance_id=item.instance_id, task_id=task_id)
    return {**present(item, clock.now()), "form": details["form"], "data": _visible_data(details["data"])}


def _visible_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _ensure_held(session: Session, actor, item: WorkItem, claim: bool) -> None:
    if item.claimed_by_id is None and claim:
        hold(item, actor.user_id)
        record(session, item, "task_claimed", actor=actor)
    if item.claimed_by_id is None:
        raise AppError.conflict("task_not_held", "Claim this task before completing it: nobody holds it yet.")
    if item.claimed_by_id != actor.user_id:
        raise AppError.conflict("task_claimed", "Another officer holds this task; only they can complete it, "
                                                "unless a supervisor reassigns it to you.")


def complete_task(session: Session, *, actor, task_id: str, data: dict, claim: bool = False,
                  by_system: bool = False) -> dict:
    """Validate the form, complete the task in the engine (which moves the case on), report what opened next.
    Only the officer holding the task completes it (409 otherwise); `claim` takes an unheld task first, for a page
    that claims on open. `by_system`: a job completing it in that officer's name (mass grievances) may record the
    form's system-only values."""
    item = open_item(session, actor, task_id)
    _ensure_held(session, actor, item, claim)
    details = engine.task_details(session, instance_id=item.instance_id, task_id=task_id)
    validate_form(session, details["form"], data, details["forms"], by_system=by_system)
    view = engine.complete_task(session, instance_id=item.instance_id, task_id=task_id, data=data, actor=actor)
    opened = session.scalars(select(WorkItem).where(WorkItem.instance_id == item.instance_id,
                                                    WorkItem.status == ItemStatus.OPEN)).all()
    now = clock.now()
    return {"task_id": task_id, "reg_no": item.reg_no, "status": item.status,
            "open_tasks": [present(i, now) for i in opened],
            "held_by_incident": view.status == engine.InstanceStatus.INCIDENT}
