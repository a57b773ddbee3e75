"""The dashboard's measures counted directly from the grievances and their history, independently of the
summary tables: the latest ATR is read from the case_event rows, overdue and judged at the given moment."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from case_api.models import CaseEvent, Grievance
from case_counts.queries import MEASURES

IST = ZoneInfo("Asia/Kolkata")


def direct_figures(session: Session, *, now: datetime, group: str, department_id: int | None = None) -> dict:
    latest = (select(CaseEvent.grievance_id, func.max(CaseEvent.at).label("at"))
              .where(CaseEvent.event_type == "atr_submitted").group_by(CaseEvent.grievance_id).subquery())
    pending = Grievance.status != "closed"
    atr_in = Grievance.status.in_(("atr_submitted", "closed"))
    judged = and_(Grievance.sla_due_at.is_not(None), or_(atr_in, Grievance.sla_due_at < now))
    met = and_(judged, atr_in, func.coalesce(latest.c.at, Grievance.closed_at) <= Grievance.sla_due_at)
    column = {"department": Grievance.department_id, "district": Grievance.district_code,
              "office": func.coalesce(Grievance.office_id, 0)}[group]  # 0: not forwarded to an office yet
    stmt = (select(column, func.count(), func.count().filter(pending),
                   func.count().filter(pending, Grievance.sla_due_at < now),
                   func.count().filter(pending, Grievance.is_escalated.is_(True)),
                   func.count().filter(~pending), func.count().filter(judged), func.count().filter(met))
            .outerjoin(latest, latest.c.grievance_id == Grievance.id).where(Grievance.mass_parent_id.is_(None))
            .group_by(column))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    return {row[0]: dict(zip(MEASURES, row[1:], strict=True)) for row in session.execute(stmt)}


def direct_per_day(session: Session, *, first: date, last: date, department_id: int | None = None) -> dict:
    out = {}
    day = first
    while day <= last:
        start = datetime.combine(day, time.min, IST)
        end = start + timedelta(days=1)
        where = [Grievance.mass_parent_id.is_(None)] + (
            [] if department_id is None else [Grievance.department_id == department_id])
        received = session.scalar(select(func.count()).where(Grievance.lodged_at >= start,
                                                             Grievance.lodged_at < end, *where))
        disposed = session.scalar(select(func.count()).where(Grievance.closed_at >= start,
                                                             Grievance.closed_at < end, *where))
        if received or disposed:
            out[day] = (received, disposed)
        day += timedelta(days=1)
    return out
