"""The worklist query: the caller's open tasks with filters, SLA colour and keyset-friendly ordering."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import Session

from accounts.models import Role
from core.db import lock_for_update
from core.errors import AppError
from escalation_rules.rules import sla_colour
from worklists.models import ItemStatus, WorkItem


def scope(stmt: Select, actor) -> Select:
    """Only tasks of the caller's role, and of their offices or department (deny by default)."""
    stmt = stmt.where(WorkItem.role == actor.role)
    if actor.role == Role.NODAL_OFFICER:
        return stmt.where(WorkItem.office_id.in_(actor.office_ids) if actor.office_ids else false())
    if actor.role in (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY):
        return stmt.where(WorkItem.department_id == actor.department_id)
    if actor.role == Role.CMO_CELL:
        return stmt
    return stmt.where(false())


def _sla_filter(stmt: Select, colour: str, now: datetime) -> Select:
    overdue = and_(WorkItem.due_at.is_not(None), WorkItem.due_at <= now)
    reminded = and_(WorkItem.remind_at.is_not(None), WorkItem.remind_at <= now)
    if colour == "red":
        return stmt.where(overdue)
    if colour == "amber":
        return stmt.where(reminded, ~overdue)
    return stmt.where(~overdue, ~reminded)


_SORTS = {"due_at": (WorkItem.due_at.is_(None), WorkItem.due_at, WorkItem.id),
          "-due_at": (WorkItem.due_at.is_(None), WorkItem.due_at.desc(), WorkItem.id.desc()),
          "opened_at": (WorkItem.opened_at, WorkItem.id), "-opened_at": (WorkItem.opened_at.desc(), WorkItem.id.desc())}


def list_worklist(session: Session, actor, *, now: datetime, sla: str | None = None, task: str | None = None,
                  claimed: str | None = None, office_id: int | None = None, sort: str = "due_at",
                  page: int = 1, page_size: int = 20) -> tuple[list[dict], int]:
    stmt = scope(select(WorkItem).where(WorkItem.status == ItemStatus.OPEN), actor)
    if sla:
        stmt = _sla_filter(stmt, sla, now)
    if task:
        stmt = stmt.where(WorkItem.element_id == task)
    if office_id is not None:
        stmt = stmt.where(WorkItem.office_id == office_id)
    if claimed == "mine":
        stmt = stmt.where(WorkItem.claimed_by_id == actor.user_id)
    elif claimed == "unclaimed":
        stmt = stmt.where(WorkItem.claimed_by_id.is_(None))
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(stmt.order_by(*_SORTS[sort]).limit(page_size).offset((page - 1) * page_size))
    return [present(item, now) for item in rows], total


def present(item: WorkItem, now: datetime) -> dict:
    return {"task_id": item.task_id, "reg_no": item.reg_no, "task": item.element_id, "title": item.title,
            "role": item.role, "office_id": item.office_id, "status": item.status, "opened_at": item.opened_at,
            "remind_at": item.remind_at, "due_at": item.due_at, "claimed_by_id": item.claimed_by_id,
            "claimed_at": item.claimed_at, "sla": sla_colour(now, item.remind_at, item.due_at)}


def get_item(session: Session, task_id: str, *, for_update: bool = False) -> WorkItem:
    """The work item of `task_id`; with `for_update`, row-locked so concurrent claims queue up."""
    stmt = select(WorkItem).where(WorkItem.task_id == task_id)
    item = session.scalar(lock_for_update(stmt, session) if for_update else stmt)
    if item is None:
        raise AppError.not_found("task", task_id)
    return item


def ensure_may_act(session: Session, actor, item: WorkItem) -> WorkItem:
    """The caller's role must be the task's lane and the case within their scope; 404 if they cannot see it."""
    visible = session.scalar(scope(select(WorkItem.id).where(WorkItem.id == item.id), actor))
    if visible is None:
        raise AppError.not_found("task", item.task_id)
    return item
