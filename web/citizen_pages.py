"""Citizens' pages (and operators' lodging on a citizen's behalf): home, lodge with attachments, track by number,
my cases, feedback after closure."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from marshmallow import ValidationError

from accounts.models import Role
from accounts.rules import normalise_mobile
from attachments import service as attachments
from attachments.downloads import send_attachment
from call_quality import calls as call_records
from case_api import feedback, queries
from case_api.history_messages import messages_to_complainant
from case_api.schemas import FeedbackIn
from core import clock
from core.db import transaction
from core.errors import AppError
from directory import queries as directory
from intake import duplicates
from intake import service as intake
from intake.schemas import LodgeIn
from web import uploads
from web.case_pages import case_context
from web.forms import errors_of, form_values
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("citizen_pages", __name__)
LODGERS = tuple(intake.ROLE_CHANNELS)
MAX_FILES = attachments.MAX_PER_GRIEVANCE


@bp.before_request
def _room_for_files() -> None:
    if request.endpoint == "citizen_pages.lodge":
        uploads.allow_files(MAX_FILES + 1)  # and a call-centre operator's call recording


@bp.get("/")
def home():
    return render_template("citizen/home.html", actor=page_actor())


def _choices(db, district: str | None) -> dict:
    """Districts and categories as (code, name in the page's language) pairs, and the blocks (`_block_groups`)."""
    bengali = str(get_locale()) == "bn"

    def pairs(rows):
        return [(row.code, row.name_bn if bengali else row.name) for row in rows]

    districts = directory.list_districts(db)
    return {"districts": pairs(districts), "categories": pairs(directory.list_categories(db)),
            "block_groups": _block_groups(db, district, bengali, districts)}


def _block_groups(db, district: str | None, bengali: bool,
                  districts: list | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The blocks the form offers, grouped under their sub-division: the chosen district's, or every district's
    (the group then names the district too) until one is chosen. `districts`: the list, when the caller has it."""
    district = district if district and directory.find_district(db, district) == district else None
    if districts is None:
        districts = directory.list_districts(db)
    names = {a.code: a.name_bn if bengali else a.name
             for a in (*districts, *directory.list_subdivisions(db, district))}
    groups: dict[str, list[tuple[str, str]]] = {}
    for block in directory.list_blocks(db, district=district):
        group = names[block.subdivision_code] if district else \
            f"{names[block.district_code]}: {names[block.subdivision_code]}"
        groups.setdefault(group, []).append((block.code, block.name_bn if bengali else block.name))
    return list(groups.items())


def _checked(values: dict, files: list[tuple[str, bytes]], max_bytes: int, known: dict | None = None) -> dict:
    """The lodging fields, once every field and file is right; otherwise every problem at once."""
    problems: dict[str, list[str]] = dict(known or {})
    try:
        body = LodgeIn().load(values)
    except ValidationError as exc:
        body = {}
        problems.update(errors_of(exc))
    for _name, content in files:
        try:
            attachments.check(content, max_bytes=max_bytes)
        except AppError as exc:
            problems.setdefault("file", []).extend(exc.fields["file"])
    if problems:
        raise ValidationError(problems)
    return body


class LikelyDuplicate(Exception):
    """The grievance looks like one the same complainant lodged lately: say so, and lodge only once confirmed."""

    def __init__(self, earlier):
        super().__init__(earlier.reg_no)
        self.earlier = {"reg_no": earlier.reg_no, "lodged_at": earlier.lodged_at}


def _lodge(db, actor, values: dict, *, confirmed: bool):
    """Check everything, then store the files and lodge in one transaction: a wrong form stores nothing. A likely
    duplicate stops before anything is stored, until the person lodging confirms."""
    files, settings = uploads.posted_files(MAX_FILES), current_app.extensions["settings"]
    values, call, call_problems = call_records.from_lodging_form(actor, values, request.files.get("recording"),
                                                                 max_bytes=settings.attachment_max_bytes)
    body = _checked(values, files, settings.attachment_max_bytes, call_problems)
    if not confirmed:
        mobile = actor.mobile if actor.role == Role.CITIZEN else normalise_mobile(body.get("mobile") or "")
        earlier = duplicates.earlier_similar(db, mobile=mobile, description=body["description"], now=clock.now())
        if earlier is not None:
            raise LikelyDuplicate(earlier)
    body["attachments"] = uploads.store(db, actor, files)
    grievance = intake.lodge_grievance(db, actor=actor, **body)
    call_records.keep_call(db, actor=actor, grievance=grievance, call=call, root=settings.attachments_dir)
    return grievance


@bp.route("/lodge", methods=["GET", "POST"])
@login_required(*LODGERS)
def lodge():
    actor, values, errors, duplicate = page_actor(), form_values(request.form), {}, None
    confirmed = values.pop("confirm_duplicate", None) == "yes"
    with transaction(readonly=request.method == "GET") as db:
        choices = _choices(db, values.get("district"))
    if request.method == "POST":
        try:
            with transaction() as db:
                grievance = _lodge(db, actor, values, confirmed=confirmed)
            return redirect(url_for("citizen_pages.lodged", reg_no=grievance.reg_no))
        except (ValidationError, AppError) as exc:
            errors = errors_of(exc)
        except LikelyDuplicate as exc:
            duplicate = exc.earlier
    status = 422 if errors else 200
    return render_template("citizen/lodge.html", values=values, errors=errors, actor=actor, duplicate=duplicate,
                           had_files=bool(request.files.getlist("files")) if duplicate else False,
                           is_operator=actor.role != Role.CITIZEN, **choices), status


@bp.get("/lodge/blocks")
@login_required(*LODGERS)
def blocks():
    """The lodging form's block field for the district chosen (the form asks for it when the district changes)."""
    district = (request.args.get("district") or "").strip().upper()
    with transaction(readonly=True) as db:
        groups = _block_groups(db, district, str(get_locale()) == "bn")
    return render_template("citizen/_block_field.html", block_groups=groups, values={}, errors={})


@bp.get("/lodged/<regno:reg_no>")
@login_required(*LODGERS)
def lodged(reg_no):
    actor = page_actor()
    with transaction(readonly=True) as db:
        case = queries.present(db, actor, queries.get_visible(db, actor, reg_no))
    return render_template("citizen/lodged.html", case=case)


@bp.get("/track")
def track():
    """Status by registration number, for anyone: no personal data."""
    reg_no, status, error = (request.args.get("reg_no") or "").strip().upper(), None, None
    if reg_no:
        with transaction(readonly=True) as db:
            grievance = queries.find_by_reg_no(db, reg_no)
            status = queries.public_status(db, grievance) if grievance else None
        error = None if status else "not_found"
    return render_template("citizen/track.html", reg_no=reg_no, status=status, error=error), 404 if error else 200


@bp.get("/my-cases")
@login_required(Role.CITIZEN)
def my_cases():
    actor = page_actor()
    with transaction(readonly=True) as db:
        rows, total = queries.search(db, actor, page_size=100)
        cases = [queries.present(db, actor, g) for g in rows]
    return render_template("citizen/my_cases.html", cases=cases, total=total)


@bp.get("/my-cases/<regno:reg_no>")
@login_required(*LODGERS)
def case(reg_no):
    """The complainant's case page: what was done (the office's reports and evidence, the closure and its
    reason), where it stands now, and the messages sent to them about it."""
    actor = page_actor()
    with transaction(readonly=True) as db:
        grievance = queries.get_visible(db, actor, reg_no)
        context = case_context(db, actor, grievance, for_complainant=True)
        messages = messages_to_complainant(db, grievance)
    return render_template("citizen/case.html", messages=messages, **context)


@bp.get("/my-cases/<regno:reg_no>/files/<file_id>")
@login_required(*LODGERS)
def case_file(reg_no, file_id):
    """A file of the complainant's case (their own documents, the office's evidence)."""
    actor = page_actor()
    with transaction(readonly=True) as db:
        grievance = queries.get_visible(db, actor, reg_no)
        found = attachments.get_of_grievance(db, grievance_id=grievance.id, public_id=file_id)
    return send_attachment(found, current_app.extensions["settings"].attachments_dir)


@bp.route("/my-cases/<regno:reg_no>/feedback", methods=["GET", "POST"])
@login_required(Role.CITIZEN)
def give_feedback(reg_no):
    actor, values, errors, outcome = page_actor(), form_values(request.form), {}, None
    if request.method == "POST":
        try:
            body = FeedbackIn().load({"is_satisfied": values.get("is_satisfied", ""), **values})
            with transaction() as db:
                outcome = feedback.give_feedback(db, actor=actor, reg_no=reg_no, **body)
        except (ValidationError, AppError) as exc:
            errors = errors_of(exc)
    with transaction(readonly=True) as db:
        context = case_context(db, actor, queries.get_visible(db, actor, reg_no), for_complainant=True)
    return render_template("citizen/feedback.html", values=values, errors=errors, outcome=outcome,
                           **context), 422 if errors else 200
