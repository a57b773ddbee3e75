"""Process owners' pages for versions: one version's diagram read-only, two versions compared on the diagram
(bpmn-js-differ), and restoring an older version as the newest (the same service as the API's restore)."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

import engine
from accounts.models import Role
from analytics.queries import districts, find_department, find_district
from case_counts.rules import IST
from core import clock
from core.db import transaction
from core.errors import AppError
from directory.models import Department
from processes import service, waiting
from processes.schemas import RestoreIn, WaitsArgs
from web.forms import errors_of
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("process_version_pages", __name__)


def _waits(db, process_id: str, version: int) -> dict:
    """The "where cases wait" section: the choice made (default the last 90 days) and, once asked, the figures."""
    try:
        args = WaitsArgs().load(request.args)
    except ValidationError as exc:
        raise AppError(422, "invalid_input", "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.messages.items()),
                       exc.messages) from None
    last = args["last"] or clock.now().astimezone(IST).date()
    first = args["first"] or last - timedelta(days=90)
    department, district = find_department(db, args["department"]), find_district(db, args["district"])
    out = {"first": first, "last": last, "department": department, "district": district, "rows": None,
           "departments": list(db.scalars(select(Department).order_by(Department.name))),
           "districts": districts(db)}
    if "from" in request.args:
        out["rows"] = waiting.waits(db, process_id=process_id, version=version, first=first, last=last,
                                    department_id=department.id if department else None,
                                    district=district.code if district else None)
        out["overlay"] = [{"id": w.element_id, "passed": w.passed, "median": w.median_hours} for w in out["rows"]]
    return out


def _version_page(process_id: str, version: int, errors: dict | None = None, status: int = 200):
    with transaction(readonly=True) as db:
        shown = service.get_version(db, process_id=process_id, version=version)
        latest = service.get_version(db, process_id=process_id)
        xml = engine.diagram_xml(db, process_id=process_id, version=version)
        waits = _waits(db, process_id, version)
    return render_template("processes/version.html", version=shown, latest=latest, xml=xml, errors=errors or {},
                           values=request.form, waits=waits), status


@bp.get("/processes/<process_id>/versions/<int:version>")
@login_required(Role.PROCESS_OWNER)
def show(process_id, version):
    return _version_page(process_id, version)


@bp.get("/processes/<process_id>/compare")
@login_required(Role.PROCESS_OWNER)
def compare(process_id):
    """Two versions on one page, the changes from `a` (older) to `b` (newer) highlighted on both diagrams."""
    try:
        a, b = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        raise AppError.invalid("a", "choose two version numbers to compare") from None
    with transaction(readonly=True) as db:
        versions = [service.get_version(db, process_id=process_id, version=n) for n in (a, b)]
        xmls = [engine.diagram_xml(db, process_id=process_id, version=n) for n in (a, b)]
    return render_template("processes/compare.html", process_id=process_id, versions=versions, xmls=xmls)


@bp.post("/processes/<process_id>/versions/<int:version>/restore")
@login_required(Role.PROCESS_OWNER)
def restore(process_id, version):
    """The restore form on a version's page: the old files become the newest version; back to the versions list."""
    try:
        body = RestoreIn().load({"note": request.form.get("note", "").strip()})
        with transaction(readonly=True) as db:
            replayed = service.check_restore_on_recent_cases(db, process_id=process_id, version=version)
        with transaction() as db:
            restored = service.restore_version(db, process_id=process_id, version=version, note=body["note"],
                                               replayed=replayed, actor=page_actor())
    except service.ReplayRefused as failing:
        return _version_page(process_id, version, errors={"note": [
            _("Not restored: version %(version)s fails on %(count)s recent case(s); fix it with the editor instead.",
              version=version, count=failing.report["outcomes"]["error"])]}, status=422)
    except (ValidationError, AppError) as exc:
        return _version_page(process_id, version, errors=errors_of(exc), status=422)
    flash(_("Version %(old)s is restored as version %(new)s. New grievances start on it.", old=version,
            new=restored["version"]))
    return redirect(url_for("process_pages.index"))
