"""Response and query shapes of /incidents."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from incidents.service import STATUSES


class IncidentQuery(Schema):
    status = fields.String(load_default="open", validate=validate.OneOf(STATUSES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class IncidentOut(Schema):
    id = fields.Integer()
    business_key = fields.String(allow_none=True, metadata={"description": "the case's registration number"})
    process_id = fields.String()
    version = fields.Integer(metadata={"description": "the version the case is on now"})
    element_id = fields.String(allow_none=True)
    element_name = fields.String(allow_none=True, metadata={"description": "the diagram element that failed"})
    error = fields.String()
    action = fields.String(metadata={"description": "what was being done: start, complete_task, fire_timers, "
                                                    "send_message"})
    attempts = fields.Integer()
    status = fields.String(metadata={"description": "open or resolved"})
    occurred_at = fields.DateTime()
    last_attempt_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)


class IncidentListOut(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(IncidentOut))
