"""Reading the summary rows: the dashboard's measures per department or district at a given moment, exact.

Time-free measures come from `case_count`. Overdue and judged depend on the moment: the deadline buckets give
every pending deadline before today (whole 32-day blocks, then whole days of the current block) and a direct
count over the grievance index covers the deadlines earlier today, so the figures equal a direct count at
any moment while reading at most a few dozen rows per department or district.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from case_api.models import Grievance
from case_counts import rules
from case_counts.models import CaseAgeCount, CaseCount, CaseDayCount, CaseDueCount, OfficeCaseCount, OfficeDueCount

GROUPS = ("department", "district")
MEASURES = ("received", "pending", "overdue", "escalated", "redressed", "judged", "met")


def _key(value, group: str):
    return (value or None) if group == "department" else value


def _time_free(session: Session, group: str, department_id: int | None, district: str | None) -> dict:
    column = CaseCount.department_id if group == "department" else CaseCount.district_code
    stmt = select(column, *(func.sum(getattr(CaseCount, m)) for m in rules.CASE_MEASURES)).group_by(column)
    if department_id is not None:
        stmt = stmt.where(CaseCount.department_id == department_id)
    if district is not None:
        stmt = stmt.where(CaseCount.district_code == district)
    return {_key(row[0], group): dict(zip(rules.CASE_MEASURES, map(int, row[1:]), strict=True))
            for row in session.execute(stmt)}


def _before_today(model, today: int):
    """The deadline buckets of `model` (case_due_count or office_due_count) wholly before today: whole 32-day
    blocks, then the days of the current block."""
    block = today // rules.BLOCK_DAYS
    return or_(and_(model.span == rules.BLOCK_DAYS, model.bucket < block),
               and_(model.span == 1, model.bucket >= block * rules.BLOCK_DAYS, model.bucket < today))


def _due_before_today(session: Session, group: str, department_id: int | None, district: str | None,
                      today: int) -> list:
    column = CaseDueCount.department_id if group == "department" else CaseDueCount.district_code
    department_wide = group == "department" and district is None
    stmt = (select(column, func.sum(CaseDueCount.awaiting), func.sum(CaseDueCount.reported))
            .where(CaseDueCount.district_code == rules.ALL_DISTRICTS if department_wide
                   else CaseDueCount.district_code != rules.ALL_DISTRICTS)
            .where(_before_today(CaseDueCount, today))
            .group_by(column))
    if department_id is not None:
        stmt = stmt.where(CaseDueCount.department_id == department_id)
    if district is not None:
        stmt = stmt.where(CaseDueCount.district_code == district)
    return [(_key(row[0], group), int(row[1]), int(row[2])) for row in session.execute(stmt)]


def counted():
    """The grievances the dashboards count: all but the members of accepted mass grievances (each group counts
    once, as its parent case). Every direct count that must equal the summary rows uses it."""
    return Grievance.mass_parent_id.is_(None)


def _due_earlier_today_by(column, now: datetime, today: int):
    """Pending grievances whose deadline passed earlier today, (awaiting their ATR, reported) per `column`."""
    reported = Grievance.status == rules.ATR_SUBMITTED
    return (select(column, func.count().filter(~reported), func.count().filter(reported))
            .where(Grievance.status != rules.CLOSED, Grievance.sla_due_at >= rules.day_start(today),
                   Grievance.sla_due_at < now, counted())
            .group_by(column))


def _due_earlier_today(session: Session, group: str, department_id: int | None, district: str | None,
                       now: datetime, today: int) -> list:
    column = Grievance.department_id if group == "department" else Grievance.district_code
    stmt = _due_earlier_today_by(column, now, today)
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if district is not None:
        stmt = stmt.where(Grievance.district_code == district)
    return [(_key(row[0], group), int(row[1]), int(row[2])) for row in session.execute(stmt)]


def figures(session: Session, *, now: datetime, group: str, department_id: int | None = None,
            district: str | None = None) -> dict:
    """{department id (None: not routed) or district code: {measure: count}} for the keys with any grievance,
    narrowed to one department and/or district. Overdue: pending and past the deadline at `now`; judged: with a
    deadline and the ATR in or the deadline past; met: reported by the deadline (see analytics/queries.py)."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    today = rules.day_number(now)
    return _combined(_time_free(session, group, department_id, district),
                     _due_before_today(session, group, department_id, district, today)
                     + _due_earlier_today(session, group, department_id, district, now, today))


def office_figures(session: Session, *, now: datetime, office_ids: list[int]) -> dict:
    """{office id: {measure: count}} of the offices `office_ids` with any grievance now, as `figures`."""
    today = rules.day_number(now)
    time_free = {row[0]: dict(zip(rules.CASE_MEASURES, map(int, row[1:]), strict=True)) for row in session.execute(
        select(OfficeCaseCount.office_id, *(getattr(OfficeCaseCount, m) for m in rules.CASE_MEASURES))
        .where(OfficeCaseCount.office_id.in_(office_ids)))}
    due = session.execute(select(OfficeDueCount.office_id, func.sum(OfficeDueCount.awaiting),
                                 func.sum(OfficeDueCount.reported))
                          .where(OfficeDueCount.office_id.in_(office_ids), _before_today(OfficeDueCount, today))
                          .group_by(OfficeDueCount.office_id))
    earlier = session.execute(_due_earlier_today_by(Grievance.office_id, now, today)
                              .where(Grievance.office_id.in_(office_ids)))
    return _combined(time_free, [tuple(map(int, row)) for row in (*due, *earlier)])


def _combined(time_free: dict, due: list) -> dict:
    """The dashboard's measures per key from the time-free rows and the (key, awaiting, reported) deadlines past."""
    out: dict = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for key, row in time_free.items():
        out[key].update({m: row[m] for m in ("received", "pending", "escalated", "redressed", "met")},
                        judged=row["reported"])
    for key, awaiting, reported in due:
        out[key]["overdue"] += awaiting + reported
        out[key]["judged"] += awaiting
    return dict(out)


def totals(session: Session, *, now: datetime, department_id: int | None = None,
           district: str | None = None) -> dict:
    """The measures summed over everything in view (one department and/or district, or all)."""
    group = "district" if district is not None else "department"
    rows = figures(session, now=now, group=group, department_id=department_id, district=district).values()
    return {m: sum(r[m] for r in rows) for m in MEASURES}


def per_day(session: Session, *, first: date, last: date, department_id: int | None = None,
            district: str | None = None) -> dict:
    """{day in India: (received, disposed)} between `first` and `last`, days with something only."""
    stmt = (select(CaseDayCount.day, func.sum(CaseDayCount.received), func.sum(CaseDayCount.disposed))
            .where(CaseDayCount.day >= first, CaseDayCount.day <= last).group_by(CaseDayCount.day))
    if department_id is not None:
        stmt = stmt.where(CaseDayCount.department_id == department_id)
    if district is not None:
        stmt = stmt.where(CaseDayCount.district_code == district)
    return {row[0]: (int(row[1]), int(row[2])) for row in session.execute(stmt) if row[1] or row[2]}


def pending_lodged(session: Session, *, first: date | None, last: date, department_id: int | None = None,
                   district: str | None = None) -> int:
    """Pending grievances lodged on the days `first` (None: any earlier) to `last` in India."""
    stmt = select(func.coalesce(func.sum(CaseAgeCount.pending), 0)).where(CaseAgeCount.lodged_on <= last)
    if first is not None:
        stmt = stmt.where(CaseAgeCount.lodged_on >= first)
    if department_id is not None:
        stmt = stmt.where(CaseAgeCount.department_id == department_id)
    if district is not None:
        stmt = stmt.where(CaseAgeCount.district_code == district)
    return int(session.scalar(stmt))
