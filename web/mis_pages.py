"""The MIS page: pending by age, a period's receipts and disposals, by department or district; CSV and XLSX."""
from __future__ import annotations

from flask import Response, render_template
from flask_babel import get_locale

from core import clock
from core.db import transaction
from mis import export, officers, queries, rules
from mis.schemas import OfficersArgs, ReportArgs
from web.dashboard_pages import AREA_WATCHERS, query_args
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("mis_pages", __name__)
TYPES = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _report() -> dict:
    args = query_args(ReportArgs())
    with transaction(readonly=True) as db:
        return queries.report(db, actor=page_actor(), now=clock.now(), **args)


@bp.get("/mis")
@login_required(*AREA_WATCHERS)
def report():
    return render_template("mis/report.html", rules=rules, age_label=export.age_label, **_report())


@bp.get("/mis/export.<any(csv, xlsx):kind>")
@login_required(*AREA_WATCHERS)
def download(kind: str):
    page = _report()
    lines = export.table(page, bengali=str(get_locale()) == "bn")
    scope = page["department"].code if page["department"] else "all"
    return _file(kind, lines, f"mis-{scope}-{page['first']:%Y%m%d}-{page['last']:%Y%m%d}.{kind}")


def _file(kind: str, lines: list[list], name: str) -> Response:
    body = export.as_csv(lines) if kind == "csv" else export.as_xlsx(lines, title="MIS")
    return Response(body, mimetype=TYPES[kind].split(";")[0], content_type=TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _officers() -> dict:
    args = query_args(OfficersArgs())
    with transaction(readonly=True) as db:
        return officers.report(db, actor=page_actor(), now=clock.now(), **args)


@bp.get("/mis/officers")
@login_required(*AREA_WATCHERS)
def officer_report():
    """One office's officers: what they hold now and what they completed in the period."""
    return render_template("mis/officers.html", **_officers())


@bp.get("/mis/officers/export.<any(csv, xlsx):kind>")
@login_required(*AREA_WATCHERS)
def officer_download(kind: str):
    page = _officers()
    name = f"mis-officers-{page['office'].code}-{page['first']:%Y%m%d}-{page['last']:%Y%m%d}.{kind}"
    return _file(kind, export.officer_table(page), name)
