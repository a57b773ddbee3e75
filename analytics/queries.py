"""Dashboard and MIS queries: counts per department or district, the daily trend, the drill-down list.

Read-only: grievance and case_event (case_api), department, area, office and category (directory).

SLA compliance, as the dashboard shows it: a grievance is *judged* once it has an ATR deadline
(`sla_due_at`) and either its Action Taken Report is in (status `atr_submitted` or `closed`) or the deadline
has passed. It *met* the SLA when that report (the latest `atr_submitted` event; for a case closed without
one, its closure) came in by the deadline. Compliance is met / judged; pending cases still within their
deadline are not judged yet. The deadline is the case's current one, so a case sent back is judged on its
latest ATR round.

Every count is read from the summary rows kept by `case_counts` in the same transaction as each change (exact
at any moment, a few rows per department or district), never by scanning grievances or their history; the
drill-down lists read one page of grievances through the indexes made for their orders.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from analytics import rules
from breach_risk import service as breach_risk
from case_api.models import CaseStatus, Grievance
from case_counts import queries as summary
from case_counts.rules import india_midnight
from core.errors import AppError
from directory.models import Area, Category, Department, Office
from escalation_rules.rules import sla_colour
from mis import rules as age_rules
from worklists.models import ItemStatus, WorkItem

IST = ZoneInfo("Asia/Kolkata")
GROUPS = ("department", "district")
POLICE_DISTRICT = "police_district"  # a department whose offices follow the police districts: rows by those
PAGE_SIZE = 50


@dataclass(frozen=True)
class Counts:
    """One row of the dashboard: a department or district (key is its code; None for cases not yet routed)."""

    key: str | None
    name: str
    name_bn: str
    received: int = 0
    pending: int = 0
    overdue: int = 0
    escalated: int = 0
    redressed: int = 0
    judged: int = 0
    met: int = 0

    @property
    def compliance(self) -> float | None:
        return rules.compliance_pct(self.met, self.judged)

    @property
    def overdue_alert(self) -> bool:
        return rules.is_overdue_alert(self.overdue)

    @property
    def compliance_alert(self) -> bool:
        return rules.is_compliance_alert(self.compliance)


MEASURES = ("received", "pending", "overdue", "escalated", "redressed", "judged", "met")


def _labels(session: Session, group: str) -> list[tuple[object, str, str, str]]:
    """(value in the grievance column, code, name, name_bn) of every department or district, by name."""
    if group == "department":
        rows = session.execute(select(Department.id, Department.code, Department.name, Department.name_bn)
                               .order_by(Department.name))
    else:
        rows = session.execute(select(Area.code, Area.code, Area.name, Area.name_bn)
                               .where(Area.kind == "district").order_by(Area.name))
    return [tuple(row) for row in rows]


def counts_by(session: Session, *, now: datetime, group: str, department_id: int | None = None,
              district: str | None = None) -> list[Counts]:
    """Received, pending, overdue, escalated and redressed grievances and SLA compliance (see the module
    docstring) per department or district, every one listed even with nothing; `department_id` narrows to one
    department and `district` to one district. Overdue: pending with `sla_due_at` before `now`; escalated: pending
    and escalated."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}")
    found = {key: row for key, row in summary.figures(session, now=now, group=group, department_id=department_id,
                                                      district=district).items() if row["received"]}
    rows = [_counts(code, name, name_bn, found.pop(value, None)) for value, code, name, name_bn in
            _labels(session, group) if group == "department" or district is None or code == district]
    for value, row in found.items():  # cases with no department yet, or a district code the directory lacks
        label = str(value) if value is not None else "—"
        rows.append(_counts(str(value) if value is not None else None, label, label, row))
    return rows


def police_offices(session: Session, department_id: int, unit: str | None = None) -> dict[int, str]:
    """{office id: police district code} of the department's offices that belong to a police district (all of
    the police's but its directorate; none of another department's), of one police district if `unit`."""
    stmt = select(Office.id, Office.police_district_code).where(Office.department_id == department_id,
                                                                Office.police_district_code.is_not(None))
    if unit is not None:
        stmt = stmt.where(Office.police_district_code == unit)
    return {office_id: unit for office_id, unit in session.execute(stmt)}


def counts_by_police_district(session: Session, *, now: datetime, department_id: int) -> list[Counts] | None:
    """The department's figures per police district, every one listed, adding up its offices' summary rows (None
    if its offices do not follow the police districts); what is at the directorate or with no office yet is one
    more row (key None), so the rows add up to the department's figures."""
    offices = police_offices(session, department_id)
    if not offices:
        return None
    sums: dict = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for office_id, row in summary.office_figures(session, now=now, office_ids=list(offices)).items():
        for measure, value in row.items():
            sums[offices[office_id]][measure] += value
    units = session.scalars(select(Area).where(Area.kind == POLICE_DISTRICT).order_by(Area.name))
    rows = [_counts(unit.code, unit.name, unit.name_bn, sums.get(unit.code)) for unit in units]
    whole = summary.figures(session, now=now, group="department", department_id=department_id).get(department_id, {})
    rest = {m: whole.get(m, 0) - sum(getattr(r, m) for r in rows) for m in MEASURES}
    if any(rest.values()):
        rows.append(_counts(None, "", "", rest))
    return rows


def _counts(key: str | None, name: str, name_bn: str, row: dict | None) -> Counts:
    return Counts(key, name, name_bn, **(row or {}))


def total_of(rows: list[Counts]) -> Counts:
    """The totals row."""
    return Counts(None, "", "", **{m: sum(getattr(r, m) for r in rows) for m in MEASURES})


def trend(session: Session, *, now: datetime, days: int = 30, department_id: int | None = None,
          district: str | None = None) -> list[dict]:
    """Grievances received (by `lodged_at`) and disposed of (by `closed_at`) per calendar day in India, for the
    `days` days ending today, oldest first, days with nothing included."""
    last = now.astimezone(IST).date()
    first = last - timedelta(days=days - 1)
    found = summary.per_day(session, first=first, last=last, department_id=department_id, district=district)
    span = [first + timedelta(days=i) for i in range(days)]
    return [{"day": day, "received": found.get(day, (0, 0))[0], "disposed": found.get(day, (0, 0))[1]}
            for day in span]


def _state_filter(state: str | None, now: datetime):
    pending = Grievance.status != CaseStatus.CLOSED
    return {None: None, "pending": pending, "overdue": and_(pending, Grievance.sla_due_at < now),
            "at_risk": and_(pending, Grievance.id.in_(breach_risk.likely_late_ids())),
            "escalated": and_(pending, Grievance.is_escalated.is_(True)),
            "redressed": Grievance.status == CaseStatus.CLOSED}[state]


# Each list's order matches an index of migration 0009: the most urgent deadline first for what is pending,
# the latest closure first for what is redressed, the latest lodged first for everything received.
_URGENT = (Grievance.sla_due_at.asc().nulls_last(), Grievance.id)
_ORDERS = {None: (Grievance.id.desc(),), "pending": _URGENT, "overdue": _URGENT, "escalated": _URGENT,
           "at_risk": _URGENT,
           "redressed": (Grievance.closed_at.desc(), Grievance.id.desc())}


def _age_window(age: str, now: datetime):
    """(condition on lodging, first day, last day) of the pending grievances of one MIS age bucket."""
    first, last = age_rules.lodged_between(age, now.astimezone(IST).date())
    before = Grievance.lodged_at < india_midnight(last + timedelta(days=1))
    condition = before if first is None else and_(before, Grievance.lodged_at >= india_midnight(first))
    return condition, first, last


def list_cases(session: Session, *, now: datetime, department_id: int | None, district: str | None = None,
               state: str | None = None, age: str | None = None, page: int = 1,
               page_size: int = PAGE_SIZE, office_id: int | None = None,
               holder_id: int | None = None, office_ids: list[int] | None = None) -> tuple[list[dict], int]:
    """The grievances behind one count of the dashboard, with the same definitions as `counts_by` (see
    `_ORDERS` for their order), or behind one age bucket of the MIS (pending, oldest first). Returns (one page,
    total); the total is the dashboard's or the MIS's count. With `office_id` (the MIS's office and officer rows,
    counted from the grievances themselves) the total is counted the same way; `holder_id` keeps the grievances
    whose open task at that office the officer holds; `office_ids` (a police district's offices) likewise. Members
    of mass grievances are not listed (counted once, as their parent)."""
    stmt = _case_columns().where(summary.counted())
    counted_here = office_id is not None or office_ids is not None
    if office_ids is not None:  # a police district: its offices' grievances, counted here like an office's
        stmt = stmt.where(Grievance.office_id.in_(office_ids))
    if office_id is not None:  # one office: a few thousand grievances at most, counted here like its MIS row
        stmt = stmt.where(Grievance.office_id == office_id)
        if holder_id is not None:
            stmt = stmt.where(Grievance.id.in_(_held_by(office_id, holder_id)))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if district:
        stmt = stmt.where(Grievance.district_code == district)
    if age is not None:
        window, first, last = _age_window(age, now)
        stmt = stmt.where(_state_filter("pending", now), window)
        order = (Grievance.lodged_at.asc(), Grievance.id)
        total = None if counted_here else summary.pending_lodged(
            session, first=first, last=last, department_id=department_id, district=district)
    else:
        if (condition := _state_filter(state, now)) is not None:
            stmt = stmt.where(condition)
        order = _ORDERS[state]
        total = None if counted_here or state == "at_risk" else \
            summary.totals(session, now=now, department_id=department_id, district=district)[state or "received"]
    if total is None:
        total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.execute(stmt.order_by(*order).limit(page_size).offset((page - 1) * page_size))
    return [_case_row(row, now) for row in rows], total


def _held_by(office_id: int, holder_id: int):
    """The grievances whose open task at the office (its nodal officers' lane) `holder_id` holds."""
    return select(WorkItem.grievance_id).where(WorkItem.office_id == office_id, WorkItem.status == ItemStatus.OPEN,
                                               WorkItem.role == Role.NODAL_OFFICER,
                                               WorkItem.claimed_by_id == holder_id)


def _case_columns():
    return (select(Grievance.reg_no, Grievance.status, Grievance.category_code, Category.name.label("category"),
                   Category.name_bn.label("category_bn"), Office.name.label("office"), Grievance.district_code,
                   Grievance.lodged_at, Grievance.sla_due_at, Grievance.remind_at, Grievance.closed_at,
                   Grievance.is_escalated)
            .outerjoin(Category, Category.code == Grievance.category_code)
            .outerjoin(Office, Office.id == Grievance.office_id))


def _case_row(row, now: datetime) -> dict:
    item = dict(row._mapping)
    open_with_deadline = row.status != CaseStatus.CLOSED and row.sla_due_at is not None
    item["sla"] = sla_colour(now, row.remind_at, row.sla_due_at, bool(row.is_escalated)) if open_with_deadline else None
    return item


def _by_code(session: Session, model, code: str | None, what: str, *conditions):
    """The row a page asks for by code (None for none asked); an unknown code is not found."""
    if not code:
        return None
    row = session.scalar(select(model).where(model.code == code.upper(), *conditions))
    if row is None:
        raise AppError.not_found(what, code)
    return row


def find_department(session: Session, code: str | None) -> Department | None:
    return _by_code(session, Department, code, "department")


def districts(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind == "district").order_by(Area.name)))


def find_district(session: Session, code: str | None) -> Area | None:
    return _by_code(session, Area, code, "district", Area.kind == "district")


def sorted_rows(rows: list[Counts], sort: str) -> list[Counts]:
    """The dashboard's rows by `sort`: a measure the most first (the lowest compliance first; none last), or names
    A-Z; ties by what is pending, then received, then name, so the order is stable."""
    if sort == "name":
        return sorted(rows, key=lambda r: (r.key is None, r.name))
    if sort == "compliance":
        return sorted(rows, key=lambda r: (r.compliance is None, r.compliance or 0, -r.pending, r.name))
    return sorted(rows, key=lambda r: (-getattr(r, sort), -r.pending, -r.received, r.name))


def overview(session: Session, *, actor, now: datetime, department: str | None = None,
             sort: str = "name") -> dict:
    """Everything the dashboard page shows to `actor`: by department for the CMO cell, by district once one
    department is chosen (a head of department or secretary always sees their own; the police by police
    district), by department within their district for a district collector; totals and the trend."""
    requested = find_department(session, department)
    department_id, district = rules.area_in_view(actor, requested.id if requested else None, None)
    shown = session.get(Department, department_id) if department_id is not None else None
    group = "district" if shown else "department"
    rows = counts_by_police_district(session, now=now, department_id=shown.id) if shown and district is None else None
    if rows is not None:
        group = POLICE_DISTRICT
    else:
        rows = counts_by(session, now=now, group=group, department_id=department_id, district=district)
    return {"now": now, "department": shown, "group": group, "district": find_district(session, district),
            "rows": sorted_rows(rows, sort), "sort": sort, "total": total_of(rows),
            "trend": trend(session, now=now, department_id=department_id, district=district),
            "forecast": breach_risk.forecast(session, department_id=department_id, district=district),
            "joined": joined_to_mass(session, department_id=department_id, district=district),
            "departments": list(session.scalars(select(Department).order_by(Department.name)))
            if rules.may_pick_department(actor) else []}


def joined_to_mass(session: Session, *, department_id: int | None, district: str | None) -> int:
    """Registrations counted once with their mass grievance (a partial index holds only those)."""
    stmt = select(func.count()).where(Grievance.mass_parent_id.is_not(None))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if district is not None:
        stmt = stmt.where(Grievance.district_code == district)
    return session.scalar(stmt)


def case_list(session: Session, *, actor, now: datetime, department: str | None = None,
              district: str | None = None, state: str | None = None, age: str | None = None, page: int = 1,
              office: str | None = None, holder: int | None = None, police_district: str | None = None) -> dict:
    """The drill-down page for `actor`: the cases behind one count, within what they may see (an office's only
    if its department is theirs to see; a police district's, its department's offices in it)."""
    place = find_office(session, office)
    requested = find_department(session, department)
    unit = _by_code(session, Area, police_district, "police district", Area.kind == POLICE_DISTRICT)
    if place:
        department_id, district = rules.office_in_view(actor, place), place.district_code
    else:
        department_id, district = rules.area_in_view(actor, requested.id if requested else None, district)
    if unit and department_id is None:
        raise AppError.invalid("department", "a police district's grievances are listed for one department")
    area = find_district(session, district)
    items, total = list_cases(session, now=now, department_id=department_id, district=area.code if area else None,
                              state=state, age=age, page=page, office_id=place.id if place else None,
                              holder_id=holder if place else None,
                              office_ids=list(police_offices(session, department_id, unit.code)) if unit else None)
    return {"now": now, "items": items, "total": total, "page": page, "page_size": PAGE_SIZE, "state": state,
            "age": age, "office": place, "holder": session.get(User, holder) if place and holder else None,
            "department": session.get(Department, department_id) if department_id is not None else None,
            "district": area, "police_district": unit}


def find_office(session: Session, code: str | None) -> Office | None:
    return _by_code(session, Office, code, "office")
