"""GET /worklist and /tasks/<id>: see, claim, release and complete tasks."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor
from core import clock
from core.db import transaction
from directory import queries as directory
from worklists import queries, service
from worklists.schemas import CompletedOut, CompleteIn, TaskOut, WorkItemOut, WorklistArgs, WorklistPage

blp = Blueprint("worklist", __name__, url_prefix="", description="Officers' worklists and tasks")


@blp.route("/worklist")
class Worklist(MethodView):
    @blp.arguments(WorklistArgs, location="query")
    @blp.response(200, WorklistPage)
    def get(self, args):
        """Open tasks of your role in your offices, soonest due first, with their SLA colour."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            office_code = args.pop("office", None)
            office_id = directory.get_office(session, office_code).id if office_code else None
            items, total = queries.list_worklist(session, actor, now=clock.now(), office_id=office_id, **args)
            return {"items": items, "total": total, "page": args["page"], "page_size": args["page_size"]}


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


@blp.route("/tasks/<string:task_id>/complete")
class Complete(MethodView):
    @blp.arguments(CompleteIn)
    @blp.response(200, CompletedOut)
    def post(self, body, task_id):
        """Complete a task with its form data; the case moves on. 409 if it was already completed."""
        actor = current_actor()
        with transaction() as session:
            return service.complete_task(session, actor=actor, task_id=task_id, data=body["data"])
