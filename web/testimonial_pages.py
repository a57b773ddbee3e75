"""Testimonial pages: the public page of approved testimonials (no personal data), the office recording one on a
redressed case with the citizen's consent, the CMO cell approving or rejecting (the same services as the API)."""
from __future__ import annotations

import io
from datetime import date

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from accounts.models import Role
from attachments import service as attachments
from attachments.downloads import send_attachment
from case_api import queries as cases
from case_api.models import CaseStatus
from core.db import transaction
from core.errors import AppError
from testimonials import photos, queries, service
from testimonials.models import ConsentMethod
from testimonials.schemas import TestimonialIn
from web import uploads
from web.forms import errors_of, form_values
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("testimonial_pages", __name__)
PAGE_SIZE = 20


@bp.before_request
def _room_for_a_file() -> None:
    if request.endpoint == "testimonial_pages.record":
        uploads.allow_files(1)


def _localised(item: dict) -> dict:
    language = "bn" if str(get_locale()) == "bn" else "en"
    year, month = map(int, item["redressed_month"].split("-"))
    return {**item, "department": item["department"][language], "district": item["district"][language],
            "month": format_date(date(year, month, 1), "MMMM y")}


@bp.get("/testimonials")
def public():
    """Approved testimonials for anyone: words, department, district and month only."""
    offset = max(request.args.get("offset", 0, type=int) or 0, 0)
    with transaction(readonly=True) as db:
        listing = queries.list_published(db, limit=PAGE_SIZE, offset=offset)
    return render_template("testimonials/public.html", items=[_localised(i) for i in listing["items"]],
                           total=listing["total"], offset=offset, size=PAGE_SIZE)


@bp.get("/testimonials/<int:testimonial_id>/photo")
def photo(testimonial_id):
    """A published testimonial's photo, shown on the public page only when the consent covers publishing it."""
    with transaction(readonly=True) as db:
        found = queries.public_photo(db, testimonial_id)
    content = photos.public_copy(attachments.read(current_app.extensions["settings"].attachments_dir, found),
                                 found.content_type)
    response = send_file(io.BytesIO(content), mimetype=found.content_type, etag=found.sha256, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/testimonials/office")
@login_required(Role.NODAL_OFFICER)
def office():
    """The office's redressed cases to record a testimonial on, and its testimonials with their status."""
    actor = page_actor()
    with transaction(readonly=True) as db:
        closed, _total = cases.search(db, actor, status=CaseStatus.CLOSED, page_size=50)
        recorded = queries.list_for_review(db, actor, status="all")
    return render_template("testimonials/office.html", closed=closed, recorded=recorded)


def _record(db, actor, reg_no: str, values: dict):
    """Check the form and the file first, then store the file and record, in one transaction."""
    files = uploads.posted_files(1)[:2]
    problems: dict[str, list[str]] = {}
    try:
        body = TestimonialIn().load({**values, "consent_covers_photo": values.get("consent_covers_photo") == "true"})
    except ValidationError as exc:
        body, problems = {}, errors_of(exc)
    if len(files) > 1:
        problems["files"] = [_("Attach one photo or document only.")]
    for _name, content in files[:1]:
        try:
            attachments.check(content, max_bytes=current_app.extensions["settings"].attachment_max_bytes)
        except AppError as exc:
            problems["files"] = exc.fields["file"]
    if problems:
        raise ValidationError(problems)
    stored = uploads.store(db, actor, files[:1])
    return service.record_testimonial(db, actor=actor, reg_no=reg_no, **body,
                                      **({"attachment": stored[0]} if stored else {}))


@bp.route("/testimonials/record/<regno:reg_no>", methods=["GET", "POST"])
@login_required(Role.NODAL_OFFICER)
def record(reg_no):
    actor, values, errors = page_actor(), form_values(request.form), {}
    with transaction(readonly=True) as db:
        case = cases.present(db, actor, cases.get_visible(db, actor, reg_no))
    if request.method == "POST":
        try:
            with transaction() as db:
                _record(db, actor, reg_no, values)
            flash(_("The testimonial of %(case)s is recorded and waits for the CMO cell's approval.", case=reg_no))
            return redirect(url_for("testimonial_pages.office"))
        except (ValidationError, AppError) as exc:
            errors = errors_of(exc)
    return render_template("testimonials/record.html", case=case, values=values, errors=errors,
                           methods=list(ConsentMethod)), 422 if errors else 200


@bp.get("/testimonials/review")
@login_required(Role.CMO_CELL)
def review(errors: dict | None = None, failed: int | None = None, status: int = 200):
    with transaction(readonly=True) as db:
        waiting = queries.list_for_review(db, page_actor())
    return render_template("testimonials/review.html", waiting=waiting, errors=errors or {}, failed=failed), status


@bp.post("/testimonials/<int:testimonial_id>/decide")
@login_required(Role.CMO_CELL)
def decide(testimonial_id):
    approve = request.form.get("decision") == "approve"
    try:
        with transaction() as db:
            service.decide_testimonial(db, actor=page_actor(), testimonial_id=testimonial_id, approve=approve,
                                       note=request.form.get("note"))
    except AppError as exc:
        if exc.status != 422:
            raise
        return review(errors={"note": [_("Say why the testimonial is not published.")]}, failed=testimonial_id,
                      status=422)
    flash(_("Testimonial approved: it is on the public page.") if approve else _("Testimonial rejected."))
    return redirect(url_for("testimonial_pages.review"))


@bp.get("/testimonials/<int:testimonial_id>/file")
@login_required(Role.CMO_CELL, Role.NODAL_OFFICER)
def file(testimonial_id):
    with transaction(readonly=True) as db:
        found = queries.reviewer_file(db, page_actor(), testimonial_id)
    return send_attachment(found, current_app.extensions["settings"].attachments_dir)
