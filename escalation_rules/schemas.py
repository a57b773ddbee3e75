"""Validation of an SLA policy document (what process owners send and what the seed file holds)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

PRIORITIES = ("normal", "urgent", "emergency")


class SpanSchema(Schema):
    working_days = fields.Integer(validate=validate.Range(min=0, max=90))
    hours = fields.Float(validate=validate.Range(min=0, max=24 * 90))
    minutes = fields.Float(validate=validate.Range(min=0, max=24 * 60))


class LevelSchema(Schema):
    deadline = fields.Nested(SpanSchema, required=True)
    remind_before = fields.Nested(SpanSchema, load_default=dict)

    @validates_schema
    def _positive(self, data, **_kwargs):
        d = data["deadline"]
        if not (d.get("working_days") or d.get("hours") or d.get("minutes")):
            raise ValidationError("a deadline must be longer than zero", "deadline")


class DatedSchema(Schema):
    date = fields.Date(required=True)
    reason = fields.String(validate=validate.Length(max=200))


class DepartmentCalendarSchema(Schema):
    every_day_working = fields.Boolean(load_default=False)
    extra_holidays = fields.List(fields.Nested(DatedSchema), load_default=list)


class CalendarSchema(Schema):
    saturdays_off = fields.List(fields.Integer(validate=validate.Range(min=1, max=5)), load_default=lambda: [2, 4])
    extra_holidays = fields.List(fields.Nested(DatedSchema), load_default=list)
    working_days = fields.List(fields.Nested(DatedSchema), load_default=list)
    departments = fields.Dict(keys=fields.String(), values=fields.Nested(DepartmentCalendarSchema), load_default=dict)


class StepSchema(Schema):
    after = fields.Nested(SpanSchema, required=True)


class LadderSchema(Schema):
    """The levels the diagram escalates through, in order; each delay counts from the level before."""

    head_of_department = fields.Nested(StepSchema, required=True)
    secretary = fields.Nested(StepSchema, required=True)
    cmo_cell = fields.Nested(StepSchema, required=True)


class PolicySchema(Schema):
    calendar = fields.Nested(CalendarSchema, load_default=dict)
    priorities = fields.Dict(keys=fields.String(validate=validate.OneOf(PRIORITIES)),
                             values=fields.Nested(LevelSchema), required=True)
    ladder = fields.Nested(LadderSchema, required=True)
    clarification_wait = fields.Nested(SpanSchema, load_default=lambda: {"working_days": 10},
                                       metadata={"description": "how long to wait for a complainant's reply"})
    appeal_decision = fields.Nested(SpanSchema, load_default=lambda: {"hours": 720},
                                    metadata={"description": "time the appellate authority has to decide an appeal"})
    categories = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=40)),
                             values=fields.Dict(keys=fields.String(validate=validate.OneOf(PRIORITIES)),
                                                values=fields.Nested(LevelSchema)), load_default=dict)

    @validates_schema
    def _every_priority(self, data, **_kwargs):
        missing = set(PRIORITIES) - set(data.get("priorities", {}))
        if missing:
            raise ValidationError(f"a service level is needed for {', '.join(sorted(missing))}", "priorities")
