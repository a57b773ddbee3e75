"""The open tasks of a grievance: from a registration number to the task someone must act on.

Officers who may see the case see its open tasks (who must act, where, by when, claimed or not); the complainant
and those who lodged for them get none (task ids are the offices' business)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role
from case_api.models import Grievance
from directory.models import Office
from worklists.models import ItemStatus, WorkItem

NOT_SHOWN_TO = {Role.CITIZEN, Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.INTEGRATION}


def open_tasks(session: Session, actor, grievance: Grievance) -> list[dict]:
    if actor.role in NOT_SHOWN_TO:
        return []
    rows = session.execute(
        select(WorkItem, Office.code).outerjoin(Office, Office.id == WorkItem.office_id)
        .where(WorkItem.grievance_id == grievance.id, WorkItem.status == ItemStatus.OPEN)
        .order_by(WorkItem.opened_at, WorkItem.id)).all()
    return [{"task_id": item.task_id, "title": item.title, "role": item.role, "office": office,
             "status": item.status, "opened_at": item.opened_at, "due_at": item.due_at,
             "claimed": item.claimed_by_id is not None} for item, office in rows]
