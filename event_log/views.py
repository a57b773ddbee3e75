"""GET /event-log: all cases of a period (and department) as an event log for process mining. Auditors and the
CMO cell, by bearer token or session."""
from __future__ import annotations

from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import require_roles
from accounts.models import Role
from core.db import transaction
from event_log import formats, service
from event_log.schemas import EventLogArgs

blp = Blueprint("event_log", __name__, url_prefix="/event-log", description="Event log for process mining")
DOC = {"200": {"description": "The event log as a download: one trace per case (concept:name = registration "
                              "number), one event per BPMN element the case passed, named as in the diagram, with "
                              "time:timestamp, org:role, org:group (office) and lifecycle:transition; or CSV with "
                              "the columns " + ", ".join(formats.CSV_COLUMNS) + ".",
               "content": {media: {"schema": {"type": "string"}} for media in formats.MEDIA_TYPES.values()}}}


@blp.route("")
class EventLog(MethodView):
    @blp.arguments(EventLogArgs, location="query")
    @blp.response(200)
    @blp.doc(responses=DOC)
    @require_roles(Role.AUDITOR, Role.CMO_CELL)
    def get(self, args):
        """Every case lodged in the period (`from`..`to`, India's days), optionally of one department, as XES or
        CSV. Engine plumbing (gateways, tasks opening, claims, incidents) is left out. Streamed as it is read."""
        first, last, kind, department = args["first"], args["last"], args["format"], args.get("department")
        with transaction(readonly=True) as session:
            department_id = service.check(session, first=first, last=last, department=department)
        name = service.file_name(kind, first, last, department)
        body = stream_with_context(service.stream(kind, first=first, last=last, department_id=department_id,
                                                  name=name))
        return Response(body, mimetype=formats.MEDIA_TYPES[kind], headers={
            "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
