"""Call-centre quality pages: the quality lead's sample of operators' lodgings, rating one (with its call) and
sending it back, operators' weekly scores; the operator's list of lodgings to correct (same services as the API)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from accounts.models import Role
from call_quality import queries, service
from call_quality.downloads import send_recording
from call_quality.schemas import CorrectionIn, ReviewIn, SampleArgs
from core.db import transaction
from core.errors import AppError
from directory import queries as directory
from web.forms import errors_of, form_values
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("quality_pages", __name__)


def _language() -> str:
    return "bn" if str(get_locale()) == "bn" else "en"


@bp.get("/quality")
@login_required(Role.QUALITY_LEAD)
def sample():
    """A random sample of each operator's recent lodgings to rate."""
    try:
        args = SampleArgs().load({k: v for k, v in request.args.items() if k in ("days", "per_operator")})
    except ValidationError as exc:
        args, errors = SampleArgs().load({}), errors_of(exc)
    else:
        errors = {}
    with transaction(readonly=True) as db:
        operators = queries.sample_lodgings(db, page_actor(), **args)
        sent_back = queries.list_sent_back(db, page_actor())
    return render_template("quality/sample.html", operators=operators, sent_back=sent_back, args=args,
                           errors=errors, language=_language()), 422 if errors else 200


def _rating_page(reg_no: str, values: dict, errors: dict, status: int = 200):
    with transaction(readonly=True) as db:
        lodging = queries.get_lodging(db, page_actor(), reg_no)
    return render_template("quality/lodging.html", lodging=lodging, values=values, errors=errors,
                           language=_language()), status


@bp.route("/quality/lodgings/<regno:reg_no>", methods=["GET", "POST"])
@login_required(Role.QUALITY_LEAD)
def lodging(reg_no):
    values = form_values(request.form)
    if request.method == "GET":
        return _rating_page(reg_no, values, {})
    try:
        body = ReviewIn().load({**{k: values.get(k) for k in ("category_ok", "district_ok", "text_ok")
                                   if values.get(k)}, "remark": values.get("remark", ""),
                                "send_back": values.get("send_back") == "true"})
        with transaction() as db:
            review = service.rate_lodging(db, actor=page_actor(), reg_no=reg_no, **body)
    except (ValidationError, AppError) as exc:
        return _rating_page(reg_no, values, errors_of(exc), 422)
    flash(_("%(case)s sent back to the operator for correction.", case=reg_no) if review.status == "sent_back"
          else _("Rating of %(case)s saved.", case=reg_no))
    return redirect(url_for("quality_pages.sample"))


@bp.get("/quality/lodgings/<regno:reg_no>/recording")
@login_required(Role.QUALITY_LEAD, Role.CALL_CENTRE_OPERATOR)
def recording(reg_no):
    with transaction(readonly=True) as db:
        call = queries.recording_of(db, page_actor(), reg_no)
    return send_recording(call, current_app.extensions["settings"].attachments_dir)


@bp.get("/quality/scores")
@login_required(Role.QUALITY_LEAD)
def scores():
    weeks = min(max(request.args.get("weeks", 12, type=int) or 12, 1), 104)
    with transaction(readonly=True) as db:
        table = queries.operator_scores(db, page_actor(), weeks=weeks)
    return render_template("quality/scores.html", table=table, weeks=weeks)


@bp.get("/quality/corrections")
@login_required(Role.CALL_CENTRE_OPERATOR)
def corrections():
    with transaction(readonly=True) as db:
        items = queries.list_corrections(db, page_actor())
    return render_template("quality/corrections.html", items=items, language=_language())


def _choices(db) -> dict:
    language = _language()
    return {"districts": [(a.code, a.name_bn if language == "bn" else a.name) for a in directory.list_districts(db)],
            "categories": [(c.code, c.name_bn if language == "bn" else c.name) for c in directory.list_categories(db)]}


@bp.route("/quality/corrections/<int:review_id>", methods=["GET", "POST"])
@login_required(Role.CALL_CENTRE_OPERATOR)
def correct(review_id):
    actor, errors = page_actor(), {}
    with transaction(readonly=True) as db:
        item, choices = queries.get_correction(db, actor, review_id), _choices(db)
    values = form_values(request.form) if request.method == "POST" else {
        "category": item["category"], "district": item["district"], "description": item["description"]}
    if request.method == "POST":
        try:
            body = CorrectionIn().load(values)
            with transaction() as db:
                outcome = service.correct_registration(db, actor=actor, review_id=review_id, **body)
            flash(_("%(case)s is corrected.", case=outcome["reg_no"]) + " " + (
                _("It goes to the office that serves the corrected category and district.") if outcome["rerouted"]
                else _(outcome["note"]) if outcome["note"] else ""))
            return redirect(url_for("quality_pages.corrections"))
        except (ValidationError, AppError) as exc:
            errors = errors_of(exc)
    return render_template("quality/correct.html", item=item, values=values, errors=errors,
                           **choices), 422 if errors else 200
