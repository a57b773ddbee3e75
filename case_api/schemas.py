"""Marshmallow schemas of the grievance endpoints."""
from marshmallow import Schema, fields, validate

from case_api.models import CaseStatus


class GrievanceOut(Schema):
    reg_no = fields.String(metadata={"example": "CMO/2026/000123"})
    status = fields.String()
    channel = fields.String()
    complainant_name = fields.String()
    mobile = fields.String(allow_none=True, metadata={"description": "masked unless the caller's role needs it; "
                                                                     "null for a partner's e-mail-only case"})
    email = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    district = fields.String()
    subdivision = fields.String(allow_none=True)
    block = fields.String(allow_none=True, metadata={"description": "community development block, if given"})
    category = fields.String()
    description = fields.String()
    is_emergency = fields.Boolean()
    language = fields.String()
    priority = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    office = fields.String(allow_none=True)
    office_name = fields.String(allow_none=True)
    sla_due_at = fields.DateTime(allow_none=True, metadata={"description": "ATR deadline"})
    remind_at = fields.DateTime(allow_none=True)
    sla = fields.String(allow_none=True, metadata={"description": "green, amber (reminder point passed), red "
                                                                  "(overdue); null when closed or not yet timed"})
    is_escalated = fields.Boolean()
    escalation_level = fields.String(allow_none=True)
    send_back_count = fields.Integer()
    duplicate_of = fields.String(allow_none=True, metadata={"description": "an earlier grievance of the same "
                                                                           "complainant this one likely repeats"})
    lodged_at = fields.DateTime()
    updated_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    feedback_rating = fields.Integer(allow_none=True)
    is_satisfied = fields.Boolean(allow_none=True)
    appeal_count = fields.Integer()


class FeedbackIn(Schema):
    is_satisfied = fields.Boolean(required=True)
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5),
                            metadata={"description": "1 (poor) to 5 (excellent)"})
    comment = fields.String(validate=validate.Length(max=2000))
    on_behalf_of_complainant = fields.Boolean(load_default=False, metadata={
        "description": "an operator or the CMO cell recording what the complainant said (required for them; "
                       "the history records it as given on the complainant's behalf)"})


class FeedbackOut(Schema):
    reg_no = fields.String()
    status = fields.String()
    is_satisfied = fields.Boolean()
    rating = fields.Integer()
    appeal_opened = fields.Boolean()
    appeal_due_at = fields.DateTime(allow_none=True, metadata={"description": "when the appeal must be decided"})


class PublicStatusOut(Schema):
    reg_no = fields.String()
    status = fields.String()
    lodged_at = fields.DateTime()
    department = fields.String(allow_none=True)
    office_name = fields.String(allow_none=True)
    sla_due_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)


class SearchArgs(Schema):
    name = fields.String(validate=validate.Length(min=2, max=100))
    mobile = fields.String(validate=validate.Length(min=10, max=20))
    lodged_on = fields.Date(metadata={"description": "calendar day in India Standard Time"})
    status = fields.String(validate=validate.OneOf([s.value for s in CaseStatus]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class GrievancePage(Schema):
    items = fields.List(fields.Nested(GrievanceOut))
    total = fields.Integer(metadata={"description": "how many match, counted up to 1,000"})
    total_capped = fields.Boolean(metadata={"description": "true when more than `total` match: narrow the search"})
    page = fields.Integer()
    page_size = fields.Integer()


class CaseEventOut(Schema):
    seq = fields.Integer()
    event_type = fields.String()
    at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_role = fields.String()
    actor_name = fields.String()
    task_id = fields.String(allow_none=True)
    element_id = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    data = fields.Raw()
    prev_hash = fields.String()
    hash = fields.String()


class ChainOut(Schema):
    ok = fields.Boolean()
    events = fields.Integer()
    first_bad_seq = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)


class HistoryOut(Schema):
    reg_no = fields.String()
    chain = fields.Nested(ChainOut)
    events = fields.List(fields.Nested(CaseEventOut))
