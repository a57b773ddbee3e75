"""The office index of a month for every office with anything in it (office_index/rules.py has the formula): the
counts from the offices' monthly summary rows (case_counts: deadlines due in the month, history events of the
month), the rank, and the change from the month before."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from case_api.models import Grievance
from case_counts.models import OfficeMonthCount
from case_counts.queries import counted
from case_counts.rules import NO_OFFICE, month_span, period_bounds
from directory.models import Office
from office_index import rules


@dataclass(frozen=True)
class Score:
    office_code: str
    office_name: str
    parts: dict
    index: float | None
    rank: int | None = None
    change: float | None = None


def _unreported_past_due(session: Session, start: datetime, now: datetime, department_id: int | None) -> dict:
    """{office id: grievances whose deadline fell between `start` and `now` with no report} (a partial index)."""
    stmt = (select(Grievance.office_id, func.count())
            .where(Grievance.last_atr_at.is_(None), Grievance.sla_due_at >= start, Grievance.sla_due_at < now,
                   counted())
            .group_by(Grievance.office_id))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    return {office or NO_OFFICE: count for office, count in session.execute(stmt)}


def month_counts(session: Session, *, month: date, now: datetime,
                 department_id: int | None = None) -> tuple[dict[str, rules.Month], dict[str, str]]:
    """Each office's counts in the month, from its summary row (case_counts): judged deadlines are those reported
    and, of the others, those already past at `now` (all of them in a month gone by, a direct count this month)."""
    first, last = month_span(month)
    start, end = period_bounds(first, last)
    stmt = (select(Office.id, Office.code, Office.name, OfficeMonthCount)
            .join(Office, Office.id == OfficeMonthCount.office_id).where(OfficeMonthCount.month == first))
    if department_id is not None:
        stmt = stmt.where(Office.department_id == department_id)
    rows = session.execute(stmt).all()
    late = _unreported_past_due(session, start, now, department_id) if start <= now < end and rows else {}
    months: dict[str, rules.Month] = {}
    names: dict[str, str] = {}
    for office_id, code, name, c in rows:
        unreported = c.due - c.reported
        judged = c.reported + (unreported if end <= now else late.get(office_id, 0) if start <= now else 0)
        month_of = rules.Month(judged=judged, met=c.met, ratings=c.rated, rating_sum=c.rating_sum,
                               verified=c.verified, sent_back=c.sent_back, feedback=c.feedback,
                               satisfied=c.satisfied, closed=c.closed, appeals=c.appeals)
        if c.due or month_of != rules.Month():
            months[code], names[code] = month_of, name
    return months, names


def scores(session: Session, *, month: date, now: datetime, department_id: int | None = None) -> list[Score]:
    """Every office with anything in the month, ranked (highest index first; those without an index last)."""
    months, names = month_counts(session, month=month, now=now, department_id=department_id)
    before, _ = month_counts(session, month=month_span(month)[0] - timedelta(days=1), now=now,
                             department_id=department_id)
    previous = {code: rules.index(rules.components(m)) for code, m in before.items()}
    rows = []
    for code, m in months.items():
        parts = rules.components(m)
        rows.append((code, parts, rules.index(parts)))
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0), names[r[0]]))
    out = []
    for rank, (code, parts, value) in enumerate(rows, 1):
        change = round(value - previous[code], 1) if value is not None and previous.get(code) is not None else None
        out.append(Score(code, names[code], parts, value, rank if value is not None else None, change))
    return out
