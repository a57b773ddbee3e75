"""Endpoints of the case: read one, search, full history for auditors, public status by number."""
from __future__ import annotations

import json

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from attachments import service as attachments
from attachments.downloads import send_attachment
from attachments.schemas import AttachmentList
from case_api import export, feedback, history, queries, service
from case_api.open_tasks import open_tasks
from case_api.schemas import (
    FeedbackIn,
    FeedbackOut,
    GrievanceOut,
    GrievancePage,
    HistoryOut,
    PublicStatusOut,
    SearchArgs,
)
from core.db import transaction
from core.errors import AppError


class OpenTaskOut(Schema):
    task_id = fields.String(required=True, metadata={"description": "for GET/POST /api/v1/tasks/{task_id}..."})
    title = fields.String(required=True)
    role = fields.String(allow_none=True, metadata={"description": "the role that must act"})
    office = fields.String(allow_none=True, metadata={"description": "code of the office that must act"})
    status = fields.String(required=True)
    opened_at = fields.DateTime(required=True)
    due_at = fields.DateTime(allow_none=True)
    claimed = fields.Boolean(required=True)


class GrievanceDetailOut(GrievanceOut):
    open_tasks = fields.List(fields.Nested(OpenTaskOut), required=True, metadata={
        "description": "the tasks open on this case, for officers who may see it (empty for the complainant and "
                       "operators)"})


class ExportArgs(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(sorted(export.FORMATS)))


EXPORT_DOC = {"200": {"description": "The history as a download: JSON (events, chain check, paths) or CSV (one row "
                                     "per event: seq, at, event_type, actor_role, actor_name, element_id, title, "
                                     "data, prev_hash, hash)",
                      "content": {"application/json": {"schema": {
                          "type": "object", "required": ["reg_no", "status", "chain", "events", "paths"],
                          "properties": {"reg_no": {"type": "string"}, "status": {"type": "string"},
                                         "chain": {"type": "object"},
                                         "events": {"type": "array", "items": {"type": "object"}},
                                         "paths": {"type": "array", "items": {"type": "object"}}}}},
                                  "text/csv": {"schema": {"type": "string"}}}}}

blp = Blueprint("grievances", __name__, url_prefix="/grievances", description="Grievance cases")
track_blp = Blueprint("track", __name__, url_prefix="/track", description="Public status by registration number")


@blp.route("")
class GrievanceSearch(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, GrievancePage)
    def get(self, args):
        """Grievances you may see: a citizen their own (track by mobile after OTP login), an officer their
        offices', filtered by complainant name, mobile, lodged date or status."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            rows, total = queries.search(session, actor, **args)
            return {"items": [queries.present(session, actor, g) for g in rows],
                    "total": min(total, queries.COUNT_CAP), "total_capped": total > queries.COUNT_CAP,
                    "page": args["page"], "page_size": args["page_size"]}


@blp.route("/<regno:reg_no>")
class GrievanceDetail(MethodView):
    @blp.response(200, GrievanceDetailOut)
    def get(self, reg_no):
        """One grievance, if you may see it (404 otherwise), with its open tasks."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            grievance = queries.get_visible(session, actor, reg_no)
            return {**queries.present(session, actor, grievance), "open_tasks": open_tasks(session, actor, grievance)}


@blp.route("/<regno:reg_no>/history")
class GrievanceHistory(MethodView):
    @blp.response(200, HistoryOut)
    @require_roles(Role.AUDITOR, Role.CMO_CELL, Role.ADMIN)
    def get(self, reg_no):
        """Every step of the case with actor and time, and whether its hash chain verifies."""
        with transaction(readonly=True) as session:
            grievance = queries.find_by_reg_no(session, reg_no)
            if grievance is None:
                raise AppError.not_found("grievance", reg_no)
            events = history.list_events(session, grievance.id)
            check = history.verify_chain(events)
            rows = [{**{c: getattr(e, c) for c in ("seq", "event_type", "at", "actor_id", "actor_role", "actor_name",
                                                 "task_id", "element_id", "title", "prev_hash", "hash")},
                     "data": json.loads(e.data)} for e in events]
            return {"reg_no": grievance.reg_no, "chain": check, "events": rows}


@blp.route("/<regno:reg_no>/history/export")
class GrievanceHistoryExport(MethodView):
    @blp.arguments(ExportArgs, location="query")
    @blp.response(200)
    @blp.doc(responses=EXPORT_DOC)
    @require_roles(Role.AUDITOR, Role.CMO_CELL, Role.ADMIN)
    def get(self, args, reg_no):
        """The case's history as evidence to keep: `format=json` (with the hash-chain check and the paths the
        process took) or `format=csv`, sent as an attachment. The same export as the auditors' page."""
        body, media_type, filename = export.render(export.case_record(reg_no), args["format"])
        response = Response(body, mimetype=media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@blp.route("/<regno:reg_no>/attachments")
class GrievanceAttachments(MethodView):
    @blp.response(200, AttachmentList)
    def get(self, reg_no):
        """The files attached to a grievance you may see: name, type, size and SHA-256 checksum."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            grievance = queries.get_visible(session, actor, reg_no)
            return {"items": attachments.list_for(session, grievance.id)}


@blp.route("/<regno:reg_no>/attachments/<string:attachment_id>")
class GrievanceAttachment(MethodView):
    @blp.response(200, content_type="application/octet-stream")
    def get(self, reg_no, attachment_id):
        """Download one file, checked against its checksum; served as a download, never rendered inline."""
        actor = current_actor()
        with transaction(readonly=True) as session:
            grievance = queries.get_visible(session, actor, reg_no)
            found = attachments.get_of_grievance(session, grievance_id=grievance.id, public_id=attachment_id)
        return send_attachment(found, current_app.extensions["settings"].attachments_dir)


@blp.route("/<regno:reg_no>/feedback")
class Feedback(MethodView):
    @blp.arguments(FeedbackIn)
    @blp.response(201, FeedbackOut)
    @require_roles(*feedback.GIVERS)
    def post(self, body, reg_no):
        """After closure: satisfied or not, with a rating of 1-5. Not satisfied reopens the case as an appeal to
        the head of department, to be decided within the policy's appeal time (30 days)."""
        actor = current_actor()
        with transaction() as session:
            return feedback.give_feedback(session, actor=actor, reg_no=reg_no, **body)


class ClarificationIn(Schema):
    text = fields.String(required=True, validate=validate.Length(min=5, max=4000))


@blp.route("/<regno:reg_no>/clarification")
class Clarification(MethodView):
    @blp.arguments(ClarificationIn)
    @blp.response(204)
    @require_roles(Role.CITIZEN, Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.CMO_CELL)
    def post(self, body, reg_no):
        """The complainant's answer to the office's question; the paused SLA resumes."""
        actor = current_actor()
        with transaction() as session:
            service.submit_clarification(session, actor=actor, reg_no=reg_no, text=body["text"])


@track_blp.route("/<regno:reg_no>")
class PublicTrack(MethodView):
    @track_blp.response(200, PublicStatusOut)
    def get(self, reg_no):
        """Status of a grievance by its registration number; no personal data. No login needed."""
        with transaction(readonly=True) as session:
            grievance = queries.find_by_reg_no(session, reg_no)
            if grievance is None:
                raise AppError.not_found("grievance", reg_no)
            return queries.public_status(session, grievance)
