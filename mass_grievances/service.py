"""Finding mass grievances, the CMO cell's decision, and carrying the parent case's Action Taken Report to every
member. Members keep their own number, process, messages and feedback: once the parent's ATR is in, each member's
own ATR task is completed with it (by the officer who wrote it, noting the parent), so each complainant is told;
once the parent is closed after its complainant's verification, each member's verification is completed the same
way (call result "with its mass grievance"), so each complainant is told of the closure and may give feedback. A
rejected group's cases are not proposed again."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from accounts.auth import actor_for
from accounts.models import User
from case_api.history import append_event
from case_api.models import CaseEvent, CaseStatus, Grievance
from core import clock
from core.errors import AppError
from mass_grievances import rules
from mass_grievances.models import ClusterStatus, MassCluster, MassMember
from worklists import service as worklists
from worklists.models import ItemStatus, WorkItem
from worklists.queries import MEMBER_TASK as ATR_TASK
from worklists.queries import get_item

logger = logging.getLogger(__name__)
LOOK_BACK = timedelta(days=7)
CARRIED = ("redressed", "partially_redressed", "not_feasible", "not_pertaining")  # not a clarification
VERIFY_TASK = "Task_verify"
VERIFICATIONS = ("complainant_verified", "field_validated")  # the decisions that may close a case


def not_in_a_group():
    return ~exists().where(MassMember.grievance_id == Grievance.id)


def detect(session: Session, *, now: datetime | None = None) -> list[MassCluster]:
    """Propose every new group of open cases awaiting their ATR that tell of one problem (see rules)."""
    now = now or clock.now()
    rows = session.execute(select(Grievance.id, Grievance.office_id, Grievance.category_code, Grievance.description,
                                  Grievance.lodged_at, Grievance.latitude, Grievance.longitude)
                           .where(Grievance.status != CaseStatus.CLOSED, Grievance.office_id.is_not(None),
                                  Grievance.last_atr_at.is_(None), Grievance.lodged_at >= now - LOOK_BACK,
                                  not_in_a_group())).all()
    by_place: dict[tuple, list[rules.Complaint]] = {}
    for r in rows:
        by_place.setdefault((r.office_id, r.category_code), []).append(
            rules.Complaint(r.id, r.description, r.lodged_at, r.latitude, r.longitude))
    found = []
    for (office_id, category), complaints in by_place.items():
        for ids, likeness in rules.groups(complaints):
            cluster = MassCluster(status=ClusterStatus.PROPOSED, office_id=office_id, category_code=category,
                                  likeness=likeness, found_at=now)
            session.add(cluster)
            session.flush()
            session.add_all([MassMember(grievance_id=i, cluster_id=cluster.id) for i in ids])
            found.append(cluster)
    session.flush()
    if found:
        logger.info("%s mass grievances proposed", len(found))
    return found


def members(session: Session, cluster_id: int) -> list[Grievance]:
    return list(session.scalars(select(Grievance).join(MassMember, MassMember.grievance_id == Grievance.id)
                                .where(MassMember.cluster_id == cluster_id)
                                .order_by(Grievance.lodged_at, Grievance.id)))


def _cluster(session: Session, cluster_id: int, *, status: str) -> MassCluster:
    cluster = session.get(MassCluster, cluster_id, with_for_update=True)
    if cluster is None:
        raise AppError.not_found("mass_grievance", cluster_id)
    if cluster.status != status:
        raise AppError.conflict("already_decided", "This group was already decided.")
    return cluster


def accept(session: Session, *, actor, cluster_id: int) -> MassCluster:
    """One problem: the earliest case becomes the parent; every member's history says so."""
    cluster = _cluster(session, cluster_id, status=ClusterStatus.PROPOSED)
    cases = members(session, cluster_id)
    parent = cases[0]
    now = clock.now()
    cluster.status, cluster.parent_id, cluster.decided_at, cluster.decided_by_id = (
        ClusterStatus.ACCEPTED, parent.id, now, actor.user_id)
    append_event(session, grievance_id=parent.id, event_type="mass_grievance_parent", at=now, actor=actor,
                 data={"members": [g.reg_no for g in cases[1:]]})
    for member in cases[1:]:
        member.mass_parent_id = parent.id  # counted once from now on, as the parent
        append_event(session, grievance_id=member.id, event_type="mass_grievance_joined", at=now, actor=actor,
                     data={"parent": parent.reg_no, "complainants": len(cases)})
    return cluster


def reject(session: Session, *, actor, cluster_id: int) -> MassCluster:
    cluster = _cluster(session, cluster_id, status=ClusterStatus.PROPOSED)
    cluster.status, cluster.decided_at, cluster.decided_by_id = ClusterStatus.REJECTED, clock.now(), actor.user_id
    return cluster


def proposals(session: Session) -> list[tuple[MassCluster, list[Grievance]]]:
    clusters = session.scalars(select(MassCluster).where(MassCluster.status == ClusterStatus.PROPOSED)
                               .order_by(MassCluster.found_at.desc()).limit(100))
    return [(c, members(session, c.id)) for c in clusters]


def _parent_atr(session: Session, parent_id: int) -> CaseEvent | None:
    return session.scalar(select(CaseEvent).where(CaseEvent.grievance_id == parent_id,
                                                  CaseEvent.event_type == "atr_submitted")
                          .order_by(CaseEvent.seq.desc()).limit(1))


def _carried_report(session: Session, parent_id: int) -> tuple[dict, object, str] | None:
    """The parent's latest ATR (data, its officer, the parent's number) when it is one to carry, else None."""
    atr = _parent_atr(session, parent_id)
    data = json.loads(atr.data) if atr else {}
    if data.get("outcome") not in CARRIED or atr.actor_id is None:
        return None
    return data, actor_for(session, session.get(User, atr.actor_id)), session.get(Grievance, parent_id).reg_no


def follow_parents(session: Session) -> int:
    """Carry each parent's progress to its members: a member's ATR task is completed with the parent's ATR (once
    the parent has one that is not a request for clarification), and a member's verification is completed when
    the parent is closed. Returns how many member tasks it completed."""
    return _carry_reports(session) + _carry_closures(session)


def _members_at(task: str, parent_condition):
    """(parent id, member's open task id) of accepted groups whose member waits at `task`."""
    return (select(MassCluster.parent_id, WorkItem.task_id)
            .join(MassMember, MassMember.cluster_id == MassCluster.id)
            .join(WorkItem, and_(WorkItem.grievance_id == MassMember.grievance_id, WorkItem.element_id == task,
                                 WorkItem.status == ItemStatus.OPEN))
            .join(Grievance, Grievance.id == MassCluster.parent_id)
            .where(MassCluster.status == ClusterStatus.ACCEPTED, MassMember.grievance_id != MassCluster.parent_id,
                   parent_condition))


def _complete_as(session: Session, officer, task_id: str, data: dict) -> None:
    item = get_item(session, task_id, for_update=True)
    if item.claimed_by_id != officer.user_id:
        worklists.hold(item, officer.user_id)
    worklists.complete_task(session, actor=officer, task_id=task_id, data=data, by_system=True)


def _parent_verifier(session: Session, parent_id: int) -> tuple[object, str] | None:
    """Who verified the closed parent (the CMO cell officer whose decision closed it) and its number."""
    verified = session.scalar(select(CaseEvent).where(CaseEvent.grievance_id == parent_id,
                                                      CaseEvent.event_type.in_(VERIFICATIONS))
                              .order_by(CaseEvent.seq.desc()).limit(1))
    if verified is None or verified.actor_id is None:
        return None
    return actor_for(session, session.get(User, verified.actor_id)), session.get(Grievance, parent_id).reg_no


def _carry_closures(session: Session) -> int:
    """Close each member waiting for verification whose parent is closed, in the parent's verifier's name (each
    complainant is then told of the closure and may give feedback under their own number)."""
    moved, parents = 0, {}
    for parent_id, task_id in session.execute(_members_at(VERIFY_TASK, Grievance.status == CaseStatus.CLOSED)).all():
        if parent_id not in parents:
            parents[parent_id] = _parent_verifier(session, parent_id)
        if parents[parent_id] is None:
            continue
        officer, parent_no = parents[parent_id]
        _complete_as(session, officer, task_id, {
            "call_result": "with_mass_parent", "decision": "close",
            "remarks": f"Closed together with {parent_no}, a mass grievance whose complainant was verified."})
        moved += 1
    return moved


def _carry_reports(session: Session) -> int:
    moved, parents = 0, {}
    for parent_id, task_id in session.execute(_members_at(ATR_TASK, Grievance.last_atr_at.is_not(None))).all():
        if parent_id not in parents:
            parents[parent_id] = _carried_report(session, parent_id)
        if parents[parent_id] is None:
            continue
        data, officer, parent_no = parents[parent_id]
        _complete_as(session, officer, task_id, {
            "action_taken": f"{data['action_taken']} (handled together with {parent_no}, a mass grievance)",
            "outcome": data["outcome"], "remarks": data.get("remarks") or ""})
        moved += 1
    return moved
