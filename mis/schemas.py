"""Marshmallow schema of the MIS page's query string."""
from marshmallow import EXCLUDE, Schema, fields, validate

from analytics.schemas import OverviewArgs
from mis.queries import SORTS


class ReportArgs(OverviewArgs):
    district = fields.String(validate=validate.Length(max=20), metadata={"description": "district code"})
    first = fields.Date(data_key="from", metadata={"description": "first day of the period (India), YYYY-MM-DD"})
    last = fields.Date(data_key="to", metadata={"description": "last day of the period (India), YYYY-MM-DD"})
    sort = fields.String(load_default="pending", validate=validate.OneOf(SORTS))


class OfficersArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    office = fields.String(required=True, validate=validate.Length(min=1, max=40),
                           metadata={"description": "office code"})
    first = fields.Date(data_key="from", metadata={"description": "first day of the period (India), YYYY-MM-DD"})
    last = fields.Date(data_key="to", metadata={"description": "last day of the period (India), YYYY-MM-DD"})
