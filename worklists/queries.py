"""The worklist query: the caller's open tasks with the case's complainant, category, district and holder, filtered,
searched and read in keyset pages; one statement per page whatever its length (joins, no per-row lookups)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, and_, exists, false, func, select
from sqlalchemy.orm import Session, aliased

from accounts.models import Role, User
from accounts.rules import mask_mobile, normalise_mobile
from breach_risk.models import HIGH, BreachRisk
from case_api import access
from case_api.models import Grievance
from core.db import lock_for_update
from core.errors import AppError
from directory import queries as directory
from directory.models import Area, Category, Office
from escalation_rules.rules import sla_colour
from mass_grievances.models import ClusterStatus, MassCluster, MassMember
from worklists import keyset
from worklists.models import ItemStatus, WorkItem

COUNT_CAP = 1000  # beyond this the page says "1,000+": an exact count of a large set costs a scan of it
MEMBER_TASK = "Task_submit_atr"  # the task a mass grievance's parent carries for its members
# A member's tasks the parent's stand for: its ATR, its verification (completed when the parent closes) and the reviews
# of its lapsed deadline (cancelled at its closure).
CARRIED_TASKS = (MEMBER_TASK, "Task_verify", "Task_escalation_review", "Task_secretary_review",
                 "Task_cmo_escalation_review")
_Holder = aliased(User)


# Whose tasks a supervisor may list besides their own: a head of department their department's nodal officers',
# the CMO cell every lane (to assign them; claiming and completing stay with the lane's own officers).
SUPERVISED_LANES = {Role.HEAD_OF_DEPARTMENT: {Role.NODAL_OFFICER}, Role.CMO_CELL: {
    Role.NODAL_OFFICER, Role.HEAD_OF_DEPARTMENT, Role.SECRETARY}}


def scope(stmt: Select, actor, lane: str | None = None) -> Select:
    """Only tasks of the caller's role, and of their offices or department (deny by default); with `lane`, a
    supervisor's view of another role's tasks within what they supervise."""
    if lane and lane != actor.role:
        if lane not in SUPERVISED_LANES.get(actor.role, ()):
            raise AppError.forbidden("You may list only your own tasks.")
        stmt = stmt.where(WorkItem.role == lane)
        return stmt if actor.role == Role.CMO_CELL else stmt.where(WorkItem.department_id == actor.department_id)
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


def _rows() -> Select:
    """A work item with what its row shows: the case, names of its category, district and office, its holder."""
    return (select(WorkItem, Grievance, Category.name.label("category_name"),
                   Category.name_bn.label("category_name_bn"), Area.name.label("district_name"),
                   Area.name_bn.label("district_name_bn"), Office.name.label("office_name"),
                   _Holder.full_name.label("holder_name"), BreachRisk.risk.label("breach_risk"))
            .outerjoin(Grievance, Grievance.id == WorkItem.grievance_id)
            .outerjoin(BreachRisk, BreachRisk.grievance_id == WorkItem.grievance_id)
            .outerjoin(Category, Category.code == Grievance.category_code)
            .outerjoin(Area, Area.code == Grievance.district_code)
            .outerjoin(Office, Office.id == WorkItem.office_id)
            .outerjoin(_Holder, _Holder.id == WorkItem.claimed_by_id))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search(stmt: Select, *, reg_no: str | None, mobile: str | None, name: str | None) -> Select:
    if reg_no:
        stmt = stmt.where(WorkItem.reg_no == reg_no.strip().upper())
    if mobile:
        normalised = normalise_mobile(mobile)
        if not normalised:
            raise AppError.invalid("mobile", "must be a 10-digit Indian mobile number")
        stmt = stmt.where(Grievance.mobile == normalised)
    if name and name.strip():
        # ILIKE '%…%' is what PostgreSQL's trigram index (migration 0010) answers; SQLite reads it as LIKE.
        words = " ".join(name.lower().split())  # lower(name): the trigram index case search's name search uses too
        stmt = stmt.where(func.lower(Grievance.complainant_name).like(f"%{_escaped(words)}%", escape="\\"))
    return stmt


def _carried_by_a_parent():
    """A member's ATR, verification or escalation review of an accepted mass grievance: the parent's stand for them
    (its ATR and its closure complete the member's, mass_grievances; the reviews are cancelled when the member
    closes)."""
    return exists().where(MassMember.grievance_id == WorkItem.grievance_id, WorkItem.element_id.in_(CARRIED_TASKS),
                          MassCluster.id == MassMember.cluster_id, MassCluster.status == ClusterStatus.ACCEPTED,
                          MassCluster.parent_id != MassMember.grievance_id)


def _filtered(stmt: Select, actor, now: datetime, args: dict) -> Select:
    stmt = scope(stmt.where(WorkItem.status == ItemStatus.OPEN, ~_carried_by_a_parent()), actor, args.get("lane"))
    if args.get("sla"):
        stmt = _sla_filter(stmt, args["sla"], now)
    if args.get("task"):
        stmt = stmt.where(WorkItem.element_id == args["task"])
    if args.get("office_id") is not None:
        stmt = stmt.where(WorkItem.office_id == args["office_id"])
    if args.get("category"):
        stmt = stmt.where(Grievance.category_code == args["category"])
    if args.get("district"):
        stmt = stmt.where(Grievance.district_code == args["district"])
    if args.get("claimed") == "mine":
        stmt = stmt.where(WorkItem.claimed_by_id == actor.user_id)
    elif args.get("claimed") == "unclaimed":
        stmt = stmt.where(WorkItem.claimed_by_id.is_(None))
    return _search(stmt, reg_no=args.get("reg_no"), mobile=args.get("mobile"), name=args.get("name"))


def _capped_count(session: Session, stmt: Select) -> int:
    return session.scalar(select(func.count()).select_from(
        stmt.with_only_columns(WorkItem.id).order_by(None).limit(COUNT_CAP + 1).subquery()))


def list_worklist(session: Session, actor, *, now: datetime, sort: str = "due_at", cursor: str | None = None,
                  page_size: int = 20, **args) -> dict:
    """A page of the caller's open tasks. `args` are the filters and searches of WorklistQuery. The count stops
    at COUNT_CAP; `next_cursor` reads on."""
    after = keyset.decode(cursor, sort) if cursor else None
    if office := args.pop("office", None):
        args["office_id"] = directory.get_office(session, office).id
    stmt = _filtered(_rows(), actor, now, args)
    rows, following = keyset.page(session, stmt, sort=sort, cursor=after, size=page_size)
    count = _capped_count(session, _filtered(select(WorkItem).outerjoin(
        Grievance, Grievance.id == WorkItem.grievance_id), actor, now, args))
    return {"items": [present_row(actor, row, now) for row in rows],
            "next_cursor": following.encode() if following else None,
            "count": min(count, COUNT_CAP), "count_is_exact": count <= COUNT_CAP}


def _of_task(task_id: str):
    """The condition selecting the work item of `task_id`; a text that is not a task id (the engine's uuid in its
    canonical form) is refused as not found before any query (PostgreSQL's uuid column would reject it)."""
    try:
        canonical = str(uuid.UUID(task_id)) == task_id
    except (ValueError, TypeError, AttributeError):
        canonical = False
    if not canonical:
        raise AppError.not_found("task", task_id)
    return WorkItem.task_id == task_id


def get_row(session: Session, actor, task_id: str, now: datetime, lane: str | None = None) -> dict:
    """One task as its worklist row shows it (after a claim, release or assignment)."""
    row = session.execute(scope(_rows().where(_of_task(task_id)), actor, lane)).first()
    if row is None:
        raise AppError.not_found("task", task_id)
    return present_row(actor, row, now)


def present(item: WorkItem, now: datetime) -> dict:
    return {"task_id": item.task_id, "reg_no": item.reg_no, "task": item.element_id, "title": item.title,
            "title_bn": item.title_bn,
            "role": item.role, "office_id": item.office_id, "status": item.status, "opened_at": item.opened_at,
            "remind_at": item.remind_at, "due_at": item.due_at, "claimed_by_id": item.claimed_by_id,
            "claimed_at": item.claimed_at, "sla": sla_colour(now, item.remind_at, item.due_at)}


def present_row(actor, row, now: datetime) -> dict:
    """A worklist row: the task, and its case as the caller's role may see it (contact details masked unless the
    role needs them, case_api.access)."""
    out = {**present(row.WorkItem, now), "office_name": row.office_name, "claimed_by_name": row.holder_name,
           "category_name": row.category_name, "category_name_bn": row.category_name_bn,
           "district_name": row.district_name, "district_name_bn": row.district_name_bn,
           "breach_risk": row.breach_risk, "likely_late": row.breach_risk is not None and row.breach_risk >= HIGH}
    grievance = row.Grievance
    if grievance is not None:
        if grievance.is_escalated and row.WorkItem.due_at is not None and row.WorkItem.due_at == grievance.sla_due_at:
            out["sla"] = "red"  # the task whose deadline the ladder escalated (see sla_colour)
        full = access.sees_contact_details(actor, grievance)
        out.update(complainant_name=grievance.complainant_name,
                   mobile=grievance.mobile if full else mask_mobile(grievance.mobile),
                   category=grievance.category_code, district=grievance.district_code, lodged_at=grievance.lodged_at,
                   age_days=max((now - grievance.lodged_at).days, 0))
    return out


def get_item(session: Session, task_id: str, *, for_update: bool = False) -> WorkItem:
    """The work item of `task_id`; with `for_update`, row-locked so concurrent claims queue up."""
    stmt = select(WorkItem).where(_of_task(task_id))
    item = session.scalar(lock_for_update(stmt, session) if for_update else stmt)
    if item is None:
        raise AppError.not_found("task", task_id)
    return item


def get_actionable_item(session: Session, actor, task_id: str, *, for_update: bool = False) -> WorkItem:
    """The work item of `task_id` if the caller may act on it (their role is the task's lane and the case within
    their scope), in one query; 404 if it does not exist or they cannot see it, alike."""
    stmt = scope(select(WorkItem).where(_of_task(task_id)), actor)
    item = session.scalar(lock_for_update(stmt, session) if for_update else stmt)
    if item is None:
        raise AppError.not_found("task", task_id)
    return item
