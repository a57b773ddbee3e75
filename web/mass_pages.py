"""The CMO cell's page of mass grievances: groups of open cases the job found telling of one problem (one office,
one category, alike texts, close in time and place), each accepted as one parent case or rejected."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from accounts.models import Role
from case_api.timeline import Names
from core.db import transaction
from core.errors import AppError
from directory.models import Office
from mass_grievances import service
from web.forms import human
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("mass_pages", __name__)


@bp.get("/mass-grievances")
@login_required(Role.CMO_CELL)
def index():
    with transaction(readonly=True) as db:
        names = Names(db)
        groups = [{"id": cluster.id, "likeness": cluster.likeness, "found_at": cluster.found_at,
                   "office": db.get(Office, cluster.office_id).name,
                   "category": names("category", cluster.category_code),
                   "cases": [{"reg_no": g.reg_no, "channel": g.channel, "lodged_at": g.lodged_at,
                              "district": names("district", g.district_code), "text": g.description[:300]}
                             for g in cases]}
                  for cluster, cases in service.proposals(db)]
    return render_template("mass/index.html", groups=groups)


def _decide(decision, message: str):
    try:
        with transaction() as db:
            decision(db)
        flash(message)
    except AppError as exc:
        flash(human(exc.detail))
    return redirect(url_for("mass_pages.index"))


@bp.post("/mass-grievances/<int:cluster_id>/accept")
@login_required(Role.CMO_CELL)
def accept(cluster_id: int):
    return _decide(lambda db: service.accept(db, actor=page_actor(), cluster_id=cluster_id),
                   _("Accepted: the earliest case is the parent; its Action Taken Report will answer every "
                     "complainant."))


@bp.post("/mass-grievances/<int:cluster_id>/reject")
@login_required(Role.CMO_CELL)
def reject(cluster_id: int):
    return _decide(lambda db: service.reject(db, actor=page_actor(), cluster_id=cluster_id),
                   _("Rejected: the cases go on one by one."))


@bp.post("/mass-grievances/detect")
@login_required(Role.CMO_CELL)
def detect():
    with transaction() as db:
        found = len(service.detect(db))
    flash(ngettext("%(num)d new group found.", "%(num)d new groups found.", found))
    return redirect(url_for("mass_pages.index"))
