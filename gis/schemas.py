"""Marshmallow schema of the map page's query string."""
from marshmallow import fields, validate

from analytics.schemas import OverviewArgs
from gis.rules import MEASURES


class MapArgs(OverviewArgs):
    measure = fields.String(load_default="pending", validate=validate.OneOf(MEASURES))
    category = fields.String(validate=validate.Length(max=40), metadata={"description": "category code"})
    first = fields.Date(data_key="from", metadata={"description": "first day of the period (India), YYYY-MM-DD"})
    last = fields.Date(data_key="to", metadata={"description": "last day of the period (India), YYYY-MM-DD"})
