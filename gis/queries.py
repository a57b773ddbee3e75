"""The map's figures: each district's value of the chosen measure (from the summary rows, as the dashboard and
MIS read them) and the latest located grievances for the points and heat layer."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from analytics import queries as dashboard
from analytics import rules as dashboard_rules
from case_api.models import Grievance
from case_counts.rules import IST, period_bounds
from directory.models import Category, Department
from gis import rules
from mis import queries as mis
from mis import rules as mis_rules


def _value(measure: str, counts, received: int, population: int | None):
    if measure == "compliance":
        return counts.compliance
    if measure == "receipts_per_100k":
        return rules.per_100k(received, population)
    return getattr(counts, measure)


def district_values(session: Session, *, now: datetime, measure: str, first: date, last: date,
                    department_id: int | None) -> dict:
    """{"districts": [{code, name, name_bn, tile, centre, value, class, received_in_period, population}],
    "breaks": [...]} for every district of the state."""
    period = mis.in_period(session, first=first, last=last, group="district", department_id=department_id)
    shapes = rules.districts()
    rows = []
    for counts in dashboard.counts_by(session, now=now, group="district", department_id=department_id):
        place = shapes.get(counts.key)
        if place is None:
            continue  # not a district of the map (e.g. a code outside the directory)
        received = period.get(counts.key, (0, 0))[0]
        rows.append({"code": counts.key, "name": counts.name, "name_bn": counts.name_bn, "tile": place["tile"],
                     "centre": place["centre"], "population": place["population"], "received_in_period": received,
                     "value": _value(measure, counts, received, place["population"])})
    bounds = rules.breaks(measure, [row["value"] for row in rows])
    for row in rows:
        row["class"] = rules.colour_class(measure, row["value"], bounds)
    return {"districts": rows, "breaks": bounds}


def located(session: Session, *, first: date, last: date, department_id: int | None, category: str | None,
            limit: int = rules.MAX_POINTS) -> list[list[float]]:
    """[[latitude, longitude], ...] of the latest grievances lodged in the period that carry a location."""
    start, end = period_bounds(first, last)
    stmt = (select(Grievance.latitude, Grievance.longitude)
            .where(Grievance.lodged_at >= start, Grievance.lodged_at < end, Grievance.latitude.is_not(None),
                   Grievance.longitude.is_not(None))
            .order_by(Grievance.lodged_at.desc()).limit(limit))
    if department_id is not None:
        stmt = stmt.where(Grievance.department_id == department_id)
    if category:
        stmt = stmt.where(Grievance.category_code == category)
    return [[round(lat, 5), round(long, 5)] for lat, long in session.execute(stmt)]


def map_page(session: Session, *, actor, now: datetime, measure: str = "pending", department: str | None = None,
             category: str | None = None, first: date | None = None, last: date | None = None) -> dict:
    """Everything the map page shows to `actor` (a head of department sees their own department only)."""
    requested = dashboard.find_department(session, department)
    department_id = dashboard_rules.department_in_view(actor, requested.id if requested else None)
    default_first, default_last = mis_rules.default_period(now.astimezone(IST).date())
    first, last = first or default_first, last or default_last
    mis_rules.check_period(first, last)
    shown = session.get(Department, department_id) if department_id is not None else None
    categories = select(Category).order_by(Category.name)
    if shown is not None:
        categories = categories.where(Category.department_id == shown.id)
    return {"now": now, "measure": measure, "first": first, "last": last, "department": shown,
            "category": category, "categories": list(session.scalars(categories)),
            "departments": list(session.scalars(select(Department).order_by(Department.name)))
            if dashboard_rules.may_pick_department(actor) else [],
            **district_values(session, now=now, measure=measure, first=first, last=last, department_id=department_id),
            "points": located(session, first=first, last=last, department_id=department_id, category=category)}
