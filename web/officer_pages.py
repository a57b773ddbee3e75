"""Officers' pages: a task with its case and its form (the worklist's pages are in web/worklist_pages.py)."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for

from attachments import service as attachments
from attachments.downloads import send_attachment
from case_api import queries
from case_api import service as cases
from core.db import transaction
from core.errors import AppError
from directory import queries as directory
from text_models import service as suggestions
from web import uploads, worklist_pages
from web.case_pages import CASE_READERS, case_context
from web.forms import data_from_schema, errors_of, form_fields
from web.login import OFFICER_ROLES, login_required, page_actor
from web.pages import page_blueprint
from worklists import service as tasks

bp = page_blueprint("officer_pages", __name__)
worklist_pages.add_routes(bp)
EVIDENCE_FILES = 3


@bp.before_request
def _room_for_files() -> None:
    if request.endpoint == "officer_pages.task":
        uploads.allow_files(EVIDENCE_FILES)


# A review's form starts from the case's current classification.
CURRENT_VALUES = ("category", "department", "priority")


def _task_page(db, actor, task_id: str) -> dict:
    view = tasks.task_view(db, actor=actor, task_id=task_id)
    context = case_context(db, actor, queries.get_visible(db, actor, view["reg_no"]))
    fields = form_fields(view["form"], lookups={"category": directory.list_categories(db),
                                                "department": directory.list_departments(db)})
    current = {name: context["case"][name] for name in CURRENT_VALUES if context["case"].get(name)}
    return {"task": view, "fields": fields, "current": {f.name: current[f.name] for f in fields if f.name in current},
            "suggested": _suggested(db, fields, context["case"]), **context}


def _suggested(db, fields, case: dict) -> dict | None:
    """For a form that chooses a category (the CMO cell's review): what the text model reads in the description,
    shown beside the choice, never made for the officer."""
    if not any(f.name == "category" for f in fields) or not case.get("description"):
        return None
    try:
        return {"answer": suggestions.suggest_category(db, case["description"]), "problem": None}
    except AppError:
        return None  # no model trained yet: nothing to show


def _complete(db, actor, task_id: str, form_schema: dict | None, reg_no: str) -> None:
    """The form, plus any evidence files, in one transaction: a bad file or field completes nothing."""
    tasks.complete_task(db, actor=actor, task_id=task_id, data=data_from_schema(form_schema, request.form),
                        claim=True)  # submitting the opened task claims it, unless a colleague holds it
    ids = uploads.store(db, actor, uploads.posted_files(EVIDENCE_FILES))  # after the form: a wrong one stores none
    if ids:
        cases.add_attachments(db, actor=actor, reg_no=reg_no, public_ids=ids)


@bp.route("/work/<task_id>", methods=["GET", "POST"])
@login_required(*OFFICER_ROLES)
def task(task_id):
    actor, errors = page_actor(), {}
    with transaction(readonly=True) as db:
        page = _task_page(db, actor, task_id)
    if request.method == "POST":
        try:
            with transaction() as db:
                _complete(db, actor, task_id, page["task"]["form"], page["case"]["reg_no"])
            return redirect(url_for("officer_pages.worklist", done=page["case"]["reg_no"]))
        except AppError as exc:
            errors = errors_of(exc)
    values = request.form if request.method == "POST" else page["current"]
    return render_template("officer/task.html", errors=errors, values=values, **page), 422 if errors else 200


@bp.get("/cases/<regno:reg_no>/files/<file_id>")
@login_required(*CASE_READERS)
def case_file(reg_no, file_id):
    """A case's file for the officers and auditors who may see the case (the citizen's is on their case page)."""
    actor = page_actor()
    with transaction(readonly=True) as db:
        grievance = queries.get_visible(db, actor, reg_no)
        found = attachments.get_of_grievance(db, grievance_id=grievance.id, public_id=file_id)
    return send_attachment(found, current_app.extensions["settings"].attachments_dir)
