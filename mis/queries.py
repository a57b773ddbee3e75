"""The MIS report: for each department (or each district of one department), the dashboard's measures now,
receipts and disposals in a period, and what is pending by age. Every figure comes from the summary rows kept by
`case_counts` (a few rows per department or district and day), never from scanning grievances.

Views: the CMO cell sees every department, or every department within one district (the district's view), or
one department's districts; a head of department or secretary their own department's districts; one department
and one district give its offices (mis/offices.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from analytics import queries as dashboard
from analytics import rules as dashboard_rules
from case_api.models import Grievance
from case_counts.models import CaseAgeCount, CaseDayCount
from case_counts.rules import IST, NO_DEPARTMENT, period_bounds
from directory.models import Department
from mis import outcomes, rules


@dataclass(frozen=True)
class Row:
    """One department or district: `counts` the dashboard's measures now, the period's figures, pending by age."""

    counts: dashboard.Counts
    received_in_period: int = 0
    disposed_in_period: int = 0
    ages: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)  # mis/outcomes.py

    @property
    def key(self) -> str | None:
        return self.counts.key

    @property
    def satisfaction(self) -> float | None:
        return outcomes.share(self.outcomes.get("satisfied", 0), self.outcomes.get("feedback", 0))

    @property
    def appeal_rate(self) -> float | None:
        return outcomes.share(self.outcomes.get("appealed", 0), self.outcomes.get("closed", 0))

    @property
    def reopen_rate(self) -> float | None:
        return outcomes.share(self.outcomes.get("reopened", 0), self.outcomes.get("closed", 0))

    @property
    def over_100(self) -> int:
        return self.ages.get("over-100", 0)


def _column(model, group: str):
    return model.department_id if group == "department" else model.district_code


def _narrowed(stmt, model, department_id: int | None, district: str | None):
    """`stmt` narrowed to the department and district (a tuple of conditions when `stmt` is a tuple)."""
    conditions = (*((model.department_id == department_id,) if department_id is not None else ()),
                  *((model.district_code == district,) if district is not None else ()))
    return (*stmt, *conditions) if isinstance(stmt, tuple) else stmt.where(*conditions)


def pending_by_age(session: Session, *, today: date, group: str, department_id: int | None = None,
                   district: str | None = None) -> dict:
    """{department id or district code: {age bucket: pending grievances}} (buckets with none left out)."""
    lodged = CaseAgeCount.lodged_on
    bucket = case(*((lodged >= today - timedelta(days=last), key) for key, _first, last in rules.AGE_BUCKETS
                    if last is not None), else_=rules.AGE_KEYS[-1])
    stmt = (select(_column(CaseAgeCount, group), bucket, func.sum(CaseAgeCount.pending))
            .where(CaseAgeCount.pending != 0).group_by(_column(CaseAgeCount, group), bucket))
    out: dict = {}
    for key, age, count in session.execute(_narrowed(stmt, CaseAgeCount, department_id, district)):
        out.setdefault(key, {})[age] = int(count)
    return out


def in_period(session: Session, *, first: date, last: date, group: str, department_id: int | None = None,
              district: str | None = None) -> dict:
    """{department id or district code: (received, disposed)} on the days `first`..`last` in India."""
    stmt = (select(_column(CaseDayCount, group), func.sum(CaseDayCount.received), func.sum(CaseDayCount.disposed))
            .where(CaseDayCount.day >= first, CaseDayCount.day <= last).group_by(_column(CaseDayCount, group)))
    return {key: (int(received), int(disposed)) for key, received, disposed in
            session.execute(_narrowed(stmt, CaseDayCount, department_id, district))}


def _codes_of_departments(session: Session) -> dict[int, str]:
    return {id_: code for id_, code in session.execute(select(Department.id, Department.code))}


def rows_of(session: Session, *, now: datetime, first: date, last: date, group: str,
            department_id: int | None = None, district: str | None = None) -> list[Row]:
    """Every department or district in view (none left out for having nothing), with its figures."""
    today = now.astimezone(IST).date()
    ages = pending_by_age(session, today=today, group=group, department_id=department_id, district=district)
    period = in_period(session, first=first, last=last, group=group, department_id=department_id, district=district)
    start, end = period_bounds(first, last)
    results = outcomes.by_group(session, start=start, end=end, column=_column(Grievance, group),
                                where=_narrowed((), Grievance, department_id, district))
    if group == "department":  # the summary rows name departments by id, the dashboard's rows by code
        codes = _codes_of_departments(session)
        ages = {codes.get(k) if k != NO_DEPARTMENT else None: v for k, v in ages.items()}
        period = {codes.get(k) if k != NO_DEPARTMENT else None: v for k, v in period.items()}
        results = {codes.get(k): v for k, v in results.items()}
    out = []
    for counts in dashboard.counts_by(session, now=now, group=group, department_id=department_id,
                                      district=district):
        received, disposed = period.get(counts.key, (0, 0))
        out.append(Row(counts, received, disposed, ages.get(counts.key, {}), results.get(counts.key, {})))
    return out


def total_of(rows: list[Row]) -> Row:
    ages = {key: sum(row.ages.get(key, 0) for row in rows) for key in rules.AGE_KEYS}
    return Row(dashboard.total_of([row.counts for row in rows]), sum(r.received_in_period for r in rows),
               sum(r.disposed_in_period for r in rows), ages, outcomes.summed([r.outcomes for r in rows]))


SORTS = ("name", "pending", "over-100", "received_in_period", "disposed_in_period")


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    if sort == "name":
        return sorted(rows, key=lambda r: (r.key is None, r.counts.name))
    measure = {"pending": lambda r: r.counts.pending, "over-100": lambda r: r.over_100,
               "received_in_period": lambda r: r.received_in_period,
               "disposed_in_period": lambda r: r.disposed_in_period}[sort]
    return sorted(rows, key=lambda r: (-measure(r), -r.counts.pending, r.counts.name))


def report(session: Session, *, actor, now: datetime, department: str | None = None, district: str | None = None,
           first: date | None = None, last: date | None = None, sort: str = "pending") -> dict:
    """Everything the MIS page and its exports show to `actor` (see the module docstring for the views)."""
    requested, asked = dashboard.find_department(session, department), dashboard.find_district(session, district)
    department_id, district = dashboard_rules.area_in_view(actor, requested.id if requested else None,
                                                           asked.code if asked else None)
    area = dashboard.find_district(session, district)
    default_first, default_last = rules.default_period(now.astimezone(IST).date())
    first, last = first or default_first, last or default_last
    rules.check_period(first, last)
    if department_id is not None and area is not None:  # one department in one district: its offices
        from mis.offices import office_rows

        group = "office"
        rows = office_rows(session, now=now, first=first, last=last, department_id=department_id, district=area.code)
    else:
        group = "district" if department_id is not None else "department"
        rows = rows_of(session, now=now, first=first, last=last, group=group, department_id=department_id,
                       district=area.code if area else None)
    return {"now": now, "first": first, "last": last, "group": group, "sort": sort,
            "department": session.get(Department, department_id) if department_id is not None else None,
            "district": area, "rows": _sorted(rows, sort), "total": total_of(rows),
            "departments": list(session.scalars(select(Department).order_by(Department.name)))
            if dashboard_rules.may_pick_department(actor) else [],
            "districts": dashboard.districts(session) if dashboard_rules.may_pick_district(actor)
            else [a for a in (area,) if a]}
