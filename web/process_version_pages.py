"""Process owners' pages for versions: one version's diagram read-only, two versions compared on the diagram
(bpmn-js-differ), and restoring an older version as the newest (the same service as the API's restore)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

import engine
from accounts.models import Role
from core.db import transaction
from core.errors import AppError
from processes import service
from processes.schemas import RestoreIn
from web.forms import errors_of
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("process_version_pages", __name__)


def _version_page(process_id: str, version: int, errors: dict | None = None, status: int = 200):
    with transaction(readonly=True) as db:
        shown = service.get_version(db, process_id=process_id, version=version)
        latest = service.get_version(db, process_id=process_id)
        xml = engine.diagram_xml(db, process_id=process_id, version=version)
    return render_template("processes/version.html", version=shown, latest=latest, xml=xml, errors=errors or {},
                           values=request.form), status


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
