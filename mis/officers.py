"""The MIS at its lowest level: the officers of one office. For each, the grievances whose open task they hold now
(and of those, past the case's deadline), and the office's tasks (its nodal officers' lane) they completed in the
period (and of those, after the task's deadline); tasks nobody has taken up yet form their own row. Counted from the
office's work items (a few thousand at most), the same way the case list they open counts
(analytics.queries.list_cases with office and holder)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from analytics import queries as dashboard
from analytics import rules as dashboard_rules
from case_api.models import CaseStatus, Grievance
from case_counts.rules import IST, period_bounds
from directory import queries as directory
from mis import rules
from worklists.models import ItemStatus, WorkItem


@dataclass(frozen=True)
class OfficerRow:
    user_id: int | None  # None: open tasks nobody holds
    name: str
    held: int = 0
    held_overdue: int = 0
    completed: int = 0
    completed_late: int = 0


def officer_rows(session: Session, *, now: datetime, first: date, last: date, office_id: int) -> list[OfficerRow]:
    start, end = period_bounds(first, last)
    grievances = func.count(distinct(WorkItem.grievance_id))
    held = {holder: (n, late) for holder, n, late in session.execute(
        select(WorkItem.claimed_by_id, grievances, grievances.filter(Grievance.sla_due_at < now))
        .join(Grievance, Grievance.id == WorkItem.grievance_id)
        .where(WorkItem.office_id == office_id, WorkItem.role == Role.NODAL_OFFICER, WorkItem.status == ItemStatus.OPEN,
               Grievance.office_id == office_id, Grievance.status != CaseStatus.CLOSED)
        .group_by(WorkItem.claimed_by_id))}
    done = {closer: (n, late) for closer, n, late in session.execute(
        select(WorkItem.closed_by_id, func.count(), func.count().filter(WorkItem.closed_at > WorkItem.due_at))
        .where(WorkItem.office_id == office_id, WorkItem.role == Role.NODAL_OFFICER,
               WorkItem.status == ItemStatus.COMPLETED,
               WorkItem.closed_at >= start, WorkItem.closed_at < end, WorkItem.closed_by_id.is_not(None))
        .group_by(WorkItem.closed_by_id))}
    people = set(held) | set(done)
    names = {user_id: name for user_id, name in session.execute(
        select(User.id, User.full_name).where(User.id.in_(people - {None})))} if people - {None} else {}
    rows = [OfficerRow(user_id, names.get(user_id, ""), *held.get(user_id, (0, 0)), *done.get(user_id, (0, 0)))
            for user_id in people - {None}]
    rows.sort(key=lambda r: (-r.held, -r.completed, r.name))
    if None in held:
        rows.append(OfficerRow(None, "", *held[None]))
    return rows


def total_of(rows: list[OfficerRow]) -> OfficerRow:
    return OfficerRow(None, "", sum(r.held for r in rows), sum(r.held_overdue for r in rows),
                      sum(r.completed for r in rows), sum(r.completed_late for r in rows))


def report(session: Session, *, actor, now: datetime, office: str, first: date | None = None,
           last: date | None = None) -> dict:
    """The officers of `office` for `actor` (the office's department must be theirs to see)."""
    place = dashboard.find_office(session, office)
    dashboard_rules.office_in_view(actor, place)
    default_first, default_last = rules.default_period(now.astimezone(IST).date())
    first, last = first or default_first, last or default_last
    rules.check_period(first, last)
    rows = officer_rows(session, now=now, first=first, last=last, office_id=place.id)
    return {"now": now, "first": first, "last": last, "office": place, "rows": rows, "total": total_of(rows),
            "office_department": directory.department_code(session, place.department_id)}
