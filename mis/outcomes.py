"""The MIS's outcome measures, per department, district or office. Of the cases closed in the period: how many were
redressed conclusively (their last ATR said "redressed") and how many closed otherwise (partly redressed, not
feasible, not pertaining); the complainants' satisfaction among those who gave feedback; the share appealed; the
share reopened (sent back to the office by the verification at least once). And now: the escalated cases pending at
each level of the ladder. Counted from the grievance rows of those closed in the period and of those pending
escalated (partial indexes of migrations 0009 and 0029), not from history."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from case_api.models import CaseStatus, Grievance
from case_counts.queries import counted

FIELDS = ("closed", "redressed", "otherwise", "feedback", "satisfied", "appealed", "reopened",
          "at_head_of_department", "at_secretary", "at_cmo_cell")
LEVELS = ("head_of_department", "secretary", "cmo_cell")


def by_group(session: Session, *, start: datetime, end: datetime, column, where: tuple = (), joins: tuple = ()
             ) -> dict:
    """{group key: {field: count}} for the rows `where` selects, grouped by `column`: one statement for the cases
    closed in the period (the closure index), one for the escalated ones pending (their own partial index)."""
    closed = and_(Grievance.status == CaseStatus.CLOSED, Grievance.closed_at >= start, Grievance.closed_at < end)
    escalated = and_(Grievance.status != CaseStatus.CLOSED, Grievance.is_escalated.is_(True))
    of_closed = (func.count(), func.count().filter(Grievance.atr_outcome == "redressed"),
                 func.count().filter(or_(Grievance.atr_outcome.is_(None), Grievance.atr_outcome != "redressed")),
                 func.count().filter(Grievance.is_satisfied.is_not(None)),
                 func.count().filter(Grievance.is_satisfied.is_(True)),
                 func.count().filter(Grievance.appeal_count > 0), func.count().filter(Grievance.send_back_count > 0))
    out: dict = {}
    for key, *values in session.execute(_grouped(select(column, *of_closed), closed, column, where, joins)):
        out[key] = dict(zip(FIELDS, map(int, values), strict=False))
    by_level = select(column, Grievance.escalation_level, func.count())
    for key, level, count in session.execute(_grouped(by_level, escalated, (column, Grievance.escalation_level),
                                                      where, joins)):
        if level in LEVELS:
            out.setdefault(key, {})[f"at_{level}"] = int(count)
    return {key: {name: found.get(name, 0) for name in FIELDS} for key, found in out.items()}


def _grouped(stmt, condition, group_by, where: tuple, joins: tuple):
    stmt = stmt.select_from(Grievance)
    for target, on in joins:
        stmt = stmt.join(target, on)
    group_by = group_by if isinstance(group_by, tuple) else (group_by,)
    return stmt.where(condition, counted(), *where).group_by(*group_by)


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


def summed(rows: list[dict]) -> dict:
    return {name: sum(row.get(name, 0) for row in rows) for name in FIELDS}
