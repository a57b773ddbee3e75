"""The worklist pages: search, filters (saved per officer), keyset pages, claim one or several tasks, and the
supervisors' assignment form. Registered on the officer pages' blueprint (`add_routes`), so its endpoints keep
their names (officer_pages.worklist, .claim, .release)."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from core import clock
from core.db import transaction
from core.errors import AppError
from web.login import OFFICER_ROLES, login_required, page_actor
from worklists import assignment, queries, saved_filters, service
from worklists.schemas import SavedFilterIn, WorklistArgs, WorklistQuery

PAGE_SIZE = 25
_QUERY_FIELDS = tuple(WorklistQuery().fields)


def _messages() -> dict[str, str]:
    """The page's words for what a search can get wrong, in the officer's language."""
    return {"mobile": _("Enter a 10-digit mobile number."), "name": _("Enter at least two letters of the name."),
            "cursor": _("That page link no longer works; start again from the first page."),
            "office": _("There is no such office."), "_form": _("This search cannot be shown.")}


def _page_errors(exc: ValidationError | AppError) -> dict[str, list[str]]:
    fields = exc.messages if isinstance(exc, ValidationError) else (exc.fields or {"_form": [exc.detail]})
    words = _messages()
    return {field: [words.get(field, _("This value is not valid."))] for field in fields}


def _requested() -> dict:
    return {k: v.strip() for k, v in request.args.items() if v.strip() and k != "lang"}


def worklist():
    actor, raw = page_actor(), _requested()
    listed, errors = {"items": [], "next_cursor": None, "count": 0, "count_is_exact": True}, {}
    try:
        args = WorklistArgs().load({**raw, "page_size": PAGE_SIZE})
        with transaction(readonly=True) as db:
            listed = queries.list_worklist(db, actor, now=clock.now(), **dict(args))
            filters = saved_filters.list_filters(db, actor=actor)
    except (ValidationError, AppError) as exc:
        errors = _page_errors(exc)
        with transaction(readonly=True) as db:
            filters = saved_filters.list_filters(db, actor=actor)
    query = {k: v for k, v in raw.items() if k in _QUERY_FIELDS}
    next_url = url_for("officer_pages.worklist", **query, cursor=listed["next_cursor"]) if listed[
        "next_cursor"] else None
    return render_template("officer/worklist.html", listed=listed, items=listed["items"], args=raw, query=query,
                           errors=errors, saved=filters, next_url=next_url, lanes=_lanes(actor),
                           supervises=actor.role in assignment.SUPERVISORS), 422 if errors else 200


def _lanes(actor) -> list[str]:
    return sorted(queries.SUPERVISED_LANES.get(actor.role, ()))


def _back() -> str:
    """Back to the worklist as it was (only ever the worklist: never a URL taken from the form as is)."""
    query = {k: v for k, v in request.form.items() if k in _QUERY_FIELDS and v}
    return url_for("officer_pages.worklist") + ("?" + urlencode(query) if query else "")


def _row(task_id: str, action):
    actor, error = page_actor(), None
    try:
        with transaction() as db:
            action(db, actor=actor, task_id=task_id)
    except AppError as exc:
        error = exc.detail
    with transaction(readonly=True) as db:  # a task the officer may not see is a 404, without its row
        item = queries.get_row(db, actor, task_id, clock.now())
    return render_template("officer/_row.html", item=item, error=error, me=actor.user_id, actor_role=actor.role)


def claim(task_id):
    """From the worklist (htmx) the row is swapped in place; a plain form post (a Claim button on the task page)
    claims and goes back to the task."""
    if request.headers.get("HX-Request"):
        return _row(task_id, service.claim_task)
    try:
        with transaction() as db:
            service.claim_task(db, actor=page_actor(), task_id=task_id)
        flash(_("You now hold this task."))
    except AppError as exc:
        if exc.status == 404:
            raise
        flash(_("Another officer holds this task.") if exc.code == "task_claimed" else exc.detail)
    return redirect(url_for("officer_pages.task", task_id=task_id))


def release(task_id):
    return _row(task_id, service.release_task)


def claim_selected():
    actor = page_actor()
    task_ids = request.form.getlist("task_id")[:service.MAX_BULK]
    if not task_ids:
        flash(_("Select the tasks to claim first."))
        return redirect(_back())
    with transaction() as db:
        result = service.claim_tasks(db, actor=actor, task_ids=task_ids)
    flash(_("Claimed %(claimed)d of %(asked)d tasks.", claimed=len(result["claimed"]), asked=len(task_ids)))
    if result["refused"]:
        flash(_("%(num)d could not be claimed: another officer holds them or they are closed.",
                num=len(result["refused"])))
    return redirect(_back())


def save_filter():
    actor = page_actor()
    try:
        body = SavedFilterIn().load({"name": request.form.get("filter_name", ""), "query": {
            k: v for k, v in request.form.items() if k in _QUERY_FIELDS and v}})
        with transaction() as db:
            saved = saved_filters.save_filter(db, actor=actor, name=body["name"], query=body["query"])
        flash(_("Filter \u201c%(name)s\u201d saved.", name=saved["name"]))
    except ValidationError:
        flash(_("Give the filter a name of up to 80 characters, and a valid search."))
    except AppError as exc:
        flash(_("You already have a filter of that name.") if exc.code == "saved_filter_exists" else exc.detail)
    return redirect(_back())


def delete_filter(filter_id: int):
    with transaction() as db:
        saved_filters.delete_filter(db, actor=page_actor(), filter_id=filter_id)
    flash(_("Filter deleted."))
    return redirect(url_for("officer_pages.worklist"))


def assign(task_id):
    actor, errors = page_actor(), {}
    if request.method == "POST":
        try:
            with transaction() as db:
                done = assignment.assign_task(db, actor=actor, task_id=task_id,
                                              assignee=request.form.get("assignee", ""))
            flash(_("%(reg_no)s is now with %(name)s.", reg_no=done["reg_no"], name=done["claimed_by_name"]))
            return redirect(url_for("officer_pages.assign", task_id=task_id))
        except AppError as exc:
            if exc.status in (403, 404):
                raise
            errors = {"assignee": [_("Choose an officer of this task's office.") if exc.code ==
                                   "assignee_not_eligible" else _("This officer already holds the task.")]}
    with transaction(readonly=True) as db:
        page = assignment.assignment_page(db, actor=actor, task_id=task_id, now=clock.now())
    return render_template("officer/assign.html", errors=errors, **page), 422 if errors else 200


def add_routes(bp: Blueprint) -> None:
    officers = login_required(*OFFICER_ROLES)
    supervisors = login_required(*assignment.SUPERVISORS)
    bp.add_url_rule("/worklist", "worklist", officers(worklist))
    bp.add_url_rule("/worklist/claim", "claim_selected", officers(claim_selected), methods=["POST"])
    bp.add_url_rule("/worklist/filters", "save_filter", officers(save_filter), methods=["POST"])
    bp.add_url_rule("/worklist/filters/<int:filter_id>/delete", "delete_filter", officers(delete_filter),
                    methods=["POST"])
    bp.add_url_rule("/work/<task_id>/claim", "claim", officers(claim), methods=["POST"])
    bp.add_url_rule("/work/<task_id>/release", "release", officers(release), methods=["POST"])
    bp.add_url_rule("/work/<task_id>/assign", "assign", supervisors(assign), methods=["GET", "POST"])
