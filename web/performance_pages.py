"""Offices' performance for heads of department and the CMO cell: the quality of Action Taken Reports (ratings and
signs of boilerplate) and the monthly office index with its formula."""
from __future__ import annotations

from datetime import date

from flask import render_template
from marshmallow import fields, validate

from analytics import rules as dashboard_rules
from analytics.queries import find_department
from analytics.schemas import OverviewArgs
from atr_quality import queries as atr_quality
from atr_quality import rules as atr_rules
from case_counts.rules import IST
from core import clock
from core.db import transaction
from directory.models import Department
from office_index import queries as office_index
from office_index import rules as index_rules
from web.dashboard_pages import WATCHERS, query_args
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("performance_pages", __name__)


class MonthArgs(OverviewArgs):
    month = fields.String(load_default=None, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                      error="must be a month such as 2026-11"))


def scope_of(db, department: str | None) -> dict:
    requested = find_department(db, department)
    department_id = dashboard_rules.department_in_view(page_actor(), requested.id if requested else None)
    return {"department_id": department_id,
            "department": db.get(Department, department_id) if department_id is not None else None,
            "departments": list(db.query(Department).order_by(Department.name))
            if dashboard_rules.may_pick_department(page_actor()) else []}


def month_of(args: dict, now) -> date:
    """The month asked for, or the current one in India."""
    return date.fromisoformat(args["month"] + "-01") if args["month"] else now.astimezone(IST).date().replace(day=1)


@bp.get("/atr-quality")
@login_required(*WATCHERS)
def atr_quality_report():
    args = query_args(MonthArgs())
    month = month_of(args, clock.now())
    with transaction(readonly=True) as db:
        scope = scope_of(db, args.get("department"))
        offices = atr_quality.by_office(db, month=month, department_id=scope["department_id"])
    return render_template("performance/atr_quality.html", offices=offices, month=month, rules=atr_rules, **scope)


@bp.get("/office-index")
@login_required(*WATCHERS)
def office_index_report():
    args = query_args(MonthArgs())
    now = clock.now()
    month = month_of(args, now)
    with transaction(readonly=True) as db:
        scope = scope_of(db, args.get("department"))
        scores = office_index.scores(db, month=month, now=now, department_id=scope["department_id"])
    return render_template("performance/office_index.html", scores=scores, month=month, weights=index_rules.WEIGHTS,
                           **scope)
