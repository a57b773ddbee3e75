"""Trend series from the daily summary rows (`case_day_count`): receipts or disposals per department, district or
category in each week or month, and the spikes among them (see trends/rules.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analytics import queries as dashboard
from analytics import rules as dashboard_rules
from case_counts.models import CaseDayCount
from case_counts.rules import IST, NO_DEPARTMENT
from directory.models import Area, Category, Department
from trends import rules

GROUPS = ("department", "district", "category")
MEASURES = ("received", "disposed")


@dataclass(frozen=True)
class Series:
    """One department, district or category: its count in each shown period and which of them are spikes."""

    key: str | None
    name: str
    name_bn: str
    counts: list[int]
    spikes: list[bool]
    usual: float  # the usual level before the latest period

    @property
    def latest_is_spike(self) -> bool:
        return bool(self.spikes and self.spikes[-1])


def _column(group: str):
    return {"department": CaseDayCount.department_id, "district": CaseDayCount.district_code,
            "category": CaseDayCount.category_code}[group]


def daily(session: Session, *, first: date, last: date, group: str, measure: str,
          department_id: int | None = None) -> dict:
    """{key: {day: count}} for the days with any (key: department id, district or category code)."""
    column = _column(group)
    stmt = (select(column, CaseDayCount.day, func.sum(getattr(CaseDayCount, measure)))
            .where(CaseDayCount.day >= first, CaseDayCount.day <= last).group_by(column, CaseDayCount.day))
    if department_id is not None:
        stmt = stmt.where(CaseDayCount.department_id == department_id)
    out: dict = {}
    for key, day, count in session.execute(stmt):
        if count:
            out.setdefault(key, {})[day] = int(count)
    return out


def _labels(session: Session, group: str, department_id: int | None) -> list[tuple[object, str, str, str]]:
    """(key in the summary rows, code, name, name_bn) of everything that could have a series."""
    if group == "department":
        stmt = select(Department.id, Department.code, Department.name, Department.name_bn)
        if department_id is not None:
            stmt = stmt.where(Department.id == department_id)
    elif group == "district":
        stmt = select(Area.code, Area.code, Area.name, Area.name_bn).where(Area.kind == "district")
    else:
        stmt = select(Category.code, Category.code, Category.name, Category.name_bn)
        if department_id is not None:
            stmt = stmt.where(Category.department_id == department_id)
    return [tuple(row) for row in session.execute(stmt)]


def _per_period(days: dict[date, int], starts: list[date], unit: str) -> list[int]:
    counts = [0] * len(starts)
    index = {start: i for i, start in enumerate(starts)}
    for day, count in days.items():
        i = index.get(rules.period_start(day, unit))
        if i is not None:
            counts[i] += count
    return counts


def series(session: Session, *, today: date, unit: str, group: str, measure: str,
           department_id: int | None = None) -> tuple[list[date], list[Series]]:
    """The shown periods' starts and one series per department, district or category with anything in them,
    each period judged against the BASELINE periods before it (read too, though not shown)."""
    every = rules.periods(today, unit, rules.SHOWN + rules.BASELINE)
    shown = every[rules.BASELINE:]
    found = daily(session, first=every[0], last=today, group=group, measure=measure, department_id=department_id)
    out = []
    for value, code, name, name_bn in _labels(session, group, department_id):
        days = found.pop(value, None)
        if days:
            out.append(_judged(code, name, name_bn, _per_period(days, every, unit)))
    for value, days in found.items():  # not routed yet, or a code the directory no longer has
        label = "—" if value in (NO_DEPARTMENT, None, "") else str(value)
        out.append(_judged(None if label == "—" else label, label, label, _per_period(days, every, unit)))
    return shown, out


def _judged(code, name, name_bn, counts: list[int]) -> Series:
    base = rules.BASELINE
    spikes = [rules.is_spike(counts[i], counts[i - base:i]) for i in range(base, len(counts))]
    return Series(code, name, name_bn, counts[base:], spikes, round(rules.usual(counts[-1 - base:-1]), 1))


def report(session: Session, *, actor, now: datetime, unit: str = "week", group: str = "department",
           measure: str = "received", department: str | None = None) -> dict:
    """The trends page for `actor`: a head of department sees their own department's districts or categories."""
    requested = dashboard.find_department(session, department)
    department_id = dashboard_rules.department_in_view(actor, requested.id if requested else None)
    if department_id is not None and group == "department":
        group = "district"
    today = now.astimezone(IST).date()
    starts, rows = series(session, today=today, unit=unit, group=group, measure=measure,
                          department_id=department_id)
    rows.sort(key=lambda s: (not s.latest_is_spike, -sum(s.spikes), -s.counts[-1], s.name))
    ends = [rules.next_start(start, unit) - timedelta(days=1) for start in starts]
    return {"now": now, "unit": unit, "group": group, "measure": measure, "periods": list(zip(starts, ends,
                                                                                           strict=True)),
            "rows": rows, "today": today,
            "department": session.get(Department, department_id) if department_id is not None else None,
            "departments": list(session.scalars(select(Department).order_by(Department.name)))
            if dashboard_rules.may_pick_department(actor) else []}
