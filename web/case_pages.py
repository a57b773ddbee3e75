"""The case page of the officers, reviewers and auditors who may see a case: its facts by name (masked as the
reader's role requires), the current step and who holds it, the timeline of what was done, its documents and its
likely duplicates. `case_context` is what every page showing a case (the task page, the citizen's case page)
builds on."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from accounts.models import Role
from attachments import service as attachments
from case_api import access, queries, timeline
from case_api.models import Grievance
from core.db import transaction
from open311 import queries as open311
from web.login import OFFICER_ROLES, login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("case_pages", __name__)
CASE_READERS = (*OFFICER_ROLES, Role.AUDITOR, Role.ADMIN)
AUDIT_READERS = {Role.AUDITOR, Role.CMO_CELL, Role.ADMIN}


def _duplicates(db, actor, grievance: Grievance) -> list[str]:
    """Later grievances that look like repeats of this one, that the reader may see."""
    rows = db.scalars(access.scope(select(Grievance), actor)
                      .where(Grievance.duplicate_of_id == grievance.id).order_by(Grievance.lodged_at))
    return [g.reg_no for g in rows]


def case_context(db, actor, grievance: Grievance, *, for_complainant: bool = False) -> dict:
    """The case as `actor` may see it, with its names, timeline and files."""
    names = timeline.Names(db)
    shown = queries.present(db, actor, grievance)
    return {"case": shown, "tl": timeline.build(db, grievance, for_complainant=for_complainant),
            "names": {"category": names("category", grievance.category_code),
                      "district": names("district", grievance.district_code),
                      "subdivision": names("district", grievance.subdivision_code),
                      "block": names("district", grievance.block_code),
                      "department": names("department", shown["department"]),
                      "office": names("office", shown["office"])},
            "files": attachments.list_for(db, grievance.id),
            "media_url": None if for_complainant else open311.media_url_of(db, grievance.id),
            "repeats": [] if for_complainant else _duplicates(db, actor, grievance)}


@bp.get("/cases/<regno:reg_no>")
@login_required(*CASE_READERS)
def case(reg_no):
    actor = page_actor()
    with transaction(readonly=True) as db:
        context = case_context(db, actor, queries.get_visible(db, actor, reg_no))
    return render_template("officer/case.html", may_audit=actor.role in AUDIT_READERS, **context)
