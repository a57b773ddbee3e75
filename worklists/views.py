"""GET /worklist and /tasks/<id>: see, search, claim (one or several), assign, release and complete tasks; saved
worklist filters."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor
from core import clock
from core.db import transaction
from worklists import assignment, queries, saved_filters, service
from worklists.schemas import (
    AssignedOut,
    AssigneeOut,
    AssignIn,
    BulkClaimIn,
    BulkClaimOut,
    CompletedOut,
    CompleteIn,
    SavedFilterIn,
    SavedFilterOut,
    TaskOut,
    WorkItemOut,
    WorklistArgs,
    WorklistPage,
)

blp = Blueprint("worklist", __name__, url_prefix="", description="Officers' worklists and tasks")


@blp.route("/worklist")
class Worklist(MethodView):
    @blp.arguments(WorklistArgs, location="query")
    @blp.response(200, WorklistPage)
    def get(self, args):
        """Open tasks of your role in your offices, soonest due first, with their case and SLA colour.

        Search by `reg_no`, `mobile` or part of the complainant's `name`; read on with `cursor` (the previous
        page's `next_cursor`). Contact details are masked as your role requires."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            return queries.list_worklist(session, actor, now=clock.now(), **args)


@blp.route("/worklist/claim")
class BulkClaim(MethodView):
    @blp.arguments(BulkClaimIn)
    @blp.response(200, BulkClaimOut)
    def post(self, body):
        """Claim several tasks at once; each one is claimed or refused with its reason."""
        actor = current_actor()
        with transaction() as session:
            return service.claim_tasks(session, actor=actor, task_ids=body["task_ids"])


@blp.route("/worklist/filters")
class SavedFilters(MethodView):
    @blp.response(200, SavedFilterOut(many=True))
    def get(self):
        """Your saved worklist filters."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            return saved_filters.list_filters(session, actor=actor)

    @blp.arguments(SavedFilterIn)
    @blp.response(201, SavedFilterOut)
    def post(self, body):
        """Save a worklist filter under a name (409 if you have one of that name)."""
        actor = current_actor()
        with transaction() as session:
            return saved_filters.save_filter(session, actor=actor, name=body["name"], query=body["query"])


@blp.route("/worklist/filters/<int:filter_id>")
class SavedFilter(MethodView):
    @blp.response(200, SavedFilterOut)
    def get(self, filter_id):
        """One of your saved filters (404 `saved_filter_not_found` otherwise)."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            return saved_filters.get_filter(session, actor=actor, filter_id=filter_id)

    @blp.response(204)
    def delete(self, filter_id):
        """Delete one of your saved filters (404 `saved_filter_not_found` otherwise)."""
        actor = current_actor()
        with transaction() as session:
            saved_filters.delete_filter(session, actor=actor, filter_id=filter_id)


@blp.route("/tasks/<string:task_id>")
class Task(MethodView):
    @blp.response(200, TaskOut)
    def get(self, task_id):
        """One task with its form (JSON Schema) and the process data it sees."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            return service.task_view(session, actor=actor, task_id=task_id)


@blp.route("/tasks/<string:task_id>/claim")
class Claim(MethodView):
    @blp.response(200, WorkItemOut)
    def post(self, task_id):
        """Take a task so colleagues see it is being worked on (409 if someone else has it)."""
        actor = current_actor()
        with transaction() as session:
            return service.claim_task(session, actor=actor, task_id=task_id)


@blp.route("/tasks/<string:task_id>/release")
class Release(MethodView):
    @blp.response(200, WorkItemOut)
    def post(self, task_id):
        """Give back a task you claimed."""
        actor = current_actor()
        with transaction() as session:
            return service.release_task(session, actor=actor, task_id=task_id)


@blp.route("/tasks/<string:task_id>/assignees")
class Assignees(MethodView):
    @blp.response(200, AssigneeOut(many=True))
    def get(self, task_id):
        """Supervisors (head of department, CMO cell): the officers this task may be assigned to."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            return assignment.list_assignees(session, actor=actor, task_id=task_id)


@blp.route("/tasks/<string:task_id>/assign")
class Assign(MethodView):
    @blp.arguments(AssignIn)
    @blp.response(200, AssignedOut)
    def post(self, body, task_id):
        """Supervisors: give the task to a named officer of its office and role, or take it from one officer and
        give it to another; recorded in the case's history."""
        actor = current_actor()
        with transaction() as session:
            return assignment.assign_task(session, actor=actor, task_id=task_id, assignee=body["assignee"])


@blp.route("/tasks/<string:task_id>/complete")
class Complete(MethodView):
    @blp.arguments(CompleteIn)
    @blp.response(200, CompletedOut)
    def post(self, body, task_id):
        """Complete a task you hold with its form data; the case moves on. 409 `task_not_held` if you have not
        claimed it, `task_claimed` if another officer holds it, `task_not_open` if it was already completed."""
        actor = current_actor()
        with transaction() as session:
            return service.complete_task(session, actor=actor, task_id=task_id, data=body["data"])
