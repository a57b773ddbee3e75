"""/incidents: cases whose process model failed at a step. Process owners and administrators only."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from core.db import transaction
from incidents import service
from incidents.schemas import IncidentListOut, IncidentOut, IncidentQuery

blp = Blueprint("incidents", __name__, url_prefix="/incidents",
                description="Incidents: failed model steps, parked cases and their retry")
MAY_SEE = (Role.PROCESS_OWNER, Role.ADMIN)


@blp.route("")
class Incidents(MethodView):
    @blp.arguments(IncidentQuery, location="query")
    @blp.response(200, IncidentListOut)
    @require_roles(*MAY_SEE)
    def get(self, query):
        """Incidents, newest first (open ones unless `status` says otherwise)."""
        with transaction(readonly=True) as session:
            return service.list_incidents(session, **query)


@blp.route("/<int:incident_id>")
class Incident(MethodView):
    @blp.response(200, IncidentOut)
    @require_roles(*MAY_SEE)
    def get(self, incident_id):
        """One incident: the element that failed, the error, when, how many attempts."""
        with transaction(readonly=True) as session:
            return service.get_incident(session, incident_id=incident_id)


@blp.route("/<int:incident_id>/retry")
class Retry(MethodView):
    @blp.response(200, IncidentOut)
    @require_roles(*MAY_SEE)
    def post(self, incident_id):
        """Do the failed step again on the case's current version (migrate the case to a fixed version first, or
        retry after fixing what the step depends on). The result says `resolved` or, still `open`, the new error."""
        with transaction() as session:
            return service.retry_incident(session, incident_id=incident_id, actor=current_actor())
