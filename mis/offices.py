"""The MIS one level down: the offices of one department in one district, counted straight from their grievances
(a department's cases in one district are a few thousand at the state's scale; the summary rows stop at the
district)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from analytics.queries import Counts
from case_api.models import CaseStatus, Grievance
from case_counts.queries import counted
from case_counts.rules import IST, india_midnight, period_bounds
from directory.models import Office
from mis import outcomes, rules
from mis.queries import Row


def office_rows(session: Session, *, now: datetime, first: date, last: date, department_id: int,
                district: str) -> list[Row]:
    today = now.astimezone(IST).date()
    start, end = period_bounds(first, last)
    pending = Grievance.status != CaseStatus.CLOSED
    bucket = case(*((Grievance.lodged_at >= india_midnight(today - timedelta(days=hi)), key)
                    for key, _lo, hi in rules.AGE_BUCKETS if hi is not None), else_=rules.AGE_KEYS[-1])
    where = (Grievance.department_id == department_id, Grievance.district_code == district, counted())
    totals = session.execute(
        select(Office.code, Office.name, func.count(), func.count().filter(pending),
               func.count().filter(pending, Grievance.sla_due_at < now),
               func.count().filter(pending, Grievance.is_escalated.is_(True)), func.count().filter(~pending),
               func.count().filter(Grievance.lodged_at >= start, Grievance.lodged_at < end),
               func.count().filter(Grievance.closed_at >= start, Grievance.closed_at < end))
        .join(Office, Office.id == Grievance.office_id).where(*where).group_by(Office.code, Office.name))
    ages: dict = {}
    for code, age, count in session.execute(
            select(Office.code, bucket, func.count()).join(Office, Office.id == Grievance.office_id)
            .where(*where, pending).group_by(Office.code, bucket)):
        ages.setdefault(code, {})[age] = int(count)
    results = outcomes.by_group(session, start=start, end=end, column=Office.code, where=where,
                                joins=((Office, Office.id == Grievance.office_id),))
    return [Row(Counts(code, name, name, received=received, pending=open_, overdue=overdue, escalated=escalated,
                       redressed=redressed), period_received, period_disposed, ages.get(code, {}),
                results.get(code, {}))
            for code, name, received, open_, overdue, escalated, redressed, period_received, period_disposed
            in totals]
