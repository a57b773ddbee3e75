"""Query arguments of the event-log export."""
from __future__ import annotations

from datetime import timedelta

from marshmallow import Schema, fields, post_load, validate

from core import clock
from event_log.formats import MEDIA_TYPES


class EventLogArgs(Schema):
    first = fields.Date(data_key="from", metadata={
        "description": "cases lodged from this day (India), YYYY-MM-DD; default 30 days before `to`"})
    last = fields.Date(data_key="to", metadata={"description": "cases lodged up to this day, default today"})
    department = fields.String(validate=validate.Length(max=20), metadata={"description": "department code"})
    format = fields.String(load_default="xes", validate=validate.OneOf(sorted(MEDIA_TYPES)), metadata={
        "description": "xes (IEEE 1849, read by pm4py, ProM, Disco, Celonis) or csv"})

    @post_load
    def _defaults(self, data: dict, **_kwargs) -> dict:
        from case_counts.rules import IST

        data.setdefault("last", clock.now().astimezone(IST).date())
        data.setdefault("first", data["last"] - timedelta(days=30))
        return data
