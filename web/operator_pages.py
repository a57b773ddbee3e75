"""Call-centre and Bangla Sahayata Kendra operators' pages: a caller's cases found by mobile number, the subject
suggested from the grievance's text while lodging, and the confirmation after lodging for a caller (worded for
the operator, with "lodge another")."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.models import Role
from accounts.rules import normalise_mobile
from case_api import access, queries
from case_api.models import Grievance
from core.db import transaction
from core.errors import AppError
from directory.models import Category
from text_models import service as suggestions
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("operator_pages", __name__)
OPERATORS = (Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR)
MAX_CASES = 50


@bp.before_app_request
def _operators_confirmation():
    """After lodging, the shared lodging form sends everyone to the citizen's confirmation; operators get theirs."""
    if request.endpoint == "citizen_pages.lodged" and (actor := page_actor()) and actor.role in OPERATORS:
        return redirect(url_for("operator_pages.lodged", **request.view_args))
    return None


def caller_cases(db, actor, mobile: str) -> list[dict]:
    """The caller's cases, newest first: in full those this operator lodged (contact details as the operator may
    see them), the others as tracking shows them to anyone (no personal data, no description)."""
    rows = db.scalars(select(Grievance).where(Grievance.mobile == mobile)
                      .order_by(Grievance.lodged_at.desc(), Grievance.id.desc()).limit(MAX_CASES))
    cases = []
    for grievance in rows:
        if access.can_view(actor, grievance):
            case = queries.present(db, actor, grievance)
            category = db.scalar(select(Category).where(Category.code == grievance.category_code))
            cases.append({**case, "mine": True, "category": category})
        else:
            cases.append({**queries.public_status(db, grievance), "mine": False})
    return cases


@bp.get("/callers")
@login_required(*OPERATORS)
def callers():
    raw = (request.args.get("mobile") or "").strip()
    mobile, cases, error = normalise_mobile(raw) if raw else None, None, None
    if raw and not mobile:
        error = "bad_mobile"
    elif mobile:
        with transaction(readonly=True) as db:
            cases = caller_cases(db, page_actor(), mobile)
    return render_template("operator/callers.html", raw=raw, mobile=mobile, cases=cases,
                           error=error), 422 if error else 200


@bp.get("/callers/lodged/<regno:reg_no>")
@login_required(*OPERATORS)
def lodged(reg_no):
    actor = page_actor()
    with transaction(readonly=True) as db:
        case = queries.present(db, actor, queries.get_visible(db, actor, reg_no))
    return render_template("operator/lodged.html", case=case)


@bp.post("/lodge/category-suggestions")
@login_required(*OPERATORS)
def category_suggestions():
    """The lodging form's "Suggest a subject": the likeliest subjects for the description typed so far, with the
    model's confidence and accuracy, beside the operator's own choice (which it never changes)."""
    description = (request.form.get("description") or "").strip()
    answer, problem = None, None
    if len(description) < 10:
        problem = _("Write at least 10 characters of the grievance first.")
    else:
        try:
            with transaction(readonly=True) as db:
                answer = suggestions.suggest_category(db, description)
        except AppError as refused:
            problem = _("No suggestion yet: the model has not been trained.") if refused.code == "no_model" \
                else refused.detail
    return render_template("_category_suggestions.html", answer=answer, problem=problem)
