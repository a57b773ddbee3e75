"""Marshmallow schema of the trends page's query string."""
from marshmallow import fields, validate

from analytics.schemas import OverviewArgs
from trends.queries import GROUPS, MEASURES
from trends.rules import UNITS


class TrendArgs(OverviewArgs):
    unit = fields.String(load_default="week", validate=validate.OneOf(UNITS))
    group = fields.String(load_default="department", validate=validate.OneOf(GROUPS))
    measure = fields.String(load_default="received", validate=validate.OneOf(MEASURES))
