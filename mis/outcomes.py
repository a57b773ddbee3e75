"""The MIS's outcome measures, per department, district or office. Of the cases closed in the period: how many were
redressed conclusively (their last ATR said "redressed") and how many closed otherwise (partly redressed, not
feasible, not pertaining); the complainants' satisfaction among those who gave feedback; the share appealed; the
share reopened (sent back to the office by the verification at least once). And now: the escalated cases pending at
each level of the ladder. Counted from the grievance rows of those closed in the period and of those pending
escalated (partial indexes of migration 0009), not from history."""
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
    """{group key: {field: count}} for the rows `where` selects, grouped by `column`."""
    closed = and_(Grievance.status == CaseStatus.CLOSED, Grievance.closed_at >= start, Grievance.closed_at < end)
    escalated = and_(Grievance.status != CaseStatus.CLOSED, Grievance.is_escalated.is_(True))
    counts = (func.count().filter(closed), func.count().filter(closed, Grievance.atr_outcome == "redressed"),
              func.count().filter(closed, or_(Grievance.atr_outcome.is_(None), Grievance.atr_outcome != "redressed")),
              func.count().filter(closed, Grievance.is_satisfied.is_not(None)),
              func.count().filter(closed, Grievance.is_satisfied.is_(True)),
              func.count().filter(closed, Grievance.appeal_count > 0),
              func.count().filter(closed, Grievance.send_back_count > 0),
              *(func.count().filter(escalated, Grievance.escalation_level == level) for level in LEVELS))
    stmt = select(column, *counts).select_from(Grievance)
    for target, on in joins:
        stmt = stmt.join(target, on)
    stmt = stmt.where(or_(closed, escalated), counted(), *where).group_by(column)
    return {key: dict(zip(FIELDS, map(int, values), strict=True)) for key, *values in session.execute(stmt)}


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


def summed(rows: list[dict]) -> dict:
    return {name: sum(row.get(name, 0) for row in rows) for name in FIELDS}
