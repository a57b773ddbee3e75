"""Auditors' pages: a case's full history beside its diagram with the path taken, the hash chain, an export."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from accounts.models import Role
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


@bp.get("/audit/<regno:reg_no>")
@login_required(*AUDITORS)
def case(reg_no):
    return render_template("audit/search.html")
