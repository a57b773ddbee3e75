"""The office index of a month for every office with anything in it (office_index/rules.py has the formula): the
counts from the grievances due in the month and the history events of the month, the rank, and the change from
the month before."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from atr_quality.queries import events_in
from case_api.models import Grievance
from case_counts.rules import month_span, period_bounds
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


def _timeliness(session: Session, months: dict, first: date, last: date, now: datetime,
                department_id: int | None, names: dict) -> None:
    start, end = period_bounds(first, last)
    reported = Grievance.last_atr_at.is_not(None)
    judged = or_(reported, Grievance.sla_due_at < now)
    met = and_(reported, Grievance.last_atr_at <= Grievance.sla_due_at)
    stmt = (select(Office.code, Office.name, func.count().filter(judged), func.count().filter(met))
            .join(Office, Office.id == Grievance.office_id)
            .where(Grievance.sla_due_at >= start, Grievance.sla_due_at < end).group_by(Office.code, Office.name))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    for code, name, judged_count, met_count in session.execute(stmt):
        names[code] = name
        months[code].judged += judged_count
        months[code].met += met_count


def month_counts(session: Session, *, month: date, now: datetime,
                 department_id: int | None = None) -> tuple[dict[str, rules.Month], dict[str, str]]:
    first, last = month_span(month)
    months: dict[str, rules.Month] = defaultdict(rules.Month)
    names: dict[str, str] = {}
    _timeliness(session, months, first, last, now, department_id, names)
    for kind in ("complainant_verified", "feedback_received", "case_closed", "appeal_opened"):
        for _case, code, name, data in events_in(session, kind, first, last, department_id):
            names[code], m = name, months[code]
            if kind == "complainant_verified":
                m.verified += 1
                m.sent_back += data.get("decision") == "send_back"
                if isinstance(data.get("atr_rating"), int):
                    m.ratings += 1
                    m.rating_sum += data["atr_rating"]
            elif kind == "feedback_received":
                m.feedback += 1
                m.satisfied += bool(data.get("is_satisfied"))
            elif kind == "case_closed":
                m.closed += 1
            else:
                m.appeals += 1
    return dict(months), names


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
