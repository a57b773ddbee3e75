"""The trends page: receipts or disposals per week or month by department, district or category, spikes flagged."""
from __future__ import annotations

from flask import render_template

from core import clock
from core.db import transaction
from trends import queries, rules
from trends.schemas import TrendArgs
from web.dashboard_pages import WATCHERS, query_args
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("trend_pages", __name__)


@bp.get("/trends")
@login_required(*WATCHERS)
def trends():
    args = query_args(TrendArgs())
    with transaction(readonly=True) as db:
        page = queries.report(db, actor=page_actor(), now=clock.now(), **args)
    return render_template("trends/report.html", rules=rules, **page)
