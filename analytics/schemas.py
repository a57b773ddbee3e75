"""Marshmallow schemas of the dashboard pages' query strings."""
from marshmallow import EXCLUDE, Schema, fields, validate

STATES = ("pending", "overdue", "escalated", "redressed")


class OverviewArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    department = fields.String(validate=validate.Length(max=20), metadata={"description": "department code"})


class CaseListArgs(OverviewArgs):
    district = fields.String(validate=validate.Length(max=20), metadata={"description": "district code"})
    state = fields.String(validate=validate.OneOf(STATES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
