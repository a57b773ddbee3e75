"""Process owners' and administrators' page of incidents: cases whose process failed at a step, with a retry
(the same services as /api/v1/incidents)."""
from __future__ import annotations

from flask import render_template, request

from accounts.models import Role
from core.db import transaction
from core.errors import AppError
from incidents import service
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("incident_pages", __name__)
PAGE_SIZE = 50


def _page(outcome: dict | None = None, error: str | None = None, status: int = 200):
    shown = request.args.get("status", "open")
    shown = shown if shown in service.STATUSES else "open"
    offset = max(request.args.get("offset", 0, type=int) or 0, 0)
    with transaction(readonly=True) as db:
        listing = service.list_incidents(db, status=shown, limit=PAGE_SIZE, offset=offset)
    return render_template("incidents/index.html", listing=listing, shown=shown, offset=offset, size=PAGE_SIZE,
                           outcome=outcome, error=error), status


@bp.get("/incidents")
@login_required(Role.PROCESS_OWNER, Role.ADMIN)
def index():
    return _page()


@bp.post("/incidents/<int:incident_id>/retry")
@login_required(Role.PROCESS_OWNER, Role.ADMIN)
def retry(incident_id):
    try:
        with transaction() as db:
            outcome = service.retry_incident(db, incident_id=incident_id, actor=page_actor())
    except AppError as exc:
        return _page(error=exc.detail, status=exc.status)
    return _page(outcome=outcome)
