"""Dashboards for heads of department and the CMO cell: colour-coded counts, trends, drill-down to cases."""
from __future__ import annotations

from flask import render_template

from accounts.models import Role
from web.login import login_required
from web.pages import page_blueprint

bp = page_blueprint("dashboard_pages", __name__)
WATCHERS = (Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.CMO_CELL)


@bp.get("/dashboard")
@login_required(*WATCHERS)
def overview():
    return render_template("error.html", title="Dashboard", detail="Coming in this issue.")
