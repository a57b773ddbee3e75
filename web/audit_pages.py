"""Auditors' pages: a case's full history beside its diagram with the path taken, the hash chain, an export."""
from __future__ import annotations

import csv
import io
import json

from flask import Response, redirect, render_template, request, url_for

import engine
from accounts.models import Role
from case_api import history, queries
from core.db import transaction
from core.errors import AppError
from web.login import login_required
from web.pages import page_blueprint

bp = page_blueprint("audit_pages", __name__)
AUDITORS = (Role.AUDITOR, Role.CMO_CELL, Role.ADMIN)
COLUMNS = ("seq", "at", "event_type", "actor_role", "actor_name", "element_id", "title", "data", "prev_hash", "hash")


@bp.get("/audit")
@login_required(*AUDITORS)
def search():
    reg_no = (request.args.get("reg_no") or "").strip().upper()
    if reg_no:
        return redirect(url_for("audit_pages.case", reg_no=reg_no))
    return render_template("audit/search.html")


def _record(reg_no: str) -> dict:
    """Everything the audit shows of one case: its events, whether their chain holds, the engine's paths."""
    with transaction(readonly=True) as db:
        grievance = queries.find_by_reg_no(db, reg_no)
        if grievance is None:
            raise AppError.not_found("grievance", reg_no)
        events = history.list_events(db, grievance.id)
        return {"reg_no": grievance.reg_no, "status": grievance.status, "chain": history.verify_chain(events),
                "events": [{c: getattr(e, c) for c in COLUMNS if c != "data"} | {"data": json.loads(e.data)}
                           for e in events],
                "paths": engine.case_paths(db, grievance.reg_no)}


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
    record = _record(reg_no)
    name = record["reg_no"].replace("/", "-")
    if fmt == "json":
        body = json.dumps({**record, "chain": vars(record["chain"]), "paths": [vars(p) for p in record["paths"]]},
                          default=str, ensure_ascii=False, indent=2)
        return _download(body, "application/json", f"{name}-history.json")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for event in record["events"]:
            writer.writerow([json.dumps(event[c], ensure_ascii=False) if c == "data" else event[c] for c in COLUMNS])
        return _download(out.getvalue(), "text/csv", f"{name}-history.csv")
    raise AppError.not_found("export format", fmt)


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
