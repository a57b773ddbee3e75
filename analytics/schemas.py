"""Marshmallow schemas of the dashboard pages' query strings."""
from marshmallow import EXCLUDE, Schema, fields, validate

from mis.rules import AGE_KEYS

STATES = ("pending", "overdue", "escalated", "redressed", "at_risk")
SORTS = ("name", "received", "pending", "overdue", "escalated", "redressed", "compliance")


class OverviewArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    department = fields.String(validate=validate.Length(max=20), metadata={"description": "department code"})


class DashboardArgs(OverviewArgs):
    sort = fields.String(load_default="overdue", validate=validate.OneOf(SORTS),
                         metadata={"description": "the column the rows are ordered by (the most first; names A-Z)"})


class CaseListArgs(OverviewArgs):
    district = fields.String(validate=validate.Length(max=20), metadata={"description": "district code"})
    police_district = fields.String(validate=validate.Length(max=20),
                                    metadata={"description": "police district code (with the police department)"})
    state = fields.String(validate=validate.OneOf(STATES))
    age = fields.String(validate=validate.OneOf(AGE_KEYS),
                        metadata={"description": "pending grievances of one age bucket (days since lodging)"})
    office = fields.String(validate=validate.Length(max=40),
                           metadata={"description": "office code: that office's grievances (the MIS's office rows)"})
    holder = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "with office: the grievances whose open task at that office this officer (user id) holds"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
