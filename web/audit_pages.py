"""Auditors' pages: a case's full history beside its diagram with the path taken, the hash chain, an export."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

import engine
from accounts.models import Role
from case_api.export import case_record, render
from core.db import transaction
from web.login import login_required
from web.pages import page_blueprint

bp = page_blueprint("audit_pages", __name__)
AUDITORS = (Role.AUDITOR, Role.CMO_CELL, Role.ADMIN)


@bp.get("/audit")
@login_required(*AUDITORS)
def search():
    reg_no = (request.args.get("reg_no") or "").strip().upper()
    if reg_no:
        return redirect(url_for("audit_pages.case", reg_no=reg_no))
    return render_template("audit/search.html")


def _record(reg_no: str) -> dict:
    return case_record(reg_no)


@bp.get("/audit/<regno:reg_no>")
@login_required(*AUDITORS)
def case(reg_no):
    return render_template("audit/case.html", **_record(reg_no))


@bp.get("/audit/diagram/<process_id>/<int:version>.bpmn")
@login_required(*AUDITORS)
def diagram(process_id, version):
    with transaction(readonly=True) as db:
        xml = engine.diagram_xml(db, process_id=process_id, version=version)
    return Response(xml, mimetype="application/xml")


@bp.get("/audit/<regno:reg_no>/export.<fmt>")
@login_required(*AUDITORS)
def export(reg_no, fmt):
    """The case's history as evidence: JSON (with the chain check and the paths) or CSV, one row per event."""
    return _download(*render(_record(reg_no), fmt))


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
