"""/sla-policy: the service levels and calendar, read by officers, changed by process owners (new version)."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from core.db import transaction
from escalation_rules import service

blp = Blueprint("sla_policy", __name__, url_prefix="/sla-policy", description="Service levels and calendar")
READERS = (Role.PROCESS_OWNER, Role.CMO_CELL, Role.AUDITOR, Role.ADMIN, Role.HEAD_OF_DEPARTMENT)


class PolicyVersionOut(Schema):
    version = fields.Integer()
    body = fields.Dict()
    created_by = fields.String()
    created_at = fields.DateTime()
    note = fields.String(allow_none=True)


class PolicyIn(Schema):
    body = fields.Dict(required=True, metadata={"description": "the whole policy (see escalation_rules/data/sla.yaml)"})
    note = fields.String(validate=validate.Length(max=500))


@blp.route("")
class Policy(MethodView):
    @blp.response(200, PolicyVersionOut)
    @require_roles(*READERS)
    def get(self):
        """The policy new cases are timed by."""
        with transaction(readonly=True) as session:
            return service.current_version(session)

    @blp.arguments(PolicyIn)
    @blp.response(201, PolicyVersionOut)
    @require_roles(Role.PROCESS_OWNER)
    def put(self, data):
        """Replace the policy: validated, stored as the next version with your name; applies to new deadlines
        (running ATR deadlines keep the time they were given)."""
        actor = current_actor()
        with transaction() as session:
            return service.save_policy(session, body=data["body"], actor=f"{actor.role}:{actor.user_id} {actor.name}",
                                       note=data.get("note"))


@blp.route("/versions")
class Versions(MethodView):
    @blp.response(200, PolicyVersionOut(many=True))
    @require_roles(*READERS)
    def get(self):
        """Every version, newest first: what changed, who changed it, when."""
        with transaction(readonly=True) as session:
            return service.list_versions(session)
