"""Root-cause themes for heads of department and the CMO cell: a month's grievances grouped by their text, and the
same as CSV for a policy officer's working paper."""
from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, render_template

from case_counts.rules import IST
from core import clock
from core.db import transaction
from themes import queries
from web.dashboard_pages import WATCHERS, query_args
from web.login import login_required
from web.pages import page_blueprint
from web.performance_pages import MonthArgs, scope_of

bp = page_blueprint("theme_pages", __name__)


def _themes() -> dict:
    args = query_args(MonthArgs())
    month = date.fromisoformat(args["month"] + "-01") if args["month"] else \
        clock.now().astimezone(IST).date().replace(day=1)
    with transaction(readonly=True) as db:
        scope = scope_of(db, args.get("department"))
        themes, grouped = queries.month_themes(db, month=month, department_id=scope["department_id"])
    return {"themes": themes, "grouped": grouped, "month": month, **scope}


@bp.get("/themes")
@login_required(*WATCHERS)
def themes():
    return render_template("themes/month.html", **_themes())


@bp.get("/themes/export.csv")
@login_required(*WATCHERS)
def export():
    page = _themes()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["theme", "words", "grievances", "the month before", "top districts", "examples"])
    for number, theme in enumerate(page["themes"], 1):
        writer.writerow(["other" if theme.other else number, " ".join(theme.words), theme.size, theme.before,
                         "; ".join(f"{name} ({count})" for name, count in theme.districts),
                         "; ".join(reg for reg, _text in theme.examples)])
    name = f"themes-{(page['department'].code if page['department'] else 'all').lower()}-{page['month']:%Y-%m}.csv"
    return Response(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
