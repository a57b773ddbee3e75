"""Dashboards for heads of department and the CMO cell: colour-coded counts, trends, drill-down to cases."""
from __future__ import annotations

from flask import abort, render_template, request
from marshmallow import Schema, ValidationError

from accounts.models import Role
from analytics import queries, rules
from analytics.schemas import CaseListArgs, DashboardArgs
from case_api import queries as cases
from core import clock
from core.db import transaction
from web.case_pages import case_context
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("dashboard_pages", __name__)
WATCHERS = (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.CMO_CELL)
# The dashboard, the MIS and the cases behind their counts are a district collector's too (one district's).
AREA_WATCHERS = (*WATCHERS, Role.DISTRICT_COLLECTOR)


def query_args(schema: Schema) -> dict:
    try:
        return schema.load({k: v for k, v in request.args.items() if v and k != "lang"})
    except ValidationError as exc:
        abort(400, "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.messages.items()))


@bp.get("/dashboard")
@login_required(*AREA_WATCHERS)
def overview():
    args = query_args(DashboardArgs())
    with transaction(readonly=True) as db:
        page = queries.overview(db, actor=page_actor(), now=clock.now(), department=args.get("department"),
                                sort=args["sort"])
    return render_template("dashboard/overview.html", rules=rules, **page)


@bp.get("/dashboard/cases")
@login_required(*AREA_WATCHERS)
def cases_list():
    args = query_args(CaseListArgs())
    with transaction(readonly=True) as db:
        page = queries.case_list(db, actor=page_actor(), now=clock.now(), **args)
    return render_template("dashboard/cases.html", args=args, **page)


@bp.get("/dashboard/cases/<regno:reg_no>")
@login_required(*AREA_WATCHERS)
def case(reg_no):
    """One grievance, read-only, with its history; contact details masked as the viewer's role requires."""
    actor, back = page_actor(), query_args(CaseListArgs())
    with transaction(readonly=True) as db:
        context = case_context(db, actor, cases.get_visible(db, actor, reg_no))
    return render_template("dashboard/case.html", back=back, **context)
