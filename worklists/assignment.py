"""Supervisors hand tasks to named officers: a head of department within their department, the CMO cell anywhere;
the assignee must be an active officer of the task's lane who serves its office (or its department)."""
from __future__ import annotations

import json

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from accounts.models import Role, User, UserOffice
from case_api import history
from core import clock
from core.errors import AppError
from worklists.models import WorkItem
from worklists.queries import get_item, get_row, present
from worklists.service import hold, record

SUPERVISORS = {Role.HEAD_OF_DEPARTMENT, Role.CMO_CELL}
# The lanes a head of department oversees in their own department.
DEPARTMENT_LANES = {Role.NODAL_OFFICER, Role.HEAD_OF_DEPARTMENT}


def may_assign(actor, item: WorkItem) -> bool:
    if actor.role == Role.CMO_CELL:
        return True
    return (actor.role == Role.HEAD_OF_DEPARTMENT and actor.department_id is not None
            and item.department_id == actor.department_id and item.role in DEPARTMENT_LANES)


def _supervised(session: Session, actor, task_id: str, *, for_update: bool = False) -> WorkItem:
    """The task, if `actor` supervises it: 403 for roles that assign nothing, 404 for another department's task
    (a head of department cannot see that case at all)."""
    if actor.role not in SUPERVISORS:
        raise AppError.forbidden("Only a head of department or the CMO cell assigns tasks.")
    item = get_item(session, task_id, for_update=for_update)
    if not may_assign(actor, item):
        raise AppError.not_found("task", task_id)
    return item


def _eligible(item: WorkItem) -> Select:
    stmt = select(User).where(User.is_active.is_(True), User.role == item.role)
    if item.role == Role.NODAL_OFFICER:
        return stmt.join(UserOffice, UserOffice.user_id == User.id).where(UserOffice.office_id == item.office_id)
    if item.role in (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY):
        return stmt.where(User.department_id == item.department_id)
    return stmt if item.role == Role.CMO_CELL else stmt.where(false())


def list_assignees(session: Session, *, actor, task_id: str) -> list[dict]:
    """The officers this task may go to: active, of its lane, serving its office (or department)."""
    item = _supervised(session, actor, task_id)
    return [{"username": u.username, "full_name": u.full_name, "holds_it": u.id == item.claimed_by_id}
            for u in session.scalars(_eligible(item).order_by(User.full_name, User.id))]


def assign_task(session: Session, *, actor, task_id: str, assignee: str) -> dict:
    """Give the task to `assignee` (a username), taking it from whoever held it; the case's history says who
    assigned whom, and from whom."""
    item = _supervised(session, actor, task_id, for_update=True)
    if item.status != "open":
        raise AppError.conflict("task_not_open", f"Task {task_id} is already {item.status}.")
    officer = session.scalar(_eligible(item).where(User.username == assignee))
    if officer is None:
        raise AppError(422, "assignee_not_eligible",
                       f"{assignee} cannot take this task: it goes only to an active officer of its role who serves "
                       "its office.", {"assignee": ["is not an officer of this task's office and role"]})
    if item.claimed_by_id == officer.id:
        raise AppError.conflict("already_assigned", f"{officer.full_name} already holds this task.")
    previous = session.get(User, item.claimed_by_id) if item.claimed_by_id else None
    hold(item, officer.id)
    record(session, item, "task_reassigned" if previous else "task_assigned", actor=actor, data={
        "assignee": officer.username, "assignee_name": officer.full_name,
        "previous": previous.username if previous else None,
        "previous_name": previous.full_name if previous else None})
    return {**present(item, clock.now()), "claimed_by_name": officer.full_name}


STEPS = ("task_claimed", "task_released", "task_assigned", "task_reassigned")


def assignment_page(session: Session, *, actor, task_id: str, now) -> dict:
    """What the assignment form shows: the task's row, the officers it may go to, and who held it when."""
    item = _supervised(session, actor, task_id)
    row = get_row(session, actor, task_id, now, lane=item.role if item.role != actor.role else None)
    events = history.list_events(session, item.grievance_id) if item.grievance_id else []
    steps = [{"at": e.at, "event_type": e.event_type, "by": e.actor_name, "data": json.loads(e.data)}
             for e in events if e.task_id == task_id and e.event_type in STEPS]
    return {"item": row, "assignees": list_assignees(session, actor=actor, task_id=task_id), "steps": steps}
